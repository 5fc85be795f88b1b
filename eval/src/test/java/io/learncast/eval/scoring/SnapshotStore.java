package io.learncast.eval.scoring;

import io.learncast.farm.corpus.CorpusImporter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** A real H2 store holding the PyTorch snapshot ({@code bench/torch-corpus/torch-mlp-v1.runs.jsonl.gz}, 836 runs), imported as a user would. */
public final class SnapshotStore {
    private SnapshotStore() {}

    static final Path TORCH = Path.of("..", "bench", "torch-corpus", "torch-mlp-v1.runs.jsonl.gz");

    public static Store open(Path dir) throws Exception {
        Path jsonl = dir.resolve("runs.jsonl");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(TORCH))) {
            Files.copy(in, jsonl);
        }
        Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("db").toString(), "--db"));
        new CorpusImporter(s.queue()).run(CorpusImporter.Options.of(jsonl), n -> { }, () -> false);
        return s;
    }
}
