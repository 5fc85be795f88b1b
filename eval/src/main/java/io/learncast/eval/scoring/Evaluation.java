package io.learncast.eval.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.CodeVersion;
import io.learncast.common.UserError;
import io.learncast.eval.split.Split;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.store.ForecasterRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One {@code learncast eval}: every split scored on the store's finished runs, the prospective ledger,
 * and provenance (code version, store, active model, time, corpus hash).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evaluation(@JsonProperty("provenance") Provenance provenance,
                         @JsonProperty("splits") List<SplitScore> splits,
                         @JsonProperty("ledger") LedgerScore ledger) {

    /** Where the scores come from. {@code activeModel} is the registered forecaster, if any (eval refits per fold; it is shown for reference). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provenance(@JsonProperty("code_version") String codeVersion,
                             @JsonProperty("store") String store,
                             @JsonProperty("active_model") Long activeModel,
                             @JsonProperty("created") String created,
                             @JsonProperty("corpus_runs") int corpusRuns,
                             @JsonProperty("corpus_hash") String corpusHash,
                             @JsonProperty("search") String search,
                             @JsonProperty("seed") long seed,
                             @JsonProperty("bootstrap_resamples") int resamples) {}

    /** Results already computed in this process, by store, corpus, split and options (the report's sections share one k-fold). */
    private static final Map<String, SplitScore> CACHE = new ConcurrentHashMap<>();

    /** The store's finished runs; a user error when there are none. */
    public static List<StoredRun> finishedRuns(Store store) {
        List<StoredRun> runs = store.catalog().runs(RunFilter.done());
        if (runs.isEmpty()) {
            throw new UserError("eval", "the store " + store.location() + " has no finished runs",
                    "train some first: `learncast quickstart`, or `learncast farm enqueue grids/…` then `learncast farm run`");
        }
        return runs;
    }

    public static Evaluation run(Store store, List<Split> splits, Evaluator.Options options, Instant now, Consumer<String> progress) {
        List<StoredRun> runs = finishedRuns(store);
        String hash = FeatureTable.from(runs).corpusHash();
        Long model = ForecasterRegistry.list(store).isEmpty() ? null : store.models().active(ForecasterRegistry.KIND).map(r -> r.id()).orElse(null);
        Provenance prov = new Provenance(CodeVersion.get(), store.location().toString(), model, now.toString(), runs.size(), hash,
                options.search().name().toLowerCase(java.util.Locale.ROOT), options.seed(), options.resamples());
        Evaluator ev = new Evaluator(options);
        List<SplitScore> out = new ArrayList<>();
        for (Split s : splits) {
            progress.accept("split " + s.text() + ":");
            out.add(cached(store, hash, s, options, () -> ev.score(runs, s, line -> progress.accept("  " + line))));
        }
        return new Evaluation(prov, out, ev.ledger(store.ledger()));
    }

    /** One split's score, computed once per store, corpus, split and options in this process. */
    public static SplitScore cached(Store store, String corpusHash, Split split, Evaluator.Options options, java.util.function.Supplier<SplitScore> compute) {
        String key = store.location().jdbcUrl() + "|" + corpusHash + "|" + split.text() + "|" + options;
        SplitScore hit = CACHE.get(key);
        if (hit != null) return hit;
        SplitScore s = compute.get();
        CACHE.put(key, s);
        return s;
    }
}
