/**
 * How runs are divided into what a forecaster may fit on and what it is scored on. Every split keeps
 * a config group (its seeds and budgets) on one side; extrapolation splits test on a region the
 * training side never saw.
 */
package io.learncast.eval.split;
