package io.learncast.farm.store;

import java.time.Instant;

/**
 * The store: runs and their queue, curves, datasets, models and the forecast ledger, behind one
 * interface. Open one with {@code JdbcStore.open(StoreLocation)}; it is safe for many threads.
 */
public interface Store extends AutoCloseable {

    StoreLocation location();

    /** Enqueue, claim, renew, complete: the farm's side. */
    RunQueue queue();

    /** Reading runs, curves and counts: the forecaster's, eval's and the service's side. */
    RunCatalog catalog();

    ModelRegistry models();

    ForecastLedger ledger();

    /** Rounds of grow campaigns (active learning). */
    GrowRounds growRounds();

    /** Labels of properties read off the curves, kept so each curve is labelled once per property. */
    LabelCache labels();

    /** Aggregates and sorted pages over runs (the dashboard's queries). */
    RunStats stats();

    /** The database's clock, which judges leases and orders the ledger. */
    Instant now();

    @Override
    void close();
}
