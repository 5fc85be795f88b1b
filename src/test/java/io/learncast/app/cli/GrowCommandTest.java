package io.learncast.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.eval.report.GrowSection;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportContext;
import io.learncast.farm.grid.GridSpec;
import io.learncast.farm.grid.SearchSpace;
import io.learncast.farm.store.GrowRound;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.farm.worker.WorkerPool;
import io.learncast.forecast.grow.GrowCampaign;
import io.learncast.forecast.grow.Proposer;
import io.learncast.forecast.grow.Strategy;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.ForecasterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code learncast grow} end to end on a real H2 file with real (tiny) training: a campaign stopped mid-round resumes. */
class GrowCommandTest {
    @TempDir Path dir;

    static final String SPACE = """
            name: tiny-space
            property: {task: "modadd:p=5"}
            axes:
              width: {log: [4, 32]}
              lr: {log: [1e-3, 0.1]}
              train_frac: {lin: [0.4, 0.9]}
              batch: [full]
              budgets: [10, 20]
            eval_every: 10
            master_seed: 3
            """;

    String db() { return dir.resolve("store").toString(); }

    Path spec(String text) throws Exception { return Files.writeString(dir.resolve("space.yaml"), text); }

    @Test
    void aCampaignStoppedMidRoundResumesWithoutRedoingWork() throws Exception {
        Path spec = spec(SPACE);
        SearchSpace space = SearchSpace.of(GridSpec.readSpace(spec));
        String campaign = GrowCampaign.defaultName(space, Strategy.UNCERTAINTY);
        GrowCampaign.Plan plan = new GrowCampaign.Plan(campaign, space, Strategy.UNCERTAINTY, 2, 6, ForecasterFitter.Search.QUICK, Proposer.Options.defaults());
        List<Long> round1;
        Map<Long, Instant> finished = new HashMap<>();
        try (Store st = JdbcStore.open(StoreLocation.resolve(db()), 6)) {
            // "Ctrl-C" after two runs of the first round: the pool stops, the campaign reports it was interrupted
            GrowCampaign.Result r = GrowCampaign.run(st, plan, ids -> {
                WorkerPool.run(st, WorkerPool.Options.defaults(1).withMaxRuns(2), null);
                return false;
            }, () -> false, new GrowCampaign.Listener() {});
            assertTrue(r.interrupted());
            assertEquals(0, r.finishedNow());
            GrowRound g = st.growRounds().get(campaign, 1).orElseThrow();
            assertEquals(GrowRound.TRAINING, g.state());
            round1 = g.runIds();
            assertEquals(6, round1.size());
            List<StoredRun> runs = st.catalog().runs(RunFilter.all());
            assertEquals(6, runs.size(), "only the first round's runs exist");
            assertEquals(2, runs.stream().filter(x -> x.state() == RunState.DONE).count());
            for (StoredRun x : runs) if (x.state() == RunState.DONE) finished.put(x.id(), x.finishedAt());
            assertTrue(st.growRounds().get(campaign, 2).isEmpty());
        }

        // the same command resumes: round 1 keeps its runs and finishes, round 2 follows
        CliRunner.Result res = CliRunner.run("grow", "--space", spec.toString(), "--rounds", "2", "--batch", "6", "--db", db(), "--workers", "1", "--json");
        assertEquals(0, res.code(), res.err() + res.out());
        JsonNode j = new ObjectMapper().readTree(res.out());
        assertEquals(2, j.get("rounds").size());
        for (JsonNode r : j.get("rounds")) assertEquals("DONE", r.get("state").asText());
        assertEquals(round1.toString(), j.get("rounds").get(0).get("run_ids").toString().replace(",", ", "), "round 1 was not proposed again");
        try (Store st = JdbcStore.open(StoreLocation.resolve(db()), 4)) {
            List<StoredRun> runs = st.catalog().runs(RunFilter.all());
            assertEquals(12, runs.size());
            assertTrue(runs.stream().allMatch(x -> x.state() == RunState.DONE), "every run trained");
            for (Map.Entry<Long, Instant> e : finished.entrySet()) {
                StoredRun x = st.catalog().run(e.getKey()).orElseThrow();
                assertEquals(e.getValue(), x.finishedAt(), "a run trained before the stop is not trained again");
                assertEquals(1, x.claims());
            }
            List<Long> round2 = st.growRounds().get(campaign, 2).orElseThrow().runIds();
            assertTrue(round2.stream().noneMatch(round1::contains));
        }

        // a finished campaign is not redone; raising --rounds grows it
        CliRunner.Result again = CliRunner.run("grow", "--space", spec.toString(), "--rounds", "2", "--batch", "6", "--db", db(), "--workers", "1");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("already has 2 finished rounds"), again.out());
        CliRunner.Result more = CliRunner.run("grow", "--space", spec.toString(), "--rounds", "3", "--batch", "6", "--db", db(), "--workers", "1");
        assertEquals(0, more.code(), more.err());
        assertTrue(more.out().contains("round 3/3: 6 runs"), more.out());
        try (Store st = JdbcStore.open(StoreLocation.resolve(db()), 4)) {
            assertEquals(18, st.catalog().count(RunFilter.all()));
            assertEquals(3, st.growRounds().rounds(campaign).stream().filter(GrowRound::done).count());
        }

        // the report's section: a row per round and where the runs landed
        try (Store st = JdbcStore.open(StoreLocation.resolve(db()), 4)) {
            HtmlReport report = new HtmlReport("t");
            new GrowSection().write(new ReportContext(st, st.catalog().runs(RunFilter.done()), ForecasterRegistry.active(st), 1, Instant.now()), report);
            String html = report.render();
            assertTrue(html.contains("id=\"grow\"") && html.contains(campaign), html);
            assertEquals(3, html.split("<tr>").length - 2, "a header and three rounds: " + html);
            assertTrue(report.figureCount() >= 1, "the phase diagram of the runs");
        }

        // the same campaign with another strategy is refused, clearly
        CliRunner.Result other = CliRunner.run("grow", "--space", spec.toString(), "--rounds", "4", "--strategy", "random", "--campaign", campaign, "--db", db());
        assertEquals(2, other.code());
        assertTrue(other.err().contains("strategy uncertainty"), other.err());
    }

    @Test
    void badSpecsAndFlagsAreUserErrors() throws Exception {
        Path spec = spec(SPACE);
        record Case(String[] args, String says) {}
        List<Case> cases = List.of(
                new Case(new String[] {"grow", "--rounds", "2", "--db", db()}, "--space"),
                new Case(new String[] {"grow", "--space", spec.toString(), "--batch", "0", "--db", db()}, "batch 0 is out of range"),
                new Case(new String[] {"grow", "--space", spec.toString(), "--rounds", "0", "--db", db()}, "rounds 0 is out of range"),
                new Case(new String[] {"grow", "--space", spec.toString(), "--strategy", "greedy", "--db", db()}, "unknown strategy 'greedy'"),
                new Case(new String[] {"grow", "--space", spec.toString(), "--search", "huge", "--db", db()}, "unknown search 'huge'"),
                new Case(new String[] {"grow", "--space", dir.resolve("missing.yaml").toString(), "--db", db()}, "no such spec file"));
        for (Case c : cases) {
            CliRunner.Result r = CliRunner.run(c.args());
            assertEquals(2, r.code(), String.join(" ", c.args()) + ": " + r.err());
            assertTrue(r.err().contains(c.says()), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        Path single = Files.writeString(dir.resolve("single.yaml"), SPACE.replace("width: {log: [4, 32]}", "width: [8]")
                .replace("lr: {log: [1e-3, 0.1]}", "lr: [0.01]").replace("train_frac: {lin: [0.4, 0.9]}", "train_frac: [0.5]"));
        CliRunner.Result r = CliRunner.run("grow", "--space", single.toString(), "--db", db());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no axis that varies"), r.err());
        assertFalse(Files.exists(Path.of(db())), "nothing written for bad input");
    }
}
