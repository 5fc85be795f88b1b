package io.learncast.forecast.judge;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.Seeds;
import io.learncast.farm.config.knob.Knob;
import io.learncast.forecast.validation.Metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Cross-architecture score: the judge fitted on every checkpoint of one architecture's runs (MLP or
 * transformer) and scored on every checkpoint of the other's — no run, config or architecture is on both
 * sides, so this is the hardest held-out split the corpus allows. Registers nothing; {@code judge fit
 * --transfer} prints it. The lead's threshold is chosen on the scored side's own predictions, as in the
 * grouped cross-validation.
 */
public final class JudgeTransfer {
    private JudgeTransfer() {}

    /** One direction: fitted on {@code fittedOn}, scored on {@code scoredOn}. NaN where the scored side has one class only. */
    public record Score(@JsonProperty("fitted_on") String fittedOn, @JsonProperty("scored_on") String scoredOn,
                        @JsonProperty("fit_rows") int fitRows, @JsonProperty("rows") int rows, @JsonProperty("positives") int positives,
                        @JsonProperty("auc_now") double aucNow, @JsonProperty("brier_now") double brierNow,
                        @JsonProperty("auc_now_weights_only") double aucNowWeights,
                        @JsonProperty("auc_within") double aucWithin,
                        @JsonProperty("grokking_runs") int grokkingRuns, @JsonProperty("memorisers") int memorisers,
                        @JsonProperty("threshold") double threshold, @JsonProperty("false_alarms") int falseAlarms,
                        @JsonProperty("median_lead") double medianLead) {}

    /** Both directions (MLP → transformer, transformer → MLP); a direction whose either side has no rows is left out. */
    public static List<Score> score(JudgeRows rows, JudgeFitter.Options o) {
        List<Score> out = new ArrayList<>();
        for (Knob.Arch from : List.of(Knob.Arch.MLP, Knob.Arch.TRANSFORMER)) {
            Knob.Arch to = from == Knob.Arch.MLP ? Knob.Arch.TRANSFORMER : Knob.Arch.MLP;
            JudgeRows a = rows.only(from);
            JudgeRows b = rows.only(to);
            if (a.rows().isEmpty() || b.rows().isEmpty()) continue;
            out.add(score(a, b, from.key(), to.key(), o));
        }
        return out;
    }

    static Score score(JudgeRows fit, JudgeRows test, String from, String to, JudgeFitter.Options o) {
        int[] all = IntStream.range(0, fit.rows().size()).toArray();
        JudgeModel full = JudgeModel.fit(fit, all, JudgeFeatures.Set.FULL, o.params(), o.seed(), true);
        JudgeModel weights = JudgeModel.fit(fit, all, JudgeFeatures.Set.WEIGHTS, o.params(), Seeds.derive(o.seed(), 7));
        int n = test.rows().size();
        double[] pn = new double[n];
        double[] pw = new double[n];
        double[] pnW = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            JudgeRows.Row r = test.rows().get(i);
            pn[i] = full.pNow(r.x());
            pw[i] = full.pWithin(r.x());
            pnW[i] = weights.pNow(r.x());
            y[i] = r.now();
        }
        int[] keep = IntStream.range(0, n).filter(i -> test.rows().get(i).within() >= 0).toArray();
        Metrics now = Metrics.of(pn, y);
        Metrics nowW = Metrics.of(pnW, y);
        Metrics within = Metrics.of(Arrays.stream(keep).mapToDouble(i -> pw[i]).toArray(), Arrays.stream(keep).map(i -> test.rows().get(i).within()).toArray());
        JudgeReport.Lead lead = JudgeLead.of(test, pw, pn);
        return new Score(from, to, fit.rows().size(), n, Arrays.stream(y).sum(), now.auc(), now.brier(), nowW.auc(), within.auc(),
                lead.grokkingRuns(), lead.memorisers(), lead.threshold(), lead.falseAlarms(), lead.medianLead());
    }
}
