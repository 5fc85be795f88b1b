package io.learncast.app.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.store.ForecastLedger;
import io.learncast.farm.store.LedgerEntry;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.Store;
import io.learncast.forecast.model.FitReport;
import io.learncast.forecast.store.ForecasterRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The ledger page: forecasts recorded before training (the newest first), the scored ones' calibration (mean
 * forecast against observed rate per tenth of P) and Brier score, whether the hash chain is intact, and the active
 * model's scores from its fit (its grouped cross-validation: the last evaluation stored with the model).
 */
record LedgerView(@JsonProperty("entries") int entries, @JsonProperty("scored") int scored, @JsonProperty("pending") int pending,
                  @JsonProperty("chain_intact") boolean chainIntact, @JsonProperty("brier") Double brier,
                  @JsonProperty("calibration") List<CalibrationBin> calibration, @JsonProperty("recent") List<Entry> recent,
                  @JsonProperty("model") Model model) {

    static final int RECENT = 100;

    record Entry(@JsonProperty("id") long id, @JsonProperty("created") String created, @JsonProperty("context") String context,
                 @JsonProperty("task") String task, @JsonProperty("config_hash") String configHash, @JsonProperty("budget") long budget,
                 @JsonProperty("p") double p, @JsonProperty("p_low") Double pLow, @JsonProperty("p_high") Double pHigh,
                 @JsonProperty("run_id") Long runId, @JsonProperty("learned") Boolean learned) {}

    record CalibrationBin(@JsonProperty("from") double from, @JsonProperty("to") double to, @JsonProperty("n") int n,
                          @JsonProperty("mean_forecast") double meanForecast, @JsonProperty("observed") double observed) {}

    record Model(@JsonProperty("id") long id, @JsonProperty("created") String created, @JsonProperty("corpus_runs") int corpusRuns,
                 @JsonProperty("report") FitReport report) {}

    static LedgerView of(Store s) {
        List<LedgerEntry> all = s.ledger().entries();
        ForecastLedger.ChainCheck chain = s.ledger().verify();
        int[] n = new int[10];
        double[] sumP = new double[10];
        int[] yes = new int[10];
        int scored = 0;
        double brier = 0;
        for (LedgerEntry e : all) {
            if (e.outcomeLearned() == null) continue;
            scored++;
            int b = Math.min(9, (int) Math.floor(e.probability() * 10));
            n[b]++;
            sumP[b] += e.probability();
            if (e.outcomeLearned()) yes[b]++;
            double y = e.outcomeLearned() ? 1 : 0;
            brier += (e.probability() - y) * (e.probability() - y);
        }
        List<CalibrationBin> bins = new ArrayList<>();
        for (int b = 0; b < 10; b++) if (n[b] > 0) bins.add(new CalibrationBin(b / 10.0, (b + 1) / 10.0, n[b], sumP[b] / n[b], yes[b] / (double) n[b]));
        List<Entry> recent = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && recent.size() < RECENT; i--) {
            LedgerEntry e = all.get(i);
            recent.add(new Entry(e.id(), e.createdAt().toString(), e.context(), task(e.configJson()), e.configHash(), e.budget(), e.probability(),
                    e.pLow(), e.pHigh(), e.runId(), e.outcomeLearned()));
        }
        Model model = ForecasterRegistry.active(s).map(m -> {
            ModelRecord r = m.record();
            return new Model(r.id(), r.createdAt().toString(), r.corpusRuns(), FitReport.parse(r.summaryJson()));
        }).orElse(null);
        return new LedgerView(all.size(), scored, all.size() - scored, chain.intact(), scored == 0 ? null : brier / scored, bins, recent, model);
    }

    private static String task(String configJson) {
        try {
            return ConfigJson.config(configJson).task();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
