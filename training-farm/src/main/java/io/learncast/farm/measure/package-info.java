/**
 * Weight measures: numbers computed from a network's weight matrices at an evaluation (norms, spectral
 * norm, stable rank, Fourier concentration over a token group), for any architecture that can list its
 * matrices as {@link io.learncast.farm.measure.Matrix} views, and the {@link io.learncast.farm.measure.LogitProbe}
 * of training rows' restricted / excluded logits (Nanda et al. 2023) that the trainer feeds during its
 * evaluation pass. Pure Java (the Vector API when the JVM has it): the fast trainer, the judge and the NPZ
 * reader of networks trained elsewhere all use it.
 */
package io.learncast.farm.measure;
