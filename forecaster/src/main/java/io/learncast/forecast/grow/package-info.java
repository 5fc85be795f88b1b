/**
 * Growing the corpus where it teaches the forecaster most (active learning): {@link
 * io.learncast.forecast.grow.Proposer} picks configs from a search space that the current forecaster
 * is least sure about, kept diverse; {@link io.learncast.forecast.grow.GrowCampaign} runs rounds of
 * propose → record forecasts → enqueue → train → refit, resumably. The benchmark comparing uncertainty with
 * random sampling on a fixed pool is {@code io.learncast.bench.grow.GrowBench} (the bench module).
 */
package io.learncast.forecast.grow;
