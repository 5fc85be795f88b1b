package io.learncast.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code --early-stop auto} end to end with real training and real H2 stores: a verdict fitted on a
 * tiny corpus refuses to act under the default bound (one line saying why; every run trains to its
 * budget) and acts under a looser one; a verdict travels to another store ({@code --verdict-db}, or
 * export and import) and says which tasks are new to it; {@code farm resume --sample} finishes a random
 * sample of the stopped runs and {@code verdict audit} says how many of them would have learned.
 */
class VerdictAutoStopTest {
    @TempDir static Path dir;

    /** lr 1e-6 never learns in 200 steps; lr 0.03 learns a 1-bit parity within a few evaluations. */
    static final String GRID = """
            name: verdict-auto-N
            property: {task: "sparse-parity:n=N,k=1"}
            axes:
              width: [8, 16]
              lr: [1e-6, 0.03]
              n_train: [200]
              batch: [full]
              budgets: [200]
            eval_every: 10
            seeds: SEEDS
            """;

    static String db(String name) { return dir.resolve(name).toString(); }

    static JsonNode json(String out) throws Exception { return new ObjectMapper().readTree(out); }

    /** The summary line of {@code farm run --json} (one JSON line per run precedes it). */
    static JsonNode summary(String out) throws Exception {
        String last = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(out));
        JsonNode n = new ObjectMapper().readTree(last);
        assertEquals("summary", n.path("event").asText(), last);
        return n;
    }

    static Path grid(int n, int seeds) throws Exception {
        return Files.writeString(dir.resolve("g" + n + "-" + seeds + ".yaml"), GRID.replace("SEEDS", "" + seeds).replace("N", "" + n));
    }

    static void train(String store, Path grid, String... more) throws Exception {
        assertEquals(0, CliRunner.run("farm", "enqueue", grid.toString(), "--db", store).code());
        String[] args = new String[] {"farm", "run", "--db", store, "--workers", "1", "--json"};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        CliRunner.Result r = CliRunner.run(all);
        assertEquals(0, r.code(), r.err());
    }

    /** The source store: 3 seeds of the 4 configs, and its verdict. */
    @BeforeAll
    static void source() throws Exception {
        train(db("a"), grid(10, 3));
        CliRunner.Result fit = CliRunner.run("verdict", "fit", "--db", db("a"), "--folds", "3");
        assertEquals(0, fit.code(), fit.err());
        assertTrue(fit.out().contains("--early-stop auto: refuses to act — its corpus has 6 learners"), fit.out());
    }

    @Test
    void autoRefusesWithOneLineWhenTheCorpusCannotSupportTheBound() throws Exception {
        String b = db("refuse");
        assertEquals(0, CliRunner.run("farm", "enqueue", grid(10, 5).toString(), "--db", b).code());
        CliRunner.Result run = CliRunner.run("farm", "run", "--db", b, "--workers", "1", "--json", "--early-stop", "auto", "--verdict-db", db("a"));
        assertEquals(0, run.code(), run.err());
        String line = run.err().lines().filter(l -> l.startsWith("early stop:")).findFirst().orElseThrow(() -> new AssertionError(run.err()));
        assertTrue(line.startsWith("early stop: off — verdict model #1 of ") && line.contains("refuses to act: its corpus has 6 learners")
                && line.contains("it takes ≥ 299 learners") && line.endsWith("every run trains to its budget"), line);
        JsonNode sum = summary(run.out());
        assertEquals(20, sum.get("completed").asInt());
        assertEquals(0, sum.get("stopped_early").asInt(), "a refusing rule stops nothing");

        // an explicit P still works, and says what bound it gave on the verdict's corpus
        CliRunner.Result p = CliRunner.run("farm", "run", "--db", b, "--workers", "1", "--early-stop", "0.4", "--verdict-db", db("a"));
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("early stop: P(learn) < 0.4 from 10 % of the budget, verdict model #1 of "), p.out());
        assertTrue(p.out().contains("on its corpus, out of fold: 0 of 6 learners stopped (95 % upper bound 39.3 %)") && p.out().contains(" — beyond ≤ 1 % of learners"),
                p.out());
    }

    @Test
    void autoActsUnderABoundTheCorpusSupportsAndSaysItOnAnotherStore() throws Exception {
        String b = db("b");
        train(b, grid(12, 2));
        CliRunner.Result evalIt = CliRunner.run("verdict", "eval", "--db", b, "--verdict-db", db("a"), "--max-loss", "0.3", "--max-late-loss", "1",
                "--confidence", "0.5");
        assertEquals(0, evalIt.code(), evalIt.err());
        assertTrue(evalIt.out().contains("verdict model #1 of") && evalIt.out().contains("on the 8 runs of"), evalIt.out());
        assertTrue(evalIt.out().contains("note: tasks the verdict has seen only at other parameters: sparse-parity:k=1,n=12 (8 runs)"), evalIt.out());
        // a --verdict-db with no store there, as a folder or as a file URL: exit 2, one line, nothing created
        for (String missing : java.util.List.of(dir.resolve("no-verdict").toString(), "jdbc:h2:file:" + dir.resolve("no-verdict").resolve("learncast"))) {
            CliRunner.Result none = CliRunner.run("verdict", "eval", "--db", b, "--verdict-db", missing);
            assertEquals(2, none.code(), none.err());
            assertTrue(none.err().contains("--verdict-db") && none.err().contains("no store in"), none.err());
            assertFalse(java.nio.file.Files.exists(dir.resolve("no-verdict")), "a typo leaves no empty store behind");
        }

        // new seeds on store b, judged by store a's verdict under a loose bound: the hopeless runs stop, the learners learn
        assertEquals(0, CliRunner.run("farm", "enqueue", grid(12, 4).toString(), "--db", b).code());
        CliRunner.Result run = CliRunner.run("farm", "run", "--db", b, "--workers", "1", "--early-stop", "auto", "--verdict-db", db("a"),
                "--max-loss", "0.3", "--max-late-loss", "1", "--confidence", "0.5");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("early stop: auto → P(learn) < "), run.out());
        assertTrue(run.out().contains("the largest threshold keeping ≤ 30 % of learners lost (50 % one-sided Clopper–Pearson bounds, out of fold)"), run.out());
        assertTrue(run.out().contains("note: tasks the verdict has seen only at other parameters: sparse-parity:k=1,n=12 (8 runs)"), run.out());
        assertTrue(run.out().contains("stopped early 4"), run.out());
        try (Store s = JdbcStore.open(StoreLocation.parse(b, "db"))) {
            for (StoredRun r : s.catalog().runs(RunFilter.done())) {
                if (r.config().replica() < 2) continue;
                assertEquals(r.config().lr() < 1e-3 ? Outcome.STOPPED_EARLY : Outcome.LEARNED, r.outcome(), "run " + r.id());
            }
        }

        // an explicit P says the bound it gives on the verdict's corpus
        CliRunner.Result p = CliRunner.run("verdict", "9", "--db", b, "--verdict-db", db("a"), "--early-stop", "0.4");
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("verdict model #1 of"), p.out());

        // the audit: a random sample of the stopped runs finishes its budget; none of them would have learned
        CliRunner.Result none = CliRunner.run("verdict", "audit", "--db", b);
        assertEquals(0, none.code(), none.err());
        assertTrue(none.out().startsWith("audit: 4 runs stopped early, none resumed yet"), none.out());
        CliRunner.Result resume = CliRunner.run("farm", "resume", "--sample", "0.5", "--seed", "3", "--db", b);
        assertEquals(0, resume.code(), resume.err());
        assertTrue(resume.out().startsWith("re-queued 2 of 4 runs stopped early (a random sample, seed 3)"), resume.out());
        assertTrue(resume.out().contains("then `learncast verdict audit --db " + b + "` says how many would have learned"), resume.out());
        // b's own verdict, its bound stated at fit and stored with it: auto takes that bound without flags
        CliRunner.Result fitB = CliRunner.run("verdict", "fit", "--db", b, "--folds", "3", "--max-loss", "0.3", "--max-late-loss", "1", "--confidence", "0.5");
        assertEquals(0, fitB.code(), fitB.err());
        assertTrue(fitB.out().contains("--early-stop auto: P(learn) < "), fitB.out());
        CliRunner.Result again = CliRunner.run("farm", "run", "--db", b, "--workers", "1", "--json", "--early-stop", "auto");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("the largest threshold keeping ≤ 30 % of learners lost (50 % one-sided Clopper–Pearson bounds, out of fold)"),
                again.err());
        assertEquals(2, summary(again.out()).get("completed").asInt());
        assertEquals(0, summary(again.out()).get("stopped_early").asInt(), "an audited run is never stopped again");
        CliRunner.Result audit = CliRunner.run("verdict", "audit", "--db", b);
        assertTrue(audit.out().startsWith("audit: 2 of 4 runs stopped early were resumed to their full budget: 0 would have learned (none; "
                + "95 % upper bound on the share: 77.6 %)"), audit.out());
        JsonNode a = json(CliRunner.run("verdict", "audit", "--db", b, "--json").out());
        assertEquals(4, a.get("stopped").asInt());
        assertEquals(2, a.get("still_stopped").asInt());
        assertEquals(0, a.get("learned").asInt());
    }

    @Test
    void aVerdictTravelsAsAFile() throws Exception {
        Path file = dir.resolve("verdict.zip");
        CliRunner.Result ex = CliRunner.run("verdict", "export", "--db", db("a"), "--out", file.toString());
        assertEquals(0, ex.code(), ex.err());
        assertTrue(ex.out().startsWith("wrote verdict model #1 of "), ex.out());
        CliRunner.Result im = CliRunner.run("verdict", "import", file.toString(), "--db", db("c"));
        assertEquals(0, im.code(), im.err());
        assertTrue(im.out().startsWith("verdict model #1 of ") && im.out().contains("is now active: imported from " + file.toAbsolutePath())
                && im.out().contains("fitted on 12 runs, 6 learned"), im.out());
        try (Store s = JdbcStore.open(StoreLocation.parse(db("c"), "db"))) {
            var record = s.models().active("verdict").orElseThrow();
            JsonNode report = json(record.summaryJson());
            assertTrue(report.get("origin").asText().startsWith("file " + file.toAbsolutePath() + " (artifact sha256 "), report.toString());
            assertEquals(12, report.get("corpus_runs").asInt(), "its provenance is the source's");
        }

        Path junk = Files.writeString(dir.resolve("junk.zip"), "not a model");
        CliRunner.Result bad = CliRunner.run("verdict", "import", junk.toString(), "--db", db("c"));
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains(junk + ": not a verdict model this learncast can use"), bad.err());
    }

    @Test
    void badInputIsOneLineAndExitCode2() {
        String[][] cases = {
                {"farm", "run", "--db", db("a"), "--early-stop", "maybe"},
                {"farm", "run", "--db", db("a"), "--early-stop", "auto", "--max-loss", "0"},
                {"farm", "run", "--db", db("a"), "--early-stop", "auto", "--confidence", "1"},
                {"farm", "run", "--db", db("a"), "--early-stop", "1.5"},
                {"farm", "resume", "--db", db("a"), "--sample", "0"},
                {"farm", "resume", "--db", db("a"), "--sample", "1.5"},
                {"farm", "resume", "--db", db("a"), "--sample", "some"},
                {"farm", "resume", "--db", db("a"), "--sample", "2", "--all-stopped"},
                {"farm", "resume", "--db", db("a"), "--seed", "4", "--all-stopped"},
                {"verdict", "eval", "--db", db("a"), "--leave-out", "colour"},
                {"verdict", "eval", "--db", db("a"), "--leave-out", "task"},
                {"verdict", "fit", "--db", db("a"), "--features", "some"},
                {"verdict", "import", dir.resolve("missing.zip").toString(), "--db", db("a")},
                {"verdict", "eval", "--db", db("a"), "--verdict-db", db("nowhere")},
                {"farm", "run", "--db", db("a"), "--early-stop", "auto", "--verdict-db", db("nowhere")},
        };
        for (String[] c : cases) {
            CliRunner.Result r = CliRunner.run(c);
            assertEquals(2, r.code(), String.join(" ", c) + " → " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), String.join(" ", c) + " → " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertFalse(Files.exists(dir.resolve("nowhere")), "a mistyped --verdict-db creates no store");
    }
}
