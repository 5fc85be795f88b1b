/**
 * The report sections of scoring and the corpus: corpus summary, metrics with baselines and ceiling,
 * phase diagrams, calibration, knob importance, example learning curves and provenance.
 */
package io.learncast.eval.report.sections;
