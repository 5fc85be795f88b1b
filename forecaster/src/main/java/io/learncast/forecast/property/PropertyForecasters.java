package io.learncast.forecast.property;

import io.learncast.common.Hashing;
import io.learncast.data.property.CurveProperty;
import io.learncast.farm.store.NewModel;
import io.learncast.farm.store.Store;
import io.learncast.forecast.artifact.Artifacts;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.ForecasterRegistry;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * One forecaster per property: fitted on the corpus labelled for it and registered under a kind of
 * its own ({@code forecaster:} + 12 hex digits of the property's key), with the property in its
 * provenance (the fit report's corpus source). The default forecaster (the property runs were trained
 * for) keeps its kind, so a property's model never answers for another property.
 */
public final class PropertyForecasters {
    private PropertyForecasters() {}

    /** The registry kind of a property's forecasters (fits the registry's 40 characters). */
    public static String kind(CurveProperty p) {
        return ForecasterRegistry.KIND + ":" + Hashing.sha256Hex(p.key()).substring(0, 12);
    }

    /** The feature table of a labelled corpus: censored rows dropped, extra budgets on request. */
    public static FeatureTable table(PropertyLabels labels, boolean extraBudgets) {
        return FeatureTable.fromRecords(labels.records(), new FeatureTable.Options(extraBudgets));
    }

    /** Fits a forecaster for the labelled corpus's property; the property is recorded in the report's corpus source. */
    public static FittedForecaster fit(PropertyLabels labels, FeatureTable table, ForecasterFitter.Options options, String source, Consumer<String> progress) {
        ForecasterFitter.Options o = options.withSource((source == null ? "" : source + " · ") + "property " + labels.property().key());
        if (!labels.property().monotone()) o = o.withCandidates(rowCandidates());
        return ForecasterFitter.fit(table, o, progress);
    }

    /**
     * The candidates for a property that can flip back as the budget grows (memorisation): the row
     * models only — the structured model assumes a label that, once reached, stays.
     */
    public static java.util.List<io.learncast.forecast.model.Candidate> rowCandidates() {
        return ForecasterFitter.candidates(ForecasterFitter.Search.STANDARD).stream()
                .filter(c -> !(c instanceof io.learncast.forecast.model.Candidate.Cure) && !(c instanceof io.learncast.forecast.model.Candidate.CureTrees))
                .toList();
    }

    /** Registers {@code f} as the active forecaster of {@code p}; returns its model id. */
    public static long save(Store store, CurveProperty p, FittedForecaster f) {
        byte[] artifact = Artifacts.write(f);
        String summary = io.learncast.farm.config.ConfigJson.write(f.report());
        return store.models().register(new NewModel(kind(p), f.report().codeVersion(), Artifacts.FORMAT_VERSION, f.report().corpusRuns(),
                f.report().corpusRows(), f.report().corpusHash(), summary, artifact), true);
    }

    /** The active forecaster registered for {@code p}, if any. */
    public static Optional<ForecasterRegistry.Loaded> active(Store store, CurveProperty p) {
        return store.models().active(kind(p)).map(r -> ForecasterRegistry.load(store, r.id()));
    }
}
