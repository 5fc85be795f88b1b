/** Forecast metrics (AUC, Brier, log loss, accuracy, calibration error, steps error), their bootstrap intervals and the seed-noise ceiling. */
package io.learncast.eval.metrics;
