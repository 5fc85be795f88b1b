package io.learncast.eval.report;

import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.store.ForecasterRegistry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What every report section may read: the store, its finished runs (loaded once), the active
 * forecaster if one was fitted, the seed for anything random (bootstrap, examples), and the time the
 * report was started (one timestamp for its provenance).
 */
public record ReportContext(Store store, List<StoredRun> finishedRuns, Optional<ForecasterRegistry.Loaded> forecaster,
                            long seed, Instant startedAt) {}
