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

/** {@code learncast eval} and {@code learncast report} on a synthetic corpus in a real store, and their user errors. */
class EvalReportCommandTest {
    @TempDir static Path dir;
    static String db;

    @BeforeAll
    static void corpus() {
        db = dir.resolve("store").toString();
        try (Store s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            SyntheticCorpus.importInto(s, SyntheticCorpus.generate(30, 2, 9));
        }
    }

    @Test
    void evalPrintsEveryModelPerSplitAsJson() throws Exception {
        CliRunner.Result r = CliRunner.run("eval", "--db", db, "--split", "kfold:3", "--split", "test:width>=256", "--resamples", "100", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(2, doc.get("splits").size());
        for (JsonNode s : doc.get("splits")) {
            assertEquals(4, s.get("models").size(), s.toString());
            JsonNode f = s.get("models").get(0);
            assertEquals("forecaster", f.get("model").asText());
            for (String k : new String[] {"auc", "brier", "log_loss", "accuracy", "ece"}) {
                assertTrue(f.get(k).get("value").isNumber(), k);
                assertTrue(f.get(k).has("low") && f.get(k).has("high"), k);
            }
        }
        assertTrue(doc.get("splits").get(0).has("ceiling"));
        assertEquals(64, doc.get("provenance").get("corpus_hash").asText().length());
        assertEquals(0, doc.get("ledger").get("entries").asInt());
    }

    @Test
    void evalTablesNameTheBaselinesAndTheCeiling() {
        CliRunner.Result r = CliRunner.run("eval", "--db", db, "--split", "test:width>=256", "--resamples", "50");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {"forecaster", "gbt", "log-compute", "majority", "ceiling (seed noise)", "forecaster Brier / GBT Brier", "prospective ledger"}) {
            assertTrue(r.out().contains(s), s + " in:\n" + r.out());
        }
    }

    @Test
    void evalMonotoneComparesOneKnobAtATime() throws Exception {
        // the quickstart's real runs (its export is a test resource of the forecaster), imported as a user would
        Path qs = dir.resolve("quickstart.jsonl");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of("..", "forecaster", "src", "test", "resources", "corpora",
                "quickstart-268.runs.jsonl.gz")))) {
            Files.copy(in, qs);
        }
        String grid = dir.resolve("qs-store").toString();
        assertEquals(0, CliRunner.run("corpus", "import", qs.toString(), "--db", grid).code());
        CliRunner.Result r = CliRunner.run("eval", "monotone", "--db", grid, "--knob", "width", "--knob", "wd", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertTrue(doc.get("knobs").size() > 0, r.out());
        for (JsonNode k : doc.get("knobs")) {
            assertTrue(k.get("knob").asText().equals("width") || k.get("knob").asText().equals("wd"), k.toString());
            assertEquals(k.get("informative").asInt(), k.get("at_least").asInt() + k.get("less").asInt(), k.toString());
        }
        assertTrue(doc.get("budget").size() > 0);
        CliRunner.Result text = CliRunner.run("eval", "monotone", "--db", grid, "--knob", "width");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("larger ≥ smaller") && text.out().contains("lost later"), text.out());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("width") && l.contains("modadd:p=23") && l.contains("(100%)") && l.endsWith("exact")), text.out());
        assertError(CliRunner.run("eval", "monotone", "--db", db, "--knob", "colour"), "unknown knob 'colour'");
        assertError(CliRunner.run("eval", "monotone", "--db", dir.resolve("empty2").toString()), "no finished runs");
    }

    @Test
    void anotherSeedDealsOtherFoldsAndTheSameSeedTheSameFigures() throws Exception {
        Path a = dir.resolve("seed-a.csv"), b = dir.resolve("seed-b.csv"), c = dir.resolve("seed-c.csv");
        assertEquals(0, CliRunner.run("eval", "--db", db, "--split", "kfold:3", "--resamples", "20", "--rows", a.toString()).code());
        assertEquals(0, CliRunner.run("eval", "--db", db, "--split", "kfold:3", "--resamples", "20", "--rows", b.toString(), "--seed", "7").code());
        assertEquals(0, CliRunner.run("eval", "--db", db, "--split", "kfold:3", "--resamples", "20", "--rows", c.toString(), "--seed", "7").code());
        assertEquals(Files.readAllLines(b), Files.readAllLines(c), "a seed replays exactly");
        // the rows are the same runs either way; which fold scored them (and so their forecasts) moves with the seed
        java.util.function.Function<Path, java.util.List<String>> runs = f -> {
            try {
                return Files.readAllLines(f).stream().skip(1).map(l -> l.split(",")).map(col -> col[1] + "@" + col[col.length - 4]).sorted().toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertEquals(runs.apply(a), runs.apply(b), "every run is scored under either seed");
        assertNotEquals(Files.readAllLines(a), Files.readAllLines(b), "another seed, other folds");
        assertError(CliRunner.run("eval", "--db", db, "--seed", "x"), "--seed");
    }

    @Test
    void evalRowsAreTheRowsItScored() throws Exception {
        Path rows = dir.resolve("held-out.csv");
        CliRunner.Result r = CliRunner.run("eval", "--db", db, "--split", "kfold:3", "--resamples", "20", "--json", "--rows", rows.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode split = new ObjectMapper().readTree(r.out()).get("splits").get(0);
        var lines = Files.readAllLines(rows);
        assertEquals("split,run_id,source,group_hash,cell,config,budget,learned,forecast,squared_error,never_learned", lines.get(0));
        assertEquals(split.get("scored_rows").asInt(), lines.size() - 1, "one line per scored row");
        // which model the search chose in each fold: what was scored
        assertEquals(split.get("folds").asInt(), split.get("chosen").size(), split.toString());
        for (JsonNode c : split.get("chosen")) assertTrue(c.asText().startsWith("cure"), "the quick search's structured models: " + c);
        var mapper = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
        var schema = com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader();
        double sum = 0;
        java.util.Set<Long> runs = new java.util.HashSet<>();
        int n = 0, neverLearned = 0;
        try (var it = mapper.readerFor(java.util.Map.class).with(schema).<java.util.Map<String, String>>readValues(rows.toFile())) {
            while (it.hasNext()) {
                var m = it.next();
                double p = Double.parseDouble(m.get("forecast")), y = Double.parseDouble(m.get("learned"));
                assertEquals((p - y) * (p - y), Double.parseDouble(m.get("squared_error")), 1e-12);
                assertEquals(m.get("group_hash") + "@" + m.get("budget"), m.get("cell"));
                if (!m.get("never_learned").isEmpty()) neverLearned++;
                sum += (p - y) * (p - y);
                runs.add(Long.parseLong(m.get("run_id")));
                n++;
            }
        }
        // the rows' mean squared error is the forecaster's Brier the scores report, over the same runs
        assertEquals(split.get("models").get(0).get("brier").get("value").asDouble(), sum / n, 1e-9);
        assertEquals(split.get("scored_runs").asInt(), runs.size());
        // bad targets are refused before any work, and nothing is written
        assertError(CliRunner.run("eval", "--db", db, "--rows", "-"), "cannot go to standard output");
        assertError(CliRunner.run("eval", "--db", db, "--rows", dir.resolve("no/such/folder/r.csv").toString()), "does not exist");
        assertError(CliRunner.run("eval", "--db", db, "--rows", dir.toString()), "is a folder");
        Path kept = dir.resolve("kept.csv");
        Files.writeString(kept, "keep me");
        assertError(CliRunner.run("eval", "--db", db, "--split", "test:width>100000", "--rows", kept.toString()), "nothing would be scored");
        assertEquals("keep me", Files.readString(kept), "a failed eval leaves the file as it was");
    }

    @Test
    void evalUserErrors() {
        Path empty = dir.resolve("empty");
        assertError(CliRunner.run("eval", "--db", empty.toString()), "no finished runs");
        assertError(CliRunner.run("eval", "--db", db, "--split", "test:colour>3"), "unknown field 'colour'");
        assertError(CliRunner.run("eval", "--db", db, "--split", "test:width>100000"), "nothing would be scored");
        assertError(CliRunner.run("eval", "--db", db, "--split", "leave-out:source"), "same source");
        assertError(CliRunner.run("eval", "--db", db, "--split", "sideways"), "cannot read split");
        assertError(CliRunner.run("eval", "--db", db, "--search", "deep"), "unknown search");
    }

    @Test
    void reportNeedsAForecasterForItsFigures() throws Exception {
        Path other = dir.resolve("other");
        try (Store s = JdbcStore.open(StoreLocation.parse(other.toString(), "db"))) {
            SyntheticCorpus.importInto(s, SyntheticCorpus.generate(15, 2, 2));
        }
        Path out = dir.resolve("r1.html");
        CliRunner.Result r = CliRunner.run("report", "--db", other.toString(), "--out", out.toString());
        assertError(r, "need a fitted forecaster");
        assertTrue(r.err().contains("forecast fit"), r.err());
        assertFalse(Files.exists(out), "nothing written");
        CliRunner.Result part = CliRunner.run("report", "--db", other.toString(), "--out", out.toString(), "--sections", "corpus,curves,provenance");
        assertEquals(0, part.code(), part.err());
        String html = Files.readString(out);
        assertTrue(html.contains("id=\"corpus\"") && html.contains("id=\"curves\"") && !html.contains("id=\"metrics\""));
    }

    @Test
    void reportWritesEverySectionAndRejectsUnknownOnes() throws Exception {
        assertEquals(0, CliRunner.run("forecast", "fit", "--db", db, "--search", "quick", "--folds", "3", "--rounds", "25").code());
        Path out = dir.resolve("report.html");
        CliRunner.Result r = CliRunner.run("report", "--db", db, "--out", out.toString(), "--axes", "width,lr");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("report: " + out.toAbsolutePath()), r.out());
        String html = Files.readString(out);
        for (String id : new String[] {"corpus", "metrics", "phase", "calibration", "importance", "curves", "provenance"}) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        assertTrue(html.contains("<img"), "figures");
        assertError(CliRunner.run("report", "--db", db, "--sections", "corpus,nope"), "unknown section 'nope'");
        assertError(CliRunner.run("report", "--db", db, "--axes", "width"), "two different fields");
        assertError(CliRunner.run("report", "--db", db, "--axes", "width,colour"), "unknown field 'colour'");
        assertError(CliRunner.run("report", "--db", db, "--out", dir.resolve("no/such/folder/r.html").toString()), "does not exist");
        assertError(CliRunner.run("report", "--db", db, "--out", "/proc/r.html"), "cannot write in /proc");
        assertError(CliRunner.run("quickstart", "--db", db, "--out", dir.resolve("no/such/folder/r.html").toString()), "does not exist");
    }

    static void assertError(CliRunner.Result r, String fragment) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
