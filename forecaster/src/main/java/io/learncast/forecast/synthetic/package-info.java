/**
 * Synthetic corpora whose steps-to-learn is a known function of the knobs: for tests that the
 * forecaster recovers a known boundary, and for benchmarks at sizes the real farm has not reached.
 */
package io.learncast.forecast.synthetic;
