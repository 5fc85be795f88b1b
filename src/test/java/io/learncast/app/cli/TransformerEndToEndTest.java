package io.learncast.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transformer through the whole application: a grid with transformer and MLP halves trained by the farm,
 * runs listed as such, a forecaster fitted on both families forecasting a transformer config (its nearest
 * trained configs are transformers), eval's architecture splits, and bad transformer input refused in one line.
 */
class TransformerEndToEndTest {
    @TempDir Path dir;

    static final String GRID = """
            name: %s
            property: {task: "modadd:p=11", threshold: 0.6}
            axes:
            %s
              train_frac: [0.5, 0.8]
              wd: [0.1, 1]
              lr: [1e-2]
              batch: [full]
              budgets: [500, 1500]
            seeds: 2
            eval_every: 50
            master_seed: 7
            """;

    @Test
    void trainForecastAndEvaluateAcrossArchitectures() throws Exception {
        String db = dir.resolve("store").toString();
        Path tfm = Files.writeString(dir.resolve("tfm.yaml"), GRID.formatted("tfm", "  arch: [transformer]\n  d_model: [16, 32]\n  heads: [2]"));
        Path mlp = Files.writeString(dir.resolve("mlp.yaml"), GRID.formatted("mlp", "  width: [32, 64]"));
        assertEquals(0, CliRunner.run("farm", "enqueue", "--db", db, tfm.toString()).code());
        assertEquals(0, CliRunner.run("farm", "enqueue", "--db", db, mlp.toString()).code());
        CliRunner.Result run = CliRunner.run("farm", "run", "--db", db, "--workers", "1");
        assertEquals(0, run.code(), run.err());
        CliRunner.Result runs = CliRunner.run("runs", "--db", db);
        assertTrue(runs.out().contains("tfm 1L d32 h2") && runs.out().contains("1×64 relu"), runs.out());

        CliRunner.Result fit = CliRunner.run("forecast", "fit", "--db", db, "--search", "quick", "--folds", "3", "--rounds", "20");
        assertEquals(0, fit.code(), fit.err() + fit.out());
        CliRunner.Result f = CliRunner.run("forecast", "--db", db, "--task", "modadd:p=11", "--threshold", "0.6", "--arch", "transformer",
                "--d-model", "24", "--heads", "2", "--train-frac", "0.7", "--lr", "1e-2", "--batch", "full", "--steps", "1500");
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("tfm 1L d24 h2 mlp96"), f.out());
        String nearest = f.out().substring(f.out().indexOf("nearest trained configs"));
        String first = nearest.lines().skip(2).findFirst().orElseThrow();
        assertTrue(first.contains(" tfm "), "the nearest trained config is a transformer: " + first);

        CliRunner.Result e = CliRunner.run("eval", "--db", db, "--split", "leave-out:arch", "--split", "test:d_model>16", "--resamples", "50");
        assertEquals(0, e.code(), e.err() + e.out());
        assertTrue(e.out().contains("split leave-out:arch") && e.out().contains("split test:d_model>16"), e.out());
    }

    @Test
    void badTransformerInputIsOneLineAndExit2() {
        String db = dir.resolve("bad").toString();
        String[][] bad = {
                {"--arch", "transformer", "--d-model", "30", "--heads", "4"},
                {"--arch", "transformer", "--layers", "5"},
                {"--arch", "transformer", "--d-model", "2"},
                {"--layer-norm"},
                {"--d-model", "64"},
                {"--arch", "transformer", "--width", "64"},
                {"--arch", "transformr"}};
        String[] flags = {"--heads", "--layers", "--d-model", "--layer-norm", "--d-model", "--width", "--arch"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = new String[5 + bad[i].length];
            System.arraycopy(new String[] {"train", "--db", db, "--task", "modadd:p=11"}, 0, args, 0, 5);
            System.arraycopy(bad[i], 0, args, 5, bad[i].length);
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(2, r.code(), String.join(" ", bad[i]) + ": " + r.out() + r.err());
            assertTrue(r.err().strip().lines().count() == 1 && r.err().contains(flags[i]), String.join(" ", bad[i]) + ": " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written");
    }
}
