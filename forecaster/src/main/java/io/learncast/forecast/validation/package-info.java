/**
 * Honest validation: grouped k-fold splits (all seeds and budgets of a config on one side), out-of-fold
 * predictions, and the probability metrics (Brier, log loss, AUC, accuracy, calibration error).
 */
package io.learncast.forecast.validation;
