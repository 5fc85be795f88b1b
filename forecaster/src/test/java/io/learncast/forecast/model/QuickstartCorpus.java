package io.learncast.forecast.model;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.corpus.CorpusImporter;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The quickstart's real corpus (268 runs of {@code learncast quickstart}, exported with {@code corpus export}) and a
 * forecaster fitted on it, with the queries {@link QuickstartTemperingTest} asks. {@link #main} records the forecasts
 * the code gives, so a change can be checked against the code before it ({@value #BEFORE}).
 */
final class QuickstartCorpus {
    private QuickstartCorpus() {}

    static final String CORPUS = "/corpora/quickstart-268.runs.jsonl.gz";
    static final String BEFORE = "/corpora/quickstart-forecasts-before.json";
    static List<RunRecord> runs;

    /** Imports the corpus into a store in {@code dir} and fits the quick search on it (deterministic). */
    static FittedForecaster fit(Path dir) throws Exception {
        load(dir);
        return ForecasterFitter.fit(FeatureTable.fromRecords(runs, FeatureTable.Options.defaults()),
                ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK));
    }

    /** Imports the corpus into a store in {@code dir} and returns its finished runs (also kept in {@link #runs}). */
    static List<RunRecord> load(Path dir) throws Exception {
        Path jsonl = dir.resolve("quickstart.jsonl");
        try (InputStream in = new GZIPInputStream(QuickstartCorpus.class.getResourceAsStream(CORPUS))) {
            Files.copy(in, jsonl);
        }
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("db").toString(), "--db"))) {
            new CorpusImporter(s.queue()).run(CorpusImporter.Options.of(jsonl), n -> { }, () -> false);
            runs = s.catalog().runs(RunFilter.done()).stream().map(FeatureTable::record).toList();
        }
        if (runs.size() != 268) throw new AssertionError("the quickstart's 268 runs, not " + runs.size());
        return runs;
    }

    /** A trained modular-addition config: width 128, train fraction 0.7, wd 1 (none of its runs learned within 4,000 steps). */
    static RunConfig trained() {
        return runs.stream().map(RunRecord::config)
                .filter(c -> c.task().equals("modadd:p=23") && c.width() == 128 && c.trainFrac() == 0.7 && c.wd() == 1 && c.steps() == 4000)
                .findFirst().orElseThrow();
    }

    /** The new user's query: the trained config at lr 0.001 and batch 512 (a full batch: p = 23 has at most 476 training pairs). */
    static RunConfig lrQuery() {
        RunConfig c = trained();
        return c.with(new OptimConfig(Optimizer.ADAMW, 0.001, c.wd(), 512));
    }

    /** Queries inside the corpus: trained configs of both tasks, and points between the grids' values. */
    static Map<String, RunConfig> inside() {
        Map<String, RunConfig> out = new LinkedHashMap<>();
        int i = 0;
        for (RunRecord r : runs) {
            if (i++ % 13 == 0) out.putIfAbsent("trained " + r.config().describeGroup(), r.config());
        }
        RunConfig m = trained();
        out.put("between: width 192, frac 0.9, wd 0.3", m.with(ModelConfig.mlp(1, 192, Activation.RELU, 1)).with(new DataSpec(0.9, null, null, 0))
                .with(new OptimConfig(Optimizer.ADAMW, 0.003, 0.3, 0)));
        out.put("between: width 96, frac 0.75, wd 2", m.with(ModelConfig.mlp(1, 96, Activation.RELU, 1)).with(new DataSpec(0.75, null, null, 0))
                .with(new OptimConfig(Optimizer.ADAMW, 0.003, 2, 0)));
        RunConfig parity = runs.stream().map(RunRecord::config).filter(c -> c.task().startsWith("sparse-parity")).findFirst().orElseThrow();
        out.put("between: parity n 300, lr 0.5, width 24", parity.with(ModelConfig.mlp(1, 24, Activation.RELU, 1))
                .with(new DataSpec(null, 300, parity.data().testSize(), 0)).with(new OptimConfig(Optimizer.SGD, 0.5, 0, 32)));
        return out;
    }

    /** Writes the forecasts the current code gives (run on the code before the change to record {@value #BEFORE}). */
    public static void main(String[] args) throws Exception {
        FittedForecaster f = fit(Files.createTempDirectory("qs-record"));
        Map<String, Forecast> out = new LinkedHashMap<>();
        inside().forEach((name, c) -> out.put(name, f.predict(c, c.steps())));
        out.put("lr 0.001, batch 512", f.predict(lrQuery(), lrQuery().steps()));
        Files.writeString(Path.of(args[0]), ConfigJson.write(out));
        System.out.println("wrote " + out.size() + " forecasts to " + args[0]);
    }
}
