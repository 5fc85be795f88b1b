package io.learncast.forecast.property;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.Seeds;
import io.learncast.data.property.CurveProperty;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.Store;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.ForecasterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The answer to {@code forecast --property P}: P's forecast for a config at a budget, from the model
 * registered for P ({@code forecast fit --property P}) or, when there is none, one fitted now on the
 * corpus labelled for P (quick search, not registered). Never another property's forecast: when the
 * corpus cannot label P the query fails with the reason ({@link PropertyLabels#require}).
 *
 * <p>{@code delayRatio}: for grokking, t_gen / t_mem with its 80 % interval ({@link DelayRatioModel}).
 * For memorisation (a label that can flip back as the budget grows) the forecast has no steps and no
 * interval: {@code p_low}/{@code p_high} equal {@code p}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PropertyForecast(@JsonProperty("property") String property,
                               @JsonProperty("description") String description,
                               @JsonProperty("census") Census census,
                               @JsonProperty("forecast") Forecast forecast,
                               @JsonProperty("model_id") Long modelId,
                               @JsonProperty("delay_ratio") DelayRatioModel.Ratio delayRatio,
                               @JsonProperty("notes") List<String> notes) {

    /** Forecasters fitted for queries (no registered one), by store, property and corpus: a service fits each once. */
    private static final java.util.Map<String, FittedForecaster> FITTED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The forecast of {@code property} for {@code config} at its step budget; errors name {@code where}. */
    public static PropertyForecast of(Store store, CurveProperty property, RunConfig config, String where) {
        PropertyLabels labels = PropertyLabels.load(store, property).require(PropertyLabels.MIN_LABELLED, where);
        List<String> notes = new ArrayList<>();
        Optional<ForecasterRegistry.Loaded> registered = PropertyForecasters.active(store, property);
        FittedForecaster f;
        Long modelId = null;
        if (registered.isPresent()) {
            f = registered.get().forecaster();
            modelId = registered.get().record().id();
            String hash = PropertyForecasters.table(labels, false).corpusHash();
            if (!hash.equals(f.report().corpusHash())) notes.add("model #" + modelId + " was fitted on an older corpus; refit with `learncast forecast fit --property '" + property.key() + "'`");
        } else {
            var table = PropertyForecasters.table(labels, true);
            String key = store.location().jdbcUrl() + "|" + property.key() + "|" + table.corpusHash();
            f = FITTED.computeIfAbsent(key, k -> PropertyForecasters.fit(labels, table,
                    ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK), store.location().toString(), line -> { }));
            notes.add("no forecaster registered for this property: fitted one now (quick search, " + labels.census().labelled()
                    + " labelled runs); register one with `learncast forecast fit --property '" + property.key() + "'`");
        }
        RunConfig c = PropertyLabels.normalise(config, property);
        Forecast fc = f.predict(c, c.steps());
        if (!property.monotone()) {
            fc = new Forecast(fc.task(), fc.config(), fc.configHash(), fc.groupHash(), fc.budget(), fc.p(), fc.p(), fc.p(), fc.p(), null, null, null,
                    fc.reference(), fc.attributions(), fc.neighbours(), fc.warnings(), fc.model());
            notes.add("memorisation can end (a memoriser may generalise later): no steps and no interval, P is at this budget only");
        }
        DelayRatioModel.Ratio ratio = null;
        if (property instanceof CurveProperty.Grokking) {
            DelayRatioModel m = DelayRatioModel.fit(labels.records(), Seeds.DEFAULT_MASTER);
            if (m != null) ratio = m.predict(PropertyLabels.normalise(Knobs.of(config), property));
            else notes.add("no delay-ratio forecast: fewer than " + DelayRatioModel.MIN_RUNS + " runs generalised within their curves");
        }
        notes.add("not recorded in the ledger (it scores the property runs are trained for)");
        return new PropertyForecast(property.key(), property.describe(), labels.census(), fc, modelId, ratio, List.copyOf(notes));
    }
}
