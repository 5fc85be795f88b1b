/** Classes that break a module boundary on purpose, for ArchitectureTest (test sources only). */
package io.learncast.eval.archfixture;
