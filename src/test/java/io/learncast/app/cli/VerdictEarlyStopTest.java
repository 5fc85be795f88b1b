package io.learncast.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.data.CurvePoint;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The early verdict end to end, with real training and a real H2 file: a tiny grid trains, the verdict
 * is fitted on its curves, new seeds train under {@code farm run --early-stop}: the hopeless runs stop
 * early (STOPPED_EARLY, their verdict recorded, steps saved in the summary), the learners still learn;
 * {@code farm resume} trains the stopped runs to their full budget, retracing their curves (same seed).
 */
class VerdictEarlyStopTest {
    @TempDir Path dir;

    /** lr 1e-6 never learns in 200 steps; lr 0.03 learns a 1-bit parity within a few evaluations. */
    static final String GRID = """
            name: verdict-tiny
            property: {task: "sparse-parity:n=10,k=1"}
            axes:
              width: [8, 16]
              lr: [1e-6, 0.03]
              n_train: [200]
              batch: [full]
              budgets: [200]
            eval_every: 10
            seeds: SEEDS
            """;

    String db() { return dir.resolve("store").toString(); }

    static JsonNode json(String out) throws Exception { return new ObjectMapper().readTree(out); }

    Store open() { return JdbcStore.open(StoreLocation.parse(db(), "db")); }

    @Test
    void hopelessRunsStopEarlyWithTheirVerdictAndResumeToTheFullBudget() throws Exception {
        Path first = Files.writeString(dir.resolve("g3.yaml"), GRID.replace("SEEDS", "3"));
        assertEquals(0, CliRunner.run("farm", "enqueue", first.toString(), "--db", db()).code());
        CliRunner.Result train = CliRunner.run("farm", "run", "--db", db(), "--workers", "1", "--json");
        assertEquals(0, train.code(), train.err());
        assertEquals(12, FarmCommandTest.summary(train.out()).get("completed").asInt());

        CliRunner.Result fit = CliRunner.run("verdict", "fit", "--db", db(), "--folds", "3", "--json");
        assertEquals(0, fit.code(), fit.err());
        assertEquals(12, json(fit.out()).get("report").get("corpus_runs").asInt());

        // two more seeds of each config, trained with the verdict watching
        Path more = Files.writeString(dir.resolve("g5.yaml"), GRID.replace("SEEDS", "5"));
        assertEquals(0, CliRunner.run("farm", "enqueue", more.toString(), "--db", db()).code());
        CliRunner.Result run = CliRunner.run("farm", "run", "--db", db(), "--workers", "1", "--json", "--early-stop", "0.5", "--min-fraction", "0.1");
        assertEquals(0, run.code(), run.err());
        JsonNode sum = FarmCommandTest.summary(run.out());
        assertEquals(8, sum.get("completed").asInt());
        assertEquals(4, sum.get("stopped_early").asInt(), run.out());
        assertEquals(4, sum.get("learned").asInt(), run.out());

        Map<Long, List<CurvePoint>> stoppedCurves = new HashMap<>();
        long saved = 0;
        try (Store s = open()) {
            for (StoredRun r : s.catalog().runs(RunFilter.done())) {
                if (r.config().replica() < 3) {
                    assertNull(r.verdictJson(), "runs trained without --early-stop carry no verdict");
                    continue;
                }
                if (r.config().lr() < 1e-3) {
                    assertEquals(Outcome.STOPPED_EARLY, r.outcome(), "run " + r.id());
                    assertFalse(r.learned());
                    assertTrue(r.stepsTrained() < r.config().steps() && r.stepsTrained() >= 20, "stopped at step " + r.stepsTrained());
                    JsonNode v = json(r.verdictJson());
                    assertTrue(v.get("stop").asBoolean());
                    assertTrue(v.get("p_learn").asDouble() < 0.5);
                    assertEquals(r.stepsTrained(), v.get("step").asLong());
                    assertEquals(r.id(), v.get("run_id").asLong());
                    saved += r.config().steps() - r.stepsTrained();
                    stoppedCurves.put(r.id(), s.catalog().curve(r.id()));
                } else {
                    assertEquals(Outcome.LEARNED, r.outcome(), "a learner is never stopped: run " + r.id());
                }
            }
        }
        assertEquals(saved, sum.get("steps_saved").asLong());

        // the verdict of a stopped run, from the command line
        long one = stoppedCurves.keySet().iterator().next();
        CliRunner.Result v = CliRunner.run("verdict", String.valueOf(one), "--db", db(), "--json");
        assertEquals(0, v.code(), v.err());
        assertEquals("STOPPED_EARLY", json(v.out()).get("outcome").asText());
        assertTrue(json(v.out()).get("stored_verdict").get("stop").asBoolean());
        CliRunner.Result text = CliRunner.run("verdict", String.valueOf(one), "--db", db());
        assertTrue(text.out().contains("stopped early") && text.out().contains("P(learns by step 200)"), text.out());

        // a learner cannot be resumed; the stopped ones can, to their full budget
        CliRunner.Result bad = CliRunner.run("farm", "resume", "1", "--db", db());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("was not stopped early"), bad.err());
        CliRunner.Result resume = CliRunner.run("farm", "resume", "--all-stopped", "--db", db());
        assertEquals(0, resume.code(), resume.err());
        assertTrue(resume.out().contains("re-queued 4 runs"), resume.out());
        CliRunner.Result again = CliRunner.run("farm", "run", "--db", db(), "--workers", "1", "--json", "--early-stop", "0.5");
        assertEquals(0, again.code(), again.err());
        assertEquals(4, FarmCommandTest.summary(again.out()).get("completed").asInt());
        assertEquals(0, FarmCommandTest.summary(again.out()).get("stopped_early").asInt(), "a resumed run is never stopped again");
        try (Store s = open()) {
            for (Map.Entry<Long, List<CurvePoint>> e : stoppedCurves.entrySet()) {
                StoredRun r = s.catalog().run(e.getKey()).orElseThrow();
                assertEquals(Outcome.NOT_LEARNED, r.outcome());
                assertEquals(r.config().steps(), r.stepsTrained());
                assertNotNull(r.verdictJson(), "the verdict that stopped it stays recorded");
                List<CurvePoint> full = s.catalog().curve(r.id());
                assertEquals(e.getValue(), full.subList(0, e.getValue().size()), "same seed: the full run retraces the stopped curve");
            }
        }
    }
}
