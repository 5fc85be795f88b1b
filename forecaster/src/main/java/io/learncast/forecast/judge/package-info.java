/**
 * The judge (issue 19): has a network already learned its property, or will it within Δ steps — from its
 * weights and training-set metrics only, never from held-out data. Features ({@link
 * io.learncast.forecast.judge.JudgeFeatures}) come from the weight measures the fast trainer stores with
 * every curve point; the model is Smile gradient-boosted trees scored with grouped cross-validation
 * beside baselines ({@link io.learncast.forecast.judge.JudgeFitter}); networks trained elsewhere come in
 * as NumPy .npz files ({@link io.learncast.forecast.judge.NpzReader}).
 */
package io.learncast.forecast.judge;
