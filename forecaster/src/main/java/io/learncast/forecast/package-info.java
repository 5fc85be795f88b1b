/**
 * The forecaster: from a config's size, hyperparameters, data and compute, the probability that it
 * learns its property within a step budget, the steps it will take, how sure we are, and why.
 *
 * <p>Everything here is a pure function over rows ({@link io.learncast.forecast.features.FeatureTable})
 * except {@code store}, which saves artifacts in the model registry and writes the ledger. Eval, grow
 * and the early verdict reuse the fitter, the grouped folds and the metrics on any split they like.
 */
package io.learncast.forecast;
