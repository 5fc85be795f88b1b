package io.learncast.farm.store;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.data.CurvePoint;
import io.learncast.data.property.CurveLabel;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Stored curve labels on H2 and PostgreSQL: read back exactly as written (monotone and pointwise), only for the curve
 * they were computed from (a run trained again is labelled again) and by the same labeller version; rewriting replaces.
 */
class LabelCacheTest {
    @TempDir Path dir;

    static List<String> kinds() { return TestStores.kinds(); }

    static RunResult result(RunConfig c, List<CurvePoint> curve) {
        CurvePoint last = curve.get(curve.size() - 1);
        return new RunResult(Outcome.NOT_LEARNED, null, null, last.step(), last.testAcc(), last.testAcc(), last.trainAcc(), last.testLoss(), last.trainLoss(),
                10, "f".repeat(64), 20, 29, 7, "test", curve, io.learncast.farm.result.Provenance.forTraining(c, "f".repeat(64), "test",
                java.time.Instant.now(), java.time.Instant.now()));
    }

    @ParameterizedTest @MethodSource("kinds")
    void labelsComeBackOnlyForTheCurveAndVersionTheyWereComputedFrom(String kind) {
        try (Store s = JdbcStore.open(TestStores.of(kind, dir))) {
            RunConfig c = RunConfig.defaults("modadd:p=7").with(new BudgetConfig(200, 100, List.of()));
            s.queue().enqueue(List.of(c, c.withReplica(1, 1)), "farm", null);
            for (StoredRun r : s.catalog().runs(RunFilter.all())) {
                Claim cl = s.queue().claimRun(r.id(), "w", Duration.ofSeconds(30)).orElseThrow();
                List<CurvePoint> curve = List.of(new CurvePoint(0, 2, 0.1, 2, 0.1, 1), new CurvePoint(100, 1, 0.9, 1, 0.5, 1), new CurvePoint(200, 1, 1, 1, 0.6, 1));
                assertTrue(s.queue().complete(cl, result(c, curve)));
            }
            List<StoredRun> runs = s.catalog().runs(RunFilter.done());
            StoredRun a = runs.get(0), b = runs.get(1);
            CurveLabel grok = new CurveLabel(1300L, 1250L, false, 3000, 100L, 1250L, null);
            TreeMap<Long, Boolean> pw = new TreeMap<>(Map.of(0L, false, 100L, true, 200L, false));
            CurveLabel mem = new CurveLabel(null, null, false, 200, null, null, pw);
            CurveLabel never = new CurveLabel(null, null, true, 200, null, null, new TreeMap<>());
            assertEquals(Map.of(), s.labels().read("grokking", 1, runs), "nothing stored yet");
            s.labels().write("grokking", 1, Map.of(a, grok));
            s.labels().write("memorisation", 1, Map.of(a, mem, b, never));

            assertEquals(Map.of(a.id(), grok), s.labels().read("grokking", 1, runs));
            assertEquals(Map.of(a.id(), mem, b.id(), never), s.labels().read("memorisation", 1, runs), "pointwise labels, empty ones too");
            assertEquals(Map.of(), s.labels().read("grokking", 2, runs), "another labeller version ignores them");
            assertEquals(Map.of(), s.labels().read("grokking", 1, List.of(b)), "only the runs asked for");
            assertEquals(Map.of(), s.labels().read("x".repeat(LabelCache.MAX_PROPERTY + 1), 1, runs), "too long a property is never kept");
            s.labels().write("x".repeat(LabelCache.MAX_PROPERTY + 1), 1, Map.of(a, grok)); // nothing written, no error

            CurveLabel regrok = new CurveLabel(null, null, true, 3000, 100L, 150L, null);
            s.labels().write("grokking", 1, Map.of(a, regrok));
            assertEquals(Map.of(a.id(), regrok), s.labels().read("grokking", 1, runs), "a rewrite replaces");

            // the run trained again (resumed): its curve is new, so its old label is not returned
            assertTrue(s.queue().requeue(a.id(), "test"));
            Claim again = s.queue().claimRun(a.id(), "w", Duration.ofSeconds(30)).orElseThrow();
            assertTrue(s.queue().complete(again, result(c,
                    List.of(new CurvePoint(0, 2, 0.1, 2, 0.1, 1), new CurvePoint(200, 1, 1, 1, 0.6, 1)))));
            List<StoredRun> after = s.catalog().runs(RunFilter.done());
            assertEquals(Map.of(), s.labels().read("grokking", 1, after), "labelled from an older curve");
            assertEquals(Map.of(b.id(), never), s.labels().read("memorisation", 1, after));
        }
    }
}
