package io.learncast.forecast.store;

import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.NewForecast;
import io.learncast.farm.store.Store;
import io.learncast.forecast.model.Forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Records forecasts in the prospective ledger: model id, config and group hash, the config itself
 * (seed-free identity is the group), budget, probability and interval, steps forecast, and where the
 * forecast came from ({@code context}: cli, service, grow…). The store keeps only forecasts for
 * configs none of whose runs has started, and stamps them with the database clock.
 */
public final class LedgerWriter {
    private LedgerWriter() {}

    /** One forecast to record: the config it was made for and the forecast. */
    public record Entry(RunConfig config, Forecast forecast) {}

    /** Records one forecast; returns its ledger id, or null when the config was already (being) trained. */
    public static Long record(Store store, long modelId, RunConfig config, Forecast f, String context) {
        return record(store, modelId, List.of(new Entry(config, f)), context).get(0);
    }

    public static List<Long> record(Store store, long modelId, List<Entry> entries, String context) {
        return store.ledger().record(forecasts(modelId, entries, context));
    }

    /** The ledger rows for these forecasts (to record them in a larger transaction, e.g. a grow round's). */
    public static List<NewForecast> forecasts(long modelId, List<Entry> entries, String context) {
        List<NewForecast> batch = new ArrayList<>();
        for (Entry e : entries) {
            Forecast f = e.forecast();
            RunConfig c = e.config();
            batch.add(new NewForecast(modelId, c.configHash(), c.groupHash(), ConfigJson.write(c), f.budget(), f.p(), f.pLow(), f.pHigh(),
                    f.stepsMedian(), f.stepsLow(), f.stepsHigh(), context));
        }
        return batch;
    }
}
