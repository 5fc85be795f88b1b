package io.learncast.app.cli;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.BudgetConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.common.Seeds;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.farm.train.Trainers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The forecaster end to end on a small real corpus: tiny DL4J runs trained by the farm, a fit, a
 * query for a config never trained (recorded in the ledger), then that config trained, and the ledger
 * scoring the forecast against it.
 */
class ForecastEndToEndTest {
    @TempDir Path dir;

    static RunConfig tiny(int nTrain, int width, double lr) {
        return RunConfig.defaults("sparse-parity:n=10,k=2").with(new DataSpec(null, nTrain, 256, 0)).with(ModelConfig.mlp(1, width, Activation.RELU, 1))
                .with(new OptimConfig(Optimizer.ADAMW, lr, 0, 32)).with(new BudgetConfig(400, 50, List.of(200L))).withReplica(Seeds.DEFAULT_MASTER, 0);
    }

    @Test
    void trainFitForecastTrainScore() throws Exception {
        String db = dir.resolve("store").toString();
        List<RunConfig> corpus = new ArrayList<>();
        for (int n : new int[] {16, 48, 128, 256, 512}) for (int w : new int[] {16, 64}) for (double lr : new double[] {3e-3, 3e-2}) corpus.add(tiny(n, w, lr));
        int learned = 0;
        try (Store s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            PrintWriter quiet = new PrintWriter(new StringWriter());
            for (RunConfig c : corpus) {
                StoredRun r = TrainCommand.trainOrReuse(s, c, Trainers.byName("dl4j", "trainer"), quiet, true);
                assertEquals(RunState.DONE, r.state(), "run " + r.id() + ": " + r.error());
                if (r.learned()) learned++;
            }
        }
        assertTrue(learned > 2 && learned < corpus.size() - 2, "the corpus holds both outcomes: " + learned + " of " + corpus.size() + " learned");

        CliRunner.Result fit = CliRunner.run("forecast", "fit", "--db", db, "--search", "quick", "--folds", "3", "--rounds", "30");
        assertEquals(0, fit.code(), fit.err() + fit.out());

        String[] query = {"--task", "sparse-parity:n=10,k=2", "--n-train", "384", "--test-size", "256", "--width", "32", "--lr", "1e-2", "--wd", "0",
                "--batch", "32", "--steps", "400", "--eval-every", "50", "--db", db};
        CliRunner.Result fc = CliRunner.run(concat(new String[] {"forecast", "--json"}, query));
        assertEquals(0, fc.code(), fc.err());
        JsonNode doc = new ObjectMapper().readTree(fc.out());
        double p = doc.get("forecast").get("p").asDouble();
        long ledgerId = doc.get("ledger_id").asLong();
        assertTrue(ledgerId > 0, "the forecast for an untrained config is recorded: " + fc.out());
        assertTrue(doc.get("forecast").get("neighbours").size() > 0);

        // now train exactly that config, as a user would
        CliRunner.Result train = CliRunner.run(concat(new String[] {"train", "--json"}, query));
        assertEquals(0, train.code(), train.err());
        JsonNode run = new ObjectMapper().readTree(train.out());

        CliRunner.Result ledger = CliRunner.run("forecast", "ledger", "--db", db, "--json");
        assertEquals(0, ledger.code(), ledger.err());
        JsonNode l = new ObjectMapper().readTree(ledger.out());
        assertTrue(l.get("chain_intact").asBoolean());
        JsonNode scored = null;
        for (JsonNode e : l.get("forecasts")) if (e.get("id").asLong() == ledgerId) scored = e;
        assertNotNull(scored, "the forecast was scored once its run completed: " + ledger.out());
        assertEquals(run.get("id").asLong(), scored.get("run_id").asLong());
        boolean learnedWithin = run.get("outcome").asText().equals("LEARNED") && run.get("confirm_step").asLong() <= 400;
        assertEquals(learnedWithin, scored.get("learned").asBoolean());
        assertEquals(p, scored.get("p").asDouble(), 1e-12);

        // a config that has been trained proves nothing: its forecast is not recorded
        CliRunner.Result again = CliRunner.run(concat(new String[] {"forecast", "--json"}, query));
        assertTrue(new ObjectMapper().readTree(again.out()).get("ledger_id").isNull(), again.out());
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
