package io.learncast.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code learncast forecast …} on a store filled with a synthetic corpus (fast: no training). */
class ForecastCommandTest {
    @TempDir static Path dir;
    static String db;

    @BeforeAll
    static void fitOnASyntheticCorpus() {
        db = dir.resolve("store").toString();
        try (Store s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            SyntheticCorpus.importInto(s, SyntheticCorpus.generate(150, 2, 1));
        }
        CliRunner.Result r = CliRunner.run("forecast", "fit", "--db", db, "--search", "quick", "--folds", "3", "--rounds", "40");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("registered as model #1 (active)"), r.out());
        assertTrue(r.out().contains("beyond the corpus it leans on cure(linear,λπ=3,λμ=3)"), r.out());
        assertTrue(r.out().contains("chosen: "), r.out());
    }

    @Test
    void answersAQueryWithEverythingAsked() throws Exception {
        CliRunner.Result r = CliRunner.run("forecast", "--task", "modadd:p=97", "--width", "128", "--lr", "1e-3", "--wd", "1", "--train-frac", "0.4",
                "--steps", "5000", "--db", db, "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        JsonNode f = doc.get("forecast");
        double p = f.get("p").asDouble();
        assertTrue(p >= 0 && p <= 1);
        assertTrue(f.get("p_low").asDouble() <= p && p <= f.get("p_high").asDouble());
        assertEquals(5000, f.get("budget").asLong());
        assertTrue(f.get("attributions").size() > 0, "per-query attribution");
        assertTrue(f.get("neighbours").size() > 0, "nearest trained configs");
        assertTrue(f.has("steps_median"));
        assertEquals(1, doc.get("model_id").asLong());
        assertTrue(doc.get("ledger_id").isNumber(), "an untrained config's forecast is recorded: " + doc);

        CliRunner.Result text = CliRunner.run("forecast", "--task", "modadd:p=97", "--width", "128", "--lr", "1e-3", "--wd", "1", "--train-frac", "0.4",
                "--steps", "5000", "--db", db);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("P(learn) = "), text.out());
        assertTrue(text.out().contains("why (Shapley values"), text.out());
        assertTrue(text.out().contains("nearest trained configs"), text.out());
        assertTrue(text.out().contains("recorded in the ledger as forecast #"), text.out());
    }

    /** A config the farm cannot train (drop_last off) is forecast, with a warning that the corpus never kept a last batch, but kept out of the ledger: no run could score it. */
    @Test
    void aConfigTheFarmCannotTrainIsForecastButNotLedgered() throws Exception {
        String[] q = {"forecast", "--task", "modadd:p=97", "--width", "128", "--lr", "1e-3", "--wd", "1", "--train-frac", "0.4", "--batch", "64",
                "--drop-last", "off", "--steps", "5000", "--db", db};
        CliRunner.Result text = CliRunner.run(q);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("P(learn) = "), text.out());
        assertTrue(text.out().contains("warning: last batch kept was never trained for modadd:p=97 (trained: dropped)"), text.out());
        assertTrue(text.out().contains("not recorded in the ledger: the farm's trainers cannot train this config (drop_last)"), text.out());
        CliRunner.Result json = CliRunner.run(java.util.stream.Stream.concat(java.util.Arrays.stream(q), java.util.stream.Stream.of("--json")).toArray(String[]::new));
        assertEquals(0, json.code(), json.err());
        assertTrue(new ObjectMapper().readTree(json.out()).get("ledger_id").isNull(), json.out());
    }

    @Test
    void warnsOutsideTheCorpus() {
        CliRunner.Result r = CliRunner.run("forecast", "--task", "modadd:p=23", "--width", "4096", "--steps", "3000", "--db", db);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("warning: width 4096 is larger than any trained"), r.out());
        CliRunner.Result unseen = CliRunner.run("forecast", "--task", "modmul:p=23", "--db", db);
        assertTrue(unseen.out().contains("warning: task kind modmul was never trained"), unseen.out());
    }

    @Test
    void jsonCarriesWarningsAsStructuredFieldsAndNoneForATrainedConfig() throws Exception {
        CliRunner.Result r = CliRunner.run("forecast", "--task", "modadd:p=23", "--width", "4096", "--lr", "0.5", "--steps", "3000", "--db", db, "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode warnings = new ObjectMapper().readTree(r.out()).get("forecast").get("warnings");
        JsonNode width = null, near = null, tempered = null;
        for (JsonNode w : warnings) {
            if (w.get("kind").asText().equals("range") && w.get("knob").asText().equals("width")) width = w;
            if (w.get("kind").asText().equals("nearness")) near = w;
            if (w.get("kind").asText().equals("tempered")) tempered = w;
        }
        assertNotNull(width, warnings.toString());
        assertEquals(4096, width.get("value").asDouble());
        assertTrue(width.get("range").get(1).asDouble() < 4096, width.toString());
        assertTrue(width.get("message").asText().startsWith("width 4096 is larger than any trained for modadd:p=23"), width.toString());
        assertNotNull(near, "far from every trained config: " + warnings);
        assertTrue(near.get("value").asDouble() > near.get("range").get(1).asDouble(), near.toString());
        // what the forecast did about it: leaned toward the base rate by a factor, for the knobs outside the trained box
        assertNotNull(tempered, "beyond the corpus the forecast says it leaned: " + warnings);
        assertTrue(tempered.get("value").asDouble() > 1, tempered.toString());
        java.util.List<String> outside = new java.util.ArrayList<>();
        tempered.get("range").forEach(x -> outside.add(x.asText()));
        assertTrue(outside.contains("width"), tempered.toString());

        // a config the store holds, asked at its own budget: nothing to warn about
        try (Store s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            var c = s.catalog().runs(io.learncast.farm.store.RunFilter.done()).get(0).config();
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("forecast", "--task", c.task(), "--width", "" + c.width(),
                    "--depth", "" + c.depth(), "--lr", "" + c.lr(), "--wd", "" + c.wd(), "--optimizer", c.optimizer().key(), "--batch",
                    c.fullBatch() ? "full" : "" + c.batch(), "--steps", "" + c.steps(), "--eval-every", "" + c.evalEvery(), "--db", db, "--json"));
            if (c.trainFrac() != null) args.addAll(java.util.List.of("--train-frac", "" + c.trainFrac()));
            else args.addAll(java.util.List.of("--n-train", "" + c.nTrain()));
            if (c.testSize() != null) args.addAll(java.util.List.of("--test-size", "" + c.testSize()));
            CliRunner.Result trained = CliRunner.run(args.toArray(String[]::new));
            assertEquals(0, trained.code(), trained.err());
            JsonNode f = new ObjectMapper().readTree(trained.out()).get("forecast");
            assertEquals(0.0, f.get("neighbours").get(0).get("distance").asDouble(), 1e-9, "it is its own nearest: " + trained.out());
            assertEquals(0, f.get("warnings").size(), trained.out());
        }
    }

    @Test
    void listsModelsExportsFeaturesAndShowsTheLedger() throws Exception {
        CliRunner.Result m = CliRunner.run("forecast", "models", "--db", db);
        assertEquals(0, m.code(), m.err());
        assertTrue(m.out().lines().anyMatch(l -> l.startsWith("*") && l.contains("cure")), m.out());
        Path csv = dir.resolve("features.csv");
        CliRunner.Result f = CliRunner.run("forecast", "features", "--db", db, "--out", csv.toString());
        assertEquals(0, f.code(), f.err());
        var lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).startsWith("run_id,group_hash,config_hash,source"), lines.get(0));
        assertTrue(lines.size() > 150);
        CliRunner.Result l = CliRunner.run("forecast", "ledger", "--db", db);
        assertEquals(0, l.code(), l.err());
        assertTrue(l.out().contains("hash chain intact"), l.out());
    }

    @Test
    void plansAWholeGridAndRecordsItsForecastsInTheLedger() throws Exception {
        Path spec = Files.writeString(dir.resolve("plan.yaml"), """
                name: plan
                property:
                  task: "modadd:p=23"
                axes:
                  width: [32, 64, 4096]
                  wd: [0.1, 1]
                  train_frac: [0.5]
                  budgets: [1000, 3000]
                seeds: 2
                """);
        CliRunner.Result csv = CliRunner.run("forecast", "--grid", spec.toString(), "--csv", "--db", db);
        assertEquals(0, csv.code(), csv.err());
        var lines = csv.out().lines().toList();
        assertEquals(1 + 3 * 2 * 2, lines.size(), "a row per config and budget, seeds folded: " + csv.out());
        assertTrue(lines.get(0).startsWith("task,depth,width,activation,optimizer,lr,wd,batch,train_frac"), lines.get(0));
        assertTrue(lines.get(0).contains(",p,p_low,p_high,p_ever,steps_median"), lines.get(0));
        assertTrue(lines.stream().filter(l -> l.contains(",4096,")).allMatch(l -> l.contains("larger than any trained")), "off-corpus rows are flagged");
        for (String l : lines.subList(1, lines.size())) {
            String[] cells = l.split(",");
            double p = Double.parseDouble(cells[12]);
            assertTrue(p >= 0 && p <= 1, l);
        }
        CliRunner.Result json = CliRunner.run("forecast", "--grid", spec.toString(), "--json", "--db", db);
        assertEquals(0, json.code(), json.err());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals(12, doc.get("forecasts").size());
        // P(learned within B) never decreases with B for one config
        for (int i = 0; i < 12; i += 2) {
            JsonNode a = doc.get("forecasts").get(i).get("forecast"), b = doc.get("forecasts").get(i + 1).get("forecast");
            assertTrue(a.get("budget").asLong() < b.get("budget").asLong() && a.get("p").asDouble() <= b.get("p").asDouble() + 1e-12, doc.toString());
        }
        // a plan's row warns as the single forecast of its config does, what tempering did beyond the corpus included
        int wide = 0;
        for (JsonNode row : doc.get("forecasts")) {
            java.util.List<String> kinds = new java.util.ArrayList<>();
            row.get("warnings").forEach(w -> kinds.add(w.get("kind").asText()));
            boolean outside = row.get("config").get("width").asInt() == 4096;
            assertEquals(outside, kinds.contains("tempered"), row.toString());
            if (outside && row.get("forecast").get("budget").asLong() == 3000) {
                wide++;
                JsonNode c = row.get("config");
                CliRunner.Result one = CliRunner.run("forecast", "--task", "modadd:p=23", "--width", "4096", "--wd", c.get("wd").asText(),
                        "--train-frac", "0.5", "--steps", "3000", "--lr", c.get("lr").asText(), "--optimizer", c.get("optimizer").asText(),
                        "--batch", c.get("batch").asInt() == 0 ? "full" : c.get("batch").asText(), "--depth", c.get("depth").asText(),
                        "--eval-every", c.get("eval_every").asText(), "--db", db, "--json");
                assertEquals(0, one.code(), one.err());
                assertEquals(new ObjectMapper().readTree(one.out()).get("forecast").get("warnings"), row.get("warnings"), one.out());
            }
        }
        assertEquals(2, wide, doc.toString());
        CliRunner.Result text = CliRunner.run("forecast", "--grid", spec.toString(), "--db", db);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("6 configs × budgets = 12 forecasts"), text.out());
        assertTrue(text.out().contains("warning (4 rows): beyond the corpus (width outside what was trained for the task): forecasts tempered toward the corpus's base rate, intervals "), text.out());
        CliRunner.Result both = CliRunner.run("forecast", "--grid", spec.toString(), "--task", "modadd:p=23", "--width", "64", "--db", db);
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--grid and config flags both given"), both.err());
        CliRunner.Result csvAlone = CliRunner.run("forecast", "--task", "modadd:p=23", "--csv", "--db", db);
        assertEquals(2, csvAlone.code());
        CliRunner.Result badSpec = CliRunner.run("forecast", "--grid", dir.resolve("missing.yaml").toString(), "--db", db);
        assertEquals(2, badSpec.code(), badSpec.err());
    }

    @Test
    void exportsTheFeatureTableThroughTheCorpusCommand() throws Exception {
        Path csv = dir.resolve("corpus-features.csv");
        CliRunner.Result r = CliRunner.run("corpus", "export", "--table", "features", "--out", csv.toString(), "--db", db);
        assertEquals(0, r.code(), r.err());
        var lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).startsWith("run_id,group_hash,config_hash,source"), lines.get(0));
        assertTrue(r.out().contains("exported " + (lines.size() - 1) + " feature rows"), r.out());
        CliRunner.Result jsonl = CliRunner.run("corpus", "export", "--table", "features", "--format", "jsonl", "--db", db);
        assertEquals(2, jsonl.code());
        assertTrue(jsonl.err().contains("CSV only"), jsonl.err());
    }

    @Test
    void badInputIsAClearUserError() {
        CliRunner.Result r = CliRunner.run("forecast", "--task", "modadd:p=23", "--width", "0", "--db", db);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--width"), r.err());
        CliRunner.Result none = CliRunner.run("forecast", "--db", db);
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no config given"), none.err());
        CliRunner.Result rounds = CliRunner.run("forecast", "fit", "--db", dir.resolve("other").toString(), "--rounds", "0");
        assertEquals(2, rounds.code());
        assertFalse(Files.exists(dir.resolve("other")), "nothing is written for bad input");
    }

    @Test
    void aStoreWithoutAModelSaysHowToFitOne() {
        String empty = dir.resolve("empty").toString();
        CliRunner.Result r = CliRunner.run("forecast", "--task", "modadd:p=23", "--db", empty);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("learncast forecast fit"), r.err());
        CliRunner.Result fit = CliRunner.run("forecast", "fit", "--db", empty);
        assertEquals(2, fit.code());
        assertTrue(fit.err().contains("finished runs"), fit.err());
    }
}
