package io.learncast.farm.store.jdbc;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.TargetConfig;
import io.learncast.data.DataSpec;
import io.learncast.data.CurvePoint;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.CorpusRow;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunQueue.ImportedRun;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The export query: id order across pages, filters, curves per run, and rows written before V4 read from their config JSON. */
class CorpusStreamTest {
    @TempDir Path dir;
    @TempDir static Path shared;
    /** Two full pages of the export query and part of a third. */
    static final int RUNS = 10_500;
    static List<ImportedRun> imported;

    @org.junit.jupiter.api.BeforeAll
    static void fill() {
        imported = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) imported.add(run(i, i % 4 == 0 ? "b" : "a"));
        try (Store s = JdbcStore.open(StoreLocation.parse(shared.toString(), "--db"))) {
            for (int from = 0; from < RUNS; from += 1500) s.queue().importRuns(imported.subList(from, Math.min(RUNS, from + 1500)));
        }
    }

    static ImportedRun run(int i, String source) {
        RunConfig c = RunConfig.defaults("modadd:p=7").with(new BudgetConfig(200, 100, List.of())).with(new DataSpec(null, 20, 5, 0)).withSeed(i)
                .with(new TargetConfig("modadd:p=7", io.learncast.data.Metric.TEST_ACC, 0.9, 2));
        List<CurvePoint> curve = i % 3 == 0 ? List.of() : List.of(new CurvePoint(0, 1, 0.1, 1, 0.1, 1), new CurvePoint(100 + i % 50, 0.5, 0.5, 0.6, 0.4, 2));
        RunResult r = new RunResult(Outcome.NOT_LEARNED, null, null, 200, 0.4, 0.4, 0.5, 0.6, 0.5, -1, null, 0, 0, 0, null, curve,
                new Provenance(c, null, null, null, null, source, null, null, null, null, i % 2 == 0 ? Map.of("i", i) : Map.of()));
        return new ImportedRun(c, r, source);
    }

    @Test
    void streamsEveryRunInIdOrderAcrossPagesWithItsCurve() {
        try (Store s = JdbcStore.open(StoreLocation.parse(shared.toString(), "--db"))) {
            List<ImportedRun> runs = imported;
            List<CorpusRow> rows = new ArrayList<>();
            s.catalog().streamCorpus(RunFilter.done(), true, rows::add);
            assertEquals(RUNS, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                CorpusRow r = rows.get(i);
                assertEquals(i, r.seed(), "file order is id order");
                assertEquals(runs.get(i).result().curve(), r.curve());
                assertEquals(i % 2 == 0 ? "{\"i\":" + i + "}" : null, r.extraJson());
                assertEquals(2, r.hold());
                assertEquals(5, r.testSize());
                assertNull(r.wallMs(), "a negative wall time is stored as unknown");
            }
            List<CorpusRow> b = new ArrayList<>();
            s.catalog().streamCorpus(RunFilter.done().withSource("b"), false, b::add);
            assertEquals(RUNS / 4, b.size());
            assertTrue(b.stream().allMatch(r -> r.seed() % 4 == 0 && r.curve() == null));
        }
    }

    @Test
    void rowsWrittenBeforeTheCorpusColumnsAreReadFromTheirConfig() throws Exception {
        List<CorpusRow> before = new ArrayList<>();
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.toString(), "--db"))) {
            s.queue().importRuns(List.of(run(1, "a"), run(2, "a")));
            s.catalog().streamCorpus(RunFilter.done(), false, before::add);
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("learncast"), "learncast", "");
             Statement st = c.createStatement()) {
            assertEquals(2, st.executeUpdate("UPDATE runs SET hold = NULL, test_size = NULL"));
        }
        List<CorpusRow> after = new ArrayList<>();
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.toString(), "--db"))) {
            s.catalog().streamCorpus(RunFilter.done(), false, after::add);
        }
        assertEquals(before, after);
        assertEquals(2, after.get(0).hold());
    }

    @Test
    void aFailingSinkStopsTheStreamCleanly() {
        try (Store s = JdbcStore.open(StoreLocation.parse(shared.toString(), "--db"))) {
            int[] seen = {0};
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.catalog().streamCorpus(RunFilter.done(), false, r -> {
                if (++seen[0] == 6_000) throw new IllegalStateException("stop");
            }));
            assertEquals("stop", e.getMessage());
            assertEquals(RUNS, s.catalog().count(RunFilter.done()), "the store is still usable");
        }
    }
}
