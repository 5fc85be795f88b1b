/** The learncast application: the command line and the query service, wiring the modules together. */
package io.learncast.app;
