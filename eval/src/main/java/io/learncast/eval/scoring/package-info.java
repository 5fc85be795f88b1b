/**
 * Scoring forecasts honestly: for each split, the forecaster (refitted on the fit side of every fold)
 * against the majority-class and log-compute baselines and a plain GBT, with group-bootstrap
 * intervals, the seed-noise ceiling, and the prospective ledger. Behind {@code learncast eval} and the
 * report's metrics and calibration sections.
 */
package io.learncast.eval.scoring;
