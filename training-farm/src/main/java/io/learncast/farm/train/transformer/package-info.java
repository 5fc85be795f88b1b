/**
 * The transformer family: {@link io.learncast.farm.train.transformer.TransformerShape} (layers, d_model,
 * heads, d_mlp, LayerNorm; validated with errors naming the knob), how each token task becomes a sequence
 * ({@link io.learncast.data.SequenceFormat}), the model's maths and parameters in one
 * canonical order with their seeded initial values ({@link io.learncast.farm.train.transformer.TransformerModel},
 * {@link io.learncast.farm.train.transformer.TransformerParams}), and the reference trainer in ND4J SameDiff
 * ({@link io.learncast.farm.train.transformer.SameDiffTransformerTrainer}) that the fast trainer
 * ({@link io.learncast.farm.train.fast.FastTransformerTrainer}) is checked against curve for curve.
 */
package io.learncast.farm.train.transformer;
