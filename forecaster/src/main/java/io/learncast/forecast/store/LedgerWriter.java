package io.learncast.forecast.store;

import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.NewForecast;
import io.learncast.farm.store.Store;
import io.learncast.farm.train.Trainable;
import io.learncast.forecast.model.Forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Records forecasts in the prospective ledger: model id, config and group hash, the config itself
 * (seed-free identity is the group), budget, probability and interval, steps forecast, and where the
 * forecast came from ({@code context}: cli, service, grow…). The store keeps only forecasts for
 * configs none of whose runs has started, and stamps them with the database clock. A config the farm's trainers cannot
 * train ({@link Trainable}, e.g. drop_last off) is not recorded: no run of it can ever start after the forecast, so the
 * entry could never be scored.
 */
public final class LedgerWriter {
    private LedgerWriter() {}

    /** One forecast to record: the config it was made for and the forecast. */
    public record Entry(RunConfig config, Forecast forecast) {}

    /** Records one forecast; returns its ledger id, or null when the config was already (being) trained or cannot be trained here. */
    public static Long record(Store store, long modelId, RunConfig config, Forecast f, String context) {
        return record(store, modelId, List.of(new Entry(config, f)), context).get(0);
    }

    public static List<Long> record(Store store, long modelId, List<Entry> entries, String context) {
        boolean[] kept = new boolean[entries.size()];
        List<Entry> trainable = new ArrayList<>();
        for (int i = 0; i < kept.length; i++) {
            kept[i] = Trainable.refusal(List.of(entries.get(i).config())) == null; // only then can a run of it score the forecast
            if (kept[i]) trainable.add(entries.get(i));
        }
        if (trainable.size() == entries.size()) return store.ledger().record(forecasts(modelId, entries, context));
        java.util.Iterator<Long> ids = (trainable.isEmpty() ? List.<Long>of() : store.ledger().record(forecasts(modelId, trainable, context))).iterator();
        List<Long> out = new ArrayList<>();
        for (boolean k : kept) out.add(k ? ids.next() : null);
        return out;
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
