package io.learncast.farm.store;

/** A forecast to record in the ledger: the config (seed-free group), the budget and the forecast numbers. */
public record NewForecast(long modelId, String configHash, String groupHash, String configJson, long budget,
                          double probability, Double pLow, Double pHigh,
                          Double stepsMedian, Double stepsLow, Double stepsHigh, String context) {}
