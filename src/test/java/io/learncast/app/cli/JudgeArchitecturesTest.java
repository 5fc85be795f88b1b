package io.learncast.app.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real stores of MLP and transformer runs (the transformers keep their weights): the judge fitted on both — one
 * store, or two pooled with `--also-db` — reports each architecture's runs apart, scores one architecture on the
 * other (`judge fit --transfer`), fits on one (`--arch`), and judges a transformer from its kept weights alone.
 */
class JudgeArchitecturesTest {
    @TempDir static Path dir;
    static String db;
    static String mlpDb;
    static String tfmDb;

    @BeforeAll
    static void train() throws Exception {
        db = dir.resolve("store").toString();
        Path mlp = Files.writeString(dir.resolve("mlp.yaml"), """
                name: judge-mlp
                property: {task: "modadd:p=11", metric: test_acc, threshold: 0.95, hold: 2}
                axes:
                  width: [16, 32]
                  lr: [1e-2]
                  wd: [1]
                  optimizer: [adamw]
                  train_frac: [0.6, 0.9]
                  batch: [full]
                  budgets: [400]
                seeds: 1
                eval_every: 50
                """);
        Path tfm = Files.writeString(dir.resolve("tfm.yaml"), """
                name: judge-tfm
                property: {task: "modadd:p=11", metric: test_acc, threshold: 0.95, hold: 2}
                axes:
                  arch: [transformer]
                  layers: [1]
                  d_model: [16]
                  heads: [2]
                  lr: [3e-3, 1e-2]
                  wd: [1]
                  optimizer: [adamw]
                  train_frac: [0.6, 0.9]
                  batch: [full]
                  budgets: [400]
                seeds: 1
                eval_every: 50
                """);
        assertEquals(0, CliRunner.run("farm", "enqueue", mlp.toString(), "--db", db).code());
        assertEquals(0, CliRunner.run("farm", "enqueue", tfm.toString(), "--db", db).code());
        CliRunner.Result run = CliRunner.run("farm", "run", "--db", db, "--workers", "1", "--keep-weights");
        assertEquals(0, run.code(), run.err());
        // the same runs again, one architecture per store (seeds are derived from the configs: they replay exactly)
        mlpDb = dir.resolve("mlp").toString();
        tfmDb = dir.resolve("tfm").toString();
        assertEquals(0, CliRunner.run("farm", "enqueue", mlp.toString(), "--db", mlpDb).code());
        assertEquals(0, CliRunner.run("farm", "enqueue", tfm.toString(), "--db", tfmDb).code());
        assertEquals(0, CliRunner.run("farm", "run", "--db", mlpDb, "--workers", "1").code());
        assertEquals(0, CliRunner.run("farm", "run", "--db", tfmDb, "--workers", "1").code());
    }

    @Test
    void twoStoresPooledGiveTheOneStoresCorpus() throws Exception {
        CliRunner.Result one = CliRunner.run("judge", "fit", "--db", db, "--folds", "2", "--json");
        CliRunner.Result two = CliRunner.run("judge", "fit", "--db", mlpDb, "--also-db", tfmDb, "--folds", "2", "--json");
        assertEquals(0, one.code(), one.err());
        assertEquals(0, two.code(), two.err());
        // the same rows, scores, leads and per-architecture lines (only run ids differ: the second store's are offset)
        com.fasterxml.jackson.databind.JsonNode x = new com.fasterxml.jackson.databind.ObjectMapper().readTree(one.out()).get("report");
        com.fasterxml.jackson.databind.JsonNode y = new com.fasterxml.jackson.databind.ObjectMapper().readTree(two.out()).get("report");
        assertEquals(8, y.get("runs").asInt());
        for (String f : List.of("rows", "groups", "scores", "lead", "by_arch", "reliability")) assertEquals(x.get(f), y.get(f), f);
        assertEquals(0, x.get("pooled_from").size());
        assertEquals(tfmDb, y.get("pooled_from").get(0).asText(), "the report says which store's runs were pooled");
        CliRunner.Result missing = CliRunner.run("judge", "fit", "--db", mlpDb, "--also-db", dir.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no store in"), missing.err());
        assertFalse(Files.exists(dir.resolve("nowhere")), "a typo leaves no empty store behind");
        // nor does a URL naming a database file that is not there (it used to be opened, and created empty)
        CliRunner.Result url = CliRunner.run("judge", "fit", "--db", mlpDb, "--also-db", "jdbc:h2:file:" + dir.resolve("nowhere2").resolve("learncast"));
        assertEquals(2, url.code());
        assertTrue(url.err().contains("--also-db") && url.err().contains("no store in"), url.err());
        assertFalse(Files.exists(dir.resolve("nowhere2")), "the URL's folder is not created");
    }

    @Test
    void theJudgeReportsEachArchitectureScoresOneOnTheOtherAndReadsATransformersWeights() {
        CliRunner.Result fit = CliRunner.run("judge", "fit", "--db", db, "--folds", "2");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("mlp runs only (4)") && fit.out().contains("transformer runs only (4)"), fit.out());

        CliRunner.Result transfer = CliRunner.run("judge", "fit", "--transfer", "--db", db);
        assertEquals(0, transfer.code(), transfer.err());
        assertTrue(transfer.out().contains("nothing registered"), transfer.out());
        assertTrue(transfer.out().lines().anyMatch(l -> l.startsWith("mlp ") && l.contains("transformer")), transfer.out());
        assertTrue(transfer.out().lines().anyMatch(l -> l.startsWith("transformer ") && l.contains("mlp")), transfer.out());

        CliRunner.Result only = CliRunner.run("judge", "fit", "--arch", "transformer", "--folds", "2", "--db", db);
        assertEquals(0, only.code(), only.err());
        assertTrue(only.out().contains("4 runs"), only.out());
        assertFalse(only.out().contains("runs only"), "one architecture: no breakdown");

        // runs #5–#8 are the transformers (enqueued second); the MLPs kept theirs too
        try (var s = io.learncast.farm.store.jdbc.JdbcStore.open(io.learncast.farm.store.StoreLocation.parse(db, "db"))) {
            assertEquals(io.learncast.farm.weights.KeptWeights.FORMAT_TRANSFORMER, s.catalog().keptWeights(5).orElseThrow().format());
            assertEquals(io.learncast.farm.weights.KeptWeights.FORMAT, s.catalog().keptWeights(1).orElseThrow().format());
        }
        CliRunner.Result fromWeights = CliRunner.run("judge", "5", "--from-weights", "--db", db);
        assertEquals(0, fromWeights.code(), fromWeights.err());
        assertTrue(fromWeights.out().contains("its kept final weights") && fromWeights.out().contains("(weights features)"), fromWeights.out());
        assertTrue(fromWeights.out().contains("P(learned now)"), fromWeights.out());

        CliRunner.Result onlyMlp = CliRunner.run("judge", "fit", "--transfer", "--db", dir.resolve("empty").toString());
        assertEquals(2, onlyMlp.code(), "an empty store: one line");
        assertEquals(1, onlyMlp.err().strip().lines().count(), onlyMlp.err());
    }

    @Test
    void theRegressionHeadIsComparedOutOfFoldAndItsLabelsAgreeWithTheBinaryOnes() throws Exception {
        CliRunner.Result cmp = CliRunner.run("judge", "fit", "--compare", "--folds", "2", "--db", mlpDb);
        assertEquals(0, cmp.code(), cmp.err());
        for (String m : List.of("classifier alone (judge before)", "test-acc regression alone", "classifier stacked on test-acc", "classifier bagged ×3")) {
            assertTrue(cmp.out().lines().anyMatch(l -> l.startsWith("now ") && l.contains(m)), m + " scored:\n" + cmp.out());
            assertTrue(cmp.out().lines().anyMatch(l -> l.startsWith("  " + m + ": at P(within) ≥")), m + "'s lead:\n" + cmp.out());
        }
        // the judge chosen by nested CV: scored beside them, with each outer fold's choice and its candidates' inner AUC
        assertTrue(cmp.out().lines().anyMatch(l -> l.startsWith("now ") && l.contains("judge chosen by nested CV")), cmp.out());
        assertTrue(cmp.out().lines().anyMatch(l -> l.startsWith("    fold 0: now → ")), cmp.out());
        // over the a-priori grid of boosting hyperparameters (eighth session): the other point's judges scored out of fold too
        assertTrue(cmp.out().lines().anyMatch(l -> l.startsWith("now ") && l.contains("mean (the judge) [300 trees × 8 leaves, shrinkage 0.05]")), cmp.out());
        assertTrue(cmp.out().contains("candidates: mean (the judge), classifier alone (judge before), test-acc regression alone, mean (the judge) [300 trees"),
                cmp.out());
        // hyperparameters given for measurement are checked (exit 2, one line)
        CliRunner.Result bad = CliRunner.run("judge", "fit", "--trees", "0", "--db", mlpDb);
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("--trees"), bad.err());
        // the judge registered reads the regression: a stored checkpoint gets a predicted test accuracy beside P
        CliRunner.Result j = CliRunner.run("judge", "2", "--json", "--db", mlpDb);
        assertEquals(0, j.code(), j.err());
        com.fasterxml.jackson.databind.JsonNode g = new com.fasterxml.jackson.databind.ObjectMapper().readTree(j.out()).get("judgement");
        double acc = g.get("predicted_test_acc").asDouble();
        assertTrue(acc > 0 && acc < 1, j.out());
        assertTrue(CliRunner.run("judge", "2", "--db", mlpDb).out().contains("predicted test acc."));

        // the regression's labels on the real curves: the highest test accuracy within Δ says "within" exactly when the binary label does
        try (var s = io.learncast.farm.store.jdbc.JdbcStore.open(io.learncast.farm.store.StoreLocation.parse(db, "db"))) {
            io.learncast.forecast.judge.JudgeRows rows = io.learncast.forecast.judge.Judges.rows(s, 100);
            assertTrue(rows.rows().stream().filter(r -> r.within() >= 0).count() > 10, "labelled rows");
            for (var r : rows.rows()) {
                if (r.within() < 0) {
                    assertTrue(Double.isNaN(r.futureAcc()), "censored: no label");
                } else {
                    assertEquals(r.within() == 1, r.futureAcc() >= 0.95, "run " + r.run().runId() + " step " + r.step());
                    assertTrue(r.futureAcc() >= r.testAcc());
                }
            }
        }
    }
}
