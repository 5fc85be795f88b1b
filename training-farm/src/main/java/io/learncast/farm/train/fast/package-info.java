/**
 * The fast trainers: DL4J's maths for the farm's MLPs, in SIMD kernels over plain float arrays.
 * {@link io.learncast.farm.train.fast.FastTrainer} trains runs with the reference trainer's initial
 * weights, batch order, optimiser semantics and evaluation, and is checked against it curve for curve;
 * {@link io.learncast.farm.train.fast.FastTransformerTrainer} does the same for transformers on the same
 * kernels plus attention and LayerNorm ({@code Transformer*} classes), checked against the SameDiff reference;
 * the speed benchmark that compares it with DL4J and PyTorch side by side is {@code io.learncast.bench.speed} (the bench module).
 */
package io.learncast.farm.train.fast;
