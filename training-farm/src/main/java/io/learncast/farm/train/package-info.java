/**
 * Trainers. {@link io.learncast.farm.train.Dl4jTrainer} is the reference: a DL4J
 * {@code MultiLayerNetwork} trained step by step. The pieces every trainer shares (initial weights,
 * batch order, evaluation, stopping rules) are plain Java here, so faster trainers can be checked
 * against the reference curve for curve.
 */
package io.learncast.farm.train;
