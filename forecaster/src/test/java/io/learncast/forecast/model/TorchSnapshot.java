package io.learncast.forecast.model;

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
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The PyTorch snapshot kept in the repository ({@code bench/torch-corpus/torch-mlp-v1.runs.jsonl.gz}, 836 runs,
 * p ∈ {23, 31, 47, 61, 97}), imported into a fresh H2 store as a user would with {@code corpus import}.
 */
final class TorchSnapshot {
    private TorchSnapshot() {}

    static final Path FILE = Path.of("..", "bench", "torch-corpus", "torch-mlp-v1.runs.jsonl.gz");
    /** The same space's runs trained after the snapshot (629), which completed it. */
    static final Path MORE = Path.of("..", "bench", "torch-corpus", "torch-mlp-v1.more.runs.jsonl.gz");

    static List<RunRecord> load(Path dir) throws Exception { return load(dir, FILE); }

    /** One corpus file imported into a fresh store under {@code dir} (one file per directory). */
    static List<RunRecord> load(Path dir, Path file) throws Exception {
        Path jsonl = dir.resolve("torch-corpus.jsonl");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            Files.copy(in, jsonl);
        }
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("db").toString(), "--db"))) {
            new CorpusImporter(s.queue()).run(CorpusImporter.Options.of(jsonl), n -> { }, () -> false);
            return s.catalog().runs(RunFilter.done()).stream().map(FeatureTable::record).toList();
        }
    }

    /** The quick fit the model tests use (as {@link Fixtures}, with 4 folds and 30 draws), on {@code runs}. */
    static FittedForecaster fit(List<RunRecord> runs) {
        return ForecasterFitter.fit(FeatureTable.fromRecords(runs, FeatureTable.Options.defaults()),
                ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withFolds(4).withRounds(60, 150).withDraws(30));
    }
}
