package io.learncast.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.synthetic.SyntheticGrokking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code --property} on forecast, runs and corpus export, over real H2 stores of synthetic curves (no training). */
class PropertyCommandsTest {

    static String store(Path dir, int grid, int stopped) {
        String db = dir.resolve("store").toString();
        try (Store s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            SyntheticGrokking.importInto(s, grid, grid, 1, stopped, 3);
        }
        return db;
    }

    static final String[] CONFIG = {"--task", "modadd:p=23", "--width", "128", "--lr", "1e-3", "--wd", "1", "--train-frac", "0.7", "--batch", "full", "--steps", "3000"};

    static String[] args(String db, String... head) {
        String[] out = new String[head.length + CONFIG.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(CONFIG, 0, out, head.length, CONFIG.length);
        out[out.length - 2] = "--db";
        out[out.length - 1] = db;
        return out;
    }

    @Test
    void aPropertyTheCorpusCannotLabelExits2WithTheReasonNeverAnotherPropertysForecast(@TempDir Path dir) {
        String db = store(dir, 1, 12); // 1 run to its budget, 12 stopped at step 150 (trained for train_acc ≥ 0.99)
        CliRunner.Result r = CliRunner.run(args(db, "forecast", "--property", "grokking"));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("only 1 of 13 runs can be labelled"), r.err());
        assertTrue(r.err().contains("--to-budget"), "says how to fix it: " + r.err());
        assertFalse(r.out().contains("P("), "no forecast printed: " + r.out());
        CliRunner.Result bad = CliRunner.run(args(db, "forecast", "--property", "val_acc>=0.9"));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown metric 'val_acc'"), bad.err());
        CliRunner.Result ev = CliRunner.run("eval", "--db", db, "--property", "test_acc>=0.95");
        assertEquals(2, ev.code(), ev.out() + ev.err());
    }

    @Test
    void forecastsRunsAndExportsAnswerForTheAskedProperty(@TempDir Path dir) throws Exception {
        String db = store(dir, 6, 4);
        CliRunner.Result r = CliRunner.run(args(db, "forecast", "--property", "grokking", "--json"));
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("grokking:k=3,train=0.99,test=0.95,hold=1", doc.get("property").asText());
        assertEquals(4, doc.get("census").get("censored").asInt());
        assertTrue(doc.get("delay_ratio").get("median").asDouble() > 1);
        CliRunner.Result train = CliRunner.run(args(db, "forecast", "--property", "train_acc>=0.99"));
        assertEquals(2, train.code(), "every run memorises: one-sided, so refused: " + train.out());
        CliRunner.Result fit = CliRunner.run("forecast", "fit", "--db", db, "--property", "grokking", "--search", "quick", "--folds", "3");
        assertEquals(0, fit.code(), fit.err() + fit.out());
        assertTrue(fit.out().contains("(active for property grokking:k=3,train=0.99,test=0.95,hold=1)"), fit.out());
        CliRunner.Result again = CliRunner.run(args(db, "forecast", "--property", "grokking"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("(registered for this property)"), again.out());
        CliRunner.Result plain = CliRunner.run(args(db, "forecast"));
        assertEquals(2, plain.code(), "the property's model does not answer for the trained property: " + plain.out());

        CliRunner.Result runs = CliRunner.run("runs", "--db", db, "--property", "grokking", "--limit", "100");
        assertEquals(0, runs.code(), runs.err());
        assertTrue(runs.out().contains("censored>150"), runs.out());
        assertTrue(runs.out().contains("yes@"), runs.out());
        CliRunner.Result csv = CliRunner.run("corpus", "export", "--db", db, "--table", "features", "--property", "memorisation");
        assertEquals(0, csv.code(), csv.err());
        assertTrue(csv.err().contains("labelled for memorisation:train=0.99,level=0.5,hold=1; 4 censored runs left out"), csv.err());
        assertEquals(36 * 3 + 1, csv.out().strip().split("\n").length, "36 runs × 3 budgets, censored runs left out");
    }
}
