/**
 * A run's final weights kept for later ({@code farm run --keep-weights}): the arrays a trainer hands over
 * ({@link io.learncast.farm.weights.WeightArray}), written as the NumPy {@code .npz} that
 * {@code learncast judge --weights} reads ({@link io.learncast.farm.weights.NpzWriter}), and the policy that
 * decides whether a run's file is kept ({@link io.learncast.farm.weights.KeepWeights}: off by default, a size
 * limit per run). The store keeps the bytes in the same transaction as the run's result.
 */
package io.learncast.farm.weights;
