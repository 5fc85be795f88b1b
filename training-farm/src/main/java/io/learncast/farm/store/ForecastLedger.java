package io.learncast.farm.store;

import java.util.List;

/**
 * The prospective ledger: forecasts recorded before any run of their config started, chained by
 * hash, and scored against the first run of the config that starts afterwards.
 */
public interface ForecastLedger {

    /** The result of checking the hash chain. */
    record ChainCheck(boolean intact, long entries, Long firstBrokenId) {}

    /**
     * Records forecasts whose config group has no started run; returns one id per input, or null
     * where the config was already being trained or trained (such a forecast proves nothing).
     */
    List<Long> record(List<NewForecast> forecasts);

    /** Links pending entries to runs that started after them and have finished; returns how many were scored. */
    int score();

    List<LedgerEntry> entries();

    ChainCheck verify();
}
