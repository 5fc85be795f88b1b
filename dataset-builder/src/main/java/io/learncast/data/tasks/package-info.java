/** The built-in tasks: modular arithmetic, multi-digit addition, parity, sparse parity and user CSV tables. */
package io.learncast.data.tasks;
