package io.learncast.farm.corpus;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.TargetConfig;
import io.learncast.data.DataSpec;
import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.Claim;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Export → import into an empty store → export again is byte-identical, in both formats, with and
 * without curves, over a corpus with every awkward case: farm runs and imported runs with unknown
 * fields, learned / not learned / diverged (NaN losses, null accuracies) / stopped early, full batch,
 * n_train configs, budgets, a test cap, non-default property and init scale.
 */
class CorpusRoundTripTest {
    @TempDir static Path dir;
    static Path original;

    static CurvePoint pt(long step, double trainLoss, double trainAcc, double testLoss, double testAcc, double norm) {
        return new CurvePoint(step, trainLoss, trainAcc, testLoss, testAcc, norm);
    }

    static RunResult result(RunConfig c, Outcome o, Long learnedAt, Long confirm, long trained, double finalTest, double finalTrainLoss,
                            List<CurvePoint> curve) {
        return new RunResult(o, learnedAt, confirm, trained, finalTest, finalTest, 1.0, 0.25, finalTrainLoss, 1234, "ab".repeat(32), 10, 10, 7,
                "dl4j", curve, Provenance.forTraining(c, "ab".repeat(32), "dl4j", Instant.now(), Instant.now()));
    }

    @BeforeAll
    static void fillTheOriginalStore() throws IOException {
        original = dir.resolve("original");
        RunConfig base = RunConfig.defaults("modadd:p=7").with(new BudgetConfig(300, 100, List.of(100L, 200L)));
        RunConfig learned = base;
        RunConfig notLearned = base.with(ModelConfig.mlp(2, 16, Activation.TANH, 0.5)).with(new OptimConfig(Optimizer.SGD, 0.1, 0.0, 0)); // full batch
        RunConfig diverged = base.with(new OptimConfig(Optimizer.ADAM, 1e3, 1e-4, 32)).withReplica(7, 3);
        RunConfig sampled = RunConfig.defaults("sparse-parity:n=8,k=3").with(new DataSpec(null, 200, 50, 0.1)).with(new BudgetConfig(200, 50, List.of()))
                .with(new TargetConfig("sparse-parity:n=8,k=3", Metric.TEST_LOSS, 0.3, 2));
        RunConfig stopped = base.with(ModelConfig.mlp(1, 64, Activation.QUADRATIC, 1.0)).withReplica(9, 1);
        try (Store s = JdbcStore.open(StoreLocation.parse(original.toString(), "--db"))) {
            s.queue().enqueue(List.of(learned, diverged, sampled, stopped), "farm", null);
            s.queue().enqueue(List.of(notLearned), CorpusFields.TRAIN, null); // as `learncast train` stores its runs
            Map<String, RunResult> results = Map.of(
                    learned.configHash(), result(learned, Outcome.LEARNED, 100L, 200L, 200, 0.97, 0.01,
                            List.of(pt(0, 1.9, 0.1, 1.95, 0.0, 3.5), pt(100, 0.2, 1.0, 0.3, 0.96, 4.25), pt(200, 0.1, 1.0, 0.2, 0.97, 4.5))),
                    notLearned.configHash(), result(notLearned, Outcome.NOT_LEARNED, null, null, 300, 0.31, 0.4,
                            List.of(pt(0, 1.9, 0.1, 1.95, 0.0, 3.5), pt(300, 0.4, 0.9, 2.5, 0.31, 7))),
                    diverged.configHash(), result(diverged, Outcome.DIVERGED, null, null, 100, Double.NaN, Double.POSITIVE_INFINITY,
                            List.of(pt(0, 1.9, 0.1, 1.95, 0.0, 3.5), pt(100, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY))),
                    sampled.configHash(), result(sampled, Outcome.LEARNED, 100L, 200L, 200, 0.99, 0.2,
                            List.of(pt(0, 0.7, 0.5, 0.7, 0.5, 2), pt(50, 0.5, 0.7, 0.6, 0.6, 2.1), pt(100, 0.2, 1, 0.25, 0.98, 2.2),
                                    pt(150, 0.2, 1, 0.25, 0.98, 2.2), pt(200, 0.1, 1, 0.2, 0.99, 2.3))),
                    stopped.configHash(), result(stopped, Outcome.STOPPED_EARLY, null, null, 100, 0.05, 0.3, List.of(pt(0, 1.9, 0.1, 1.95, 0.0, 3.5))));
            for (List<Claim> claims; !(claims = s.queue().claim("w", 10, Duration.ofMinutes(1))).isEmpty(); ) {
                for (Claim c : claims) assertTrue(s.queue().complete(c, results.get(c.config().configHash())));
            }
            assertEquals(5, s.catalog().count(RunFilter.done()));
        }
        // an imported run with unknown fields, a three-number curve and unknown accuracies
        Path jsonl = Files.writeString(dir.resolve("other.jsonl"),
                "{\"task\":\"modsub\",\"p\":5,\"width\":32,\"lr\":0.003,\"wd\":0.5,\"batch\":\"full\",\"train_frac\":0.6,\"seed\":42,\"steps\":1000,"
                        + "\"eval_every\":250,\"learned\":true,\"steps_to_learn\":500,\"final_test_acc\":0.96,\"best_test_acc\":null,"
                        + "\"diverged\":false,\"optuna_trial\":17,\"notes\":{\"by\":\"me\",\"ratio\":1.50},\"curve\":[[0,0.2,0.1],[500,1.0,0.96],[1000,1.0,null]]}\n");
        try (Store s = JdbcStore.open(StoreLocation.parse(original.toString(), "--db"))) {
            ImportReport r = new CorpusImporter(s.queue()).run(CorpusImporter.Options.of(jsonl), n -> { }, () -> false);
            assertEquals(1, r.added(), r.toString());
        }
    }

    static String export(Path store, CorpusFormat format, boolean curves) throws IOException {
        try (Store s = JdbcStore.open(StoreLocation.parse(store.toString(), "--db"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new CorpusExporter(s.catalog()).export(new CorpusExporter.Options(format, curves, null), out, () -> false);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}, curves {1}")
    @CsvSource({"JSONL, true", "JSONL, false", "CSV, true", "CSV, false"})
    void exportImportExportIsByteIdentical(CorpusFormat format, boolean curves) throws IOException {
        String first = export(original, format, curves);
        Path file = dir.resolve("export-" + format + curves + "." + format.key());
        Files.writeString(file, first);
        Path copy = dir.resolve("copy-" + format + curves);
        try (Store s = JdbcStore.open(StoreLocation.parse(copy.toString(), "--db"))) {
            ImportReport r = new CorpusImporter(s.queue()).run(CorpusImporter.Options.of(file), n -> { }, () -> false);
            assertEquals(6, r.added(), r.toString());
            assertEquals(0, r.badCount(), r.bad().toString());
        }
        String second = export(copy, format, curves);
        assertEquals(first, second);
    }

    @Test
    void theImportedCopyHasTheSameConfigsAndOutcomes() throws IOException {
        Path file = Files.writeString(dir.resolve("all.jsonl"), export(original, CorpusFormat.JSONL, true));
        Path copy = dir.resolve("copy-check");
        try (Store a = JdbcStore.open(StoreLocation.parse(original.toString(), "--db"))) {
            List<StoredRun> before = a.catalog().runs(RunFilter.done());
            try (Store b = JdbcStore.open(StoreLocation.parse(copy.toString(), "--db"))) {
                new CorpusImporter(b.queue()).run(CorpusImporter.Options.of(file), n -> { }, () -> false);
                List<StoredRun> after = b.catalog().runs(RunFilter.done());
                assertEquals(before.size(), after.size());
                for (int i = 0; i < before.size(); i++) {
                    StoredRun x = before.get(i);
                    StoredRun y = after.get(i);
                    assertEquals(x.config(), y.config(), "config of run " + i);
                    assertEquals(x.configHash(), y.configHash());
                    assertEquals(x.outcome(), y.outcome());
                    assertEquals(x.stepsToLearn(), y.stepsToLearn());
                    assertEquals(x.confirmStep(), y.confirmStep());
                    assertEquals(x.finalTestAcc(), y.finalTestAcc());
                    assertEquals(a.catalog().curve(x.id()), b.catalog().curve(y.id()));
                    assertEquals(x.source().equals("farm") || x.source().equals("train") ? "learncast" : x.source(), y.source());
                }
            }
        }
    }
}
