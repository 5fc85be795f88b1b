package io.learncast.farm.store;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.data.CurvePoint;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The store's contract, on embedded H2 and on PostgreSQL. */
class StoreRoundTripTest {
    static List<String> kinds() { return TestStores.kinds(); }

    @TempDir Path dir;

    static RunResult result(RunConfig c, boolean learned) {
        List<CurvePoint> curve = List.of(new CurvePoint(0, 3.1, 0.01, 3.2, 0.0, 10), new CurvePoint(100, 0.2, 0.99, 0.3, 0.97, 12),
                new CurvePoint(200, 0.1, 1.0, 0.2, 0.98, 12.5));
        return new RunResult(learned ? Outcome.LEARNED : Outcome.NOT_LEARNED, learned ? 100L : null, learned ? 200L : null, 200,
                0.98, 0.98, 1.0, 0.2, 0.1, 1234, "f".repeat(64), 100, 50, 7, "test", curve,
                Provenance.forTraining(c, "f".repeat(64), "test", Instant.now(), Instant.now()));
    }

    @ParameterizedTest @MethodSource("kinds")
    void runsCurvesAndOutcomesRoundTrip(String kind) {
        StoreLocation loc = TestStores.of(kind, dir);
        RunConfig c = RunConfig.defaults("modadd:p=7").with(new BudgetConfig(200, 100, List.of(100L)));
        long id;
        try (Store s = JdbcStore.open(loc)) {
            EnqueueReport r = s.queue().enqueue(List.of(c, c.withReplica(1, 1)), "farm", null);
            assertEquals(2, r.addedCount());
            assertEquals(0, s.queue().enqueue(List.of(c), "farm", null).addedCount(), "enqueueing twice adds nothing");
            List<Claim> claims = s.queue().claim("w1", 4, Duration.ofSeconds(30));
            assertEquals(2, claims.size(), "same-shaped runs are claimed together");
            id = claims.get(0).runId();
            assertTrue(s.queue().complete(claims.get(0), result(c, true)));
            assertTrue(s.queue().release(claims.get(1)));
        }
        try (Store s = JdbcStore.open(loc)) {
            StoredRun run = s.catalog().run(id).orElseThrow();
            assertEquals(RunState.DONE, run.state());
            assertEquals(c, run.config());
            assertEquals(Outcome.LEARNED, run.outcome());
            assertEquals(3, s.catalog().curve(id).size());
            assertEquals(0.97, s.catalog().curve(id).get(1).testAcc());
            assertEquals(true, s.catalog().learnedWithin(id, 200).orElseThrow());
            assertEquals(false, s.catalog().learnedWithin(id, 150).orElseThrow());
            assertEquals(1, s.catalog().count(RunFilter.all().withState(RunState.QUEUED)));
            assertEquals(7, run.numClasses());
            assertTrue(s.catalog().hasDataset("f".repeat(64)));
            StoreStatus st = s.catalog().status(10);
            assertEquals(1, st.learned());
            assertEquals(1, st.count(RunState.QUEUED));
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void aReclaimedClaimCannotWrite(String kind) throws Exception {
        StoreLocation loc = TestStores.of(kind, dir);
        RunConfig c = RunConfig.defaults("modadd:p=7");
        try (Store s = JdbcStore.open(loc)) {
            s.queue().enqueue(List.of(c), "farm", null);
            Claim stale = s.queue().claim("slow", 1, Duration.ofMillis(1)).get(0);
            Thread.sleep(20);
            Claim fresh = s.queue().claim("fast", 1, Duration.ofSeconds(30)).get(0);
            assertEquals(stale.runId(), fresh.runId());
            assertTrue(fresh.token() > stale.token());
            assertFalse(s.queue().complete(stale, result(c, false)), "the stale worker is fenced off");
            assertFalse(s.queue().appendCurve(stale, result(c, false).curve()));
            // the claim, not the run: one process can hold a stale claim and a fresh one on the same run at once
            assertEquals(Set.of(stale), s.queue().renew(List.of(stale, fresh), Duration.ofSeconds(5)));
            assertTrue(s.queue().complete(fresh, result(c, true)));
            StoredRun run = s.catalog().run(fresh.runId()).orElseThrow();
            assertEquals(Outcome.LEARNED, run.outcome());
            assertEquals(1, run.attempts(), "the expired lease counted as an attempt");
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void ledgerChainsAndScoresForecastsMadeBeforeTraining(String kind) {
        StoreLocation loc = TestStores.of(kind, dir);
        RunConfig c = RunConfig.defaults("modadd:p=7");
        try (Store s = JdbcStore.open(loc)) {
            long model = s.models().register(new NewModel("forecaster", "v", 1, 0, 0, "0".repeat(64), "{}", new byte[] {1, 2, 3}), true);
            List<Long> ids = s.ledger().record(List.of(new NewForecast(model, c.configHash(), c.groupHash(), "{}", 3000, 0.8, 0.7, 0.9, 500.0, 300.0, 900.0, "query")));
            assertNotNull(ids.get(0));
            s.queue().enqueue(List.of(c), "farm", null);
            Claim cl = s.queue().claim("w", 1, Duration.ofSeconds(30)).get(0);
            assertNull(s.ledger().record(List.of(new NewForecast(model, c.configHash(), c.groupHash(), "{}", 3000, 0.8, null, null, null, null, null, "query"))).get(0),
                    "a forecast for a config already in training proves nothing and is not recorded");
            assertEquals(0, s.ledger().score());
            s.queue().complete(cl, result(c, true));
            assertEquals(1, s.ledger().score());
            LedgerEntry e = s.ledger().entries().get(0);
            assertEquals(Boolean.TRUE, e.outcomeLearned());
            assertTrue(s.ledger().verify().intact());
            assertArrayEquals(new byte[] {1, 2, 3}, s.models().artifact(model));
            assertEquals(model, s.models().active("forecaster").orElseThrow().id());
        }
    }
}
