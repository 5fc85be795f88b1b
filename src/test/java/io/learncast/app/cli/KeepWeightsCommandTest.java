package io.learncast.app.cli;

import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.judge.NpzReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code farm run --keep-weights} and {@code judge export-weights}: real training; the exported file is the stored one
 * and reads back through the {@code .npz} reader; misuse is one line and exit 2.
 */
class KeepWeightsCommandTest {
    static final String SPEC = """
            name: keep
            property: {task: "modadd:p=11", metric: train_acc, threshold: 0.9}
            axes:
              width: [32]
              lr: [1e-2]
              train_frac: [0.6]
              batch: [full]
              budgets: [200]
            eval_every: 50
            seeds: 2
            """;

    @Test
    void keptWeightsExportAsTheNpzTheJudgeReads(@TempDir Path dir) throws Exception {
        String db = dir.resolve("store").toString();
        Path spec = Files.writeString(dir.resolve("s.yaml"), SPEC);
        assertEquals(0, CliRunner.run("farm", "enqueue", spec.toString(), "--db", db).code());
        CliRunner.Result r = CliRunner.run("farm", "run", "--db", db, "--workers", "1", "--max-runs", "1", "--keep-weights", "--keep-weights-limit", "512KiB");
        assertEquals(0, r.code(), r.out() + r.err());
        CliRunner.Result plain = CliRunner.run("farm", "run", "--db", db, "--workers", "1");
        assertEquals(0, plain.code(), plain.out() + plain.err());
        long kept;
        long notKept;
        byte[] stored;
        try (Store s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            List<StoredRun> runs = s.catalog().runs(RunFilter.done());
            assertEquals(2, runs.size());
            List<StoredRun> with = runs.stream().filter(x -> s.catalog().keptWeights(x.id()).isPresent()).toList();
            assertEquals(1, with.size(), "only the run trained with --keep-weights keeps them");
            kept = with.get(0).id();
            notKept = runs.stream().mapToLong(StoredRun::id).filter(id -> id != kept).findFirst().orElseThrow();
            stored = s.catalog().keptWeights(kept).orElseThrow().npz();
        }
        Path out = dir.resolve("net.npz");
        CliRunner.Result ex = CliRunner.run("judge", "export-weights", String.valueOf(kept), "-o", out.toString(), "--db", db);
        assertEquals(0, ex.code(), ex.out() + ex.err());
        assertArrayEquals(stored, Files.readAllBytes(out));
        Map<String, NpzReader.Array> arrays = NpzReader.read(out, "--weights");
        assertEquals(List.of("layer0", "layer1", "bias0", "bias1"), List.copyOf(arrays.keySet()));
        assertArrayEquals(new int[] {22, 32}, arrays.get("layer0").shape(), "2 positions × 11 tokens, one-hot rows");

        CliRunner.Result none = CliRunner.run("judge", "export-weights", String.valueOf(notKept), "-o", dir.resolve("x.npz").toString(), "--db", db);
        assertEquals(2, none.code());
        assertTrue(none.err().contains("has no kept weights") && none.err().contains("--keep-weights"), none.err());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        assertFalse(Files.exists(dir.resolve("x.npz")));

        CliRunner.Result limitAlone = CliRunner.run("farm", "run", "--db", db, "--keep-weights-limit", "1MiB");
        assertEquals(2, limitAlone.code());
        assertTrue(limitAlone.err().contains("goes with --keep-weights"), limitAlone.err());
        CliRunner.Result badSize = CliRunner.run("farm", "run", "--db", db, "--keep-weights", "--keep-weights-limit", "8GB");
        assertEquals(2, badSize.code());
        assertTrue(badSize.err().contains("not a size between 1KiB and 256MiB"), badSize.err());
        CliRunner.Result stepToo = CliRunner.run("judge", String.valueOf(kept), "--from-weights", "--step", "50", "--db", db);
        assertEquals(2, stepToo.code());
        assertTrue(stepToo.err().contains("final ones"), stepToo.err());
    }

    @Test
    void aTransformersKeptWeightsExportUnderTheirCanonicalNames(@TempDir Path dir) throws Exception {
        String db = dir.resolve("store").toString();
        Path spec = Files.writeString(dir.resolve("t.yaml"), """
                name: keep-tfm
                property: {task: "modadd:p=11", metric: train_acc, threshold: 0.9}
                axes:
                  arch: [transformer]
                  layers: [1]
                  d_model: [16]
                  heads: [2]
                  lr: [1e-2]
                  train_frac: [0.6]
                  batch: [full]
                  budgets: [100]
                eval_every: 50
                seeds: 1
                """);
        assertEquals(0, CliRunner.run("farm", "enqueue", spec.toString(), "--db", db).code());
        CliRunner.Result r = CliRunner.run("farm", "run", "--db", db, "--workers", "1", "--keep-weights");
        assertEquals(0, r.code(), r.out() + r.err());
        long id;
        byte[] stored;
        try (Store s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            StoredRun run = s.catalog().runs(RunFilter.done()).get(0);
            id = run.id();
            var k = s.catalog().keptWeights(id).orElseThrow();
            assertEquals(io.learncast.farm.weights.KeptWeights.FORMAT_TRANSFORMER, k.format());
            stored = k.npz();
        }
        Path out = dir.resolve("tfm.npz");
        CliRunner.Result ex = CliRunner.run("judge", "export-weights", String.valueOf(id), "-o", out.toString(), "--db", db);
        assertEquals(0, ex.code(), ex.out() + ex.err());
        assertArrayEquals(stored, Files.readAllBytes(out));
        Map<String, NpzReader.Array> arrays = NpzReader.read(out, "--weights");
        assertEquals("embed.tokens", arrays.keySet().iterator().next());
        assertArrayEquals(new int[] {12, 16}, arrays.get("embed.tokens").shape(), "11 residues and the read-out token");
        assertArrayEquals(new int[] {16, 48}, arrays.get("0.attn.qkv.w").shape());
        assertArrayEquals(new int[] {16, 11}, arrays.get("unembed.w").shape());
        // the file is a transformer of the task: a judge's measures read it (checked before any store opens)
        CliRunner.Result wrongTask = CliRunner.run("judge", "--weights", out.toString(), "--task", "modadd:p=13", "--db", dir.resolve("none").toString());
        assertEquals(2, wrongTask.code());
        assertTrue(wrongTask.err().contains("embed.tokens has shape (12, 16) but needs 14 rows"), wrongTask.err());
        assertEquals(1, wrongTask.err().strip().lines().count(), wrongTask.err());
    }
}
