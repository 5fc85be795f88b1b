/**
 * The forecaster's side of the store: reading the corpus into a feature table, saving and loading
 * fitted forecasters through the model registry, and recording forecasts in the prospective ledger.
 */
package io.learncast.forecast.store;
