/** Honest scoring of forecasts: splits, metrics with bootstrap intervals, baselines, the seed-noise ceiling and the report. */
package io.learncast.eval;
