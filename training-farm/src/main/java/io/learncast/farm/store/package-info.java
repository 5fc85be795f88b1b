/**
 * The run store: one interface over the database that holds runs, curves, datasets, models and the
 * forecast ledger. No SQL exists outside this package and its {@code jdbc} implementation.
 */
package io.learncast.farm.store;
