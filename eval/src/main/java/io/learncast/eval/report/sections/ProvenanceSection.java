package io.learncast.eval.report.sections;

import io.learncast.common.CodeVersion;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportContext;
import io.learncast.eval.report.ReportSection;
import io.learncast.farm.store.ModelRecord;
import io.learncast.forecast.features.FeatureTable;

import java.util.ArrayList;
import java.util.List;

/** Where this report comes from: code version, store, forecaster, time, corpus size and hash. */
public final class ProvenanceSection implements ReportSection {
    @Override public String id() { return "provenance"; }

    @Override public String title() { return "Provenance"; }

    @Override
    public void write(ReportContext ctx, HtmlReport report) {
        report.section(id(), title());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("code version", CodeVersion.get()));
        rows.add(List.of("store", ctx.store().location().toString()));
        rows.add(List.of("report written", ctx.startedAt().toString()));
        rows.add(List.of("corpus", ctx.finishedRuns().size() + " finished runs, hash " + FeatureTable.from(ctx.finishedRuns()).corpusHash()));
        if (ctx.forecaster().isPresent()) {
            ModelRecord m = ctx.forecaster().get().record();
            var r = ctx.forecaster().get().forecaster().report();
            rows.add(List.of("forecaster", "model #" + m.id() + ": " + r.chosen() + ", fitted " + r.created() + " by code " + r.codeVersion()
                    + " on " + r.corpusRuns() + " runs (corpus hash " + r.corpusHash() + ")"));
            if (!r.corpusHash().equals(FeatureTable.from(ctx.finishedRuns()).corpusHash())) {
                rows.add(List.of("note", "the corpus has changed since the forecaster was fitted: run learncast forecast fit to refit it"));
            }
        } else {
            rows.add(List.of("forecaster", "none fitted"));
        }
        rows.add(List.of("seed", String.valueOf(ctx.seed())));
        report.table(List.of("what", "value"), rows);
    }
}
