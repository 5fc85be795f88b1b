/**
 * The meta-dataset: one row per (run, budget) with the config's features and the label "learned
 * within this budget", built with Tablesaw. {@link io.learncast.forecast.features.Knobs} is a config as
 * the forecaster sees it; {@link io.learncast.forecast.features.Features} turns knobs and a budget into
 * the model's feature vector, the same way for training rows and for queries.
 */
package io.learncast.forecast.features;
