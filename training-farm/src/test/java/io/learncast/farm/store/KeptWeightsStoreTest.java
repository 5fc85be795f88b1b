package io.learncast.farm.store;

import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.farm.weights.KeptWeights;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** A run's kept final weights (`farm run --keep-weights`), on embedded H2 and on PostgreSQL. */
class KeptWeightsStoreTest {
    static List<String> kinds() { return TestStores.kinds(); }

    @TempDir Path dir;

    static KeptWeights weights(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b); // incompressible: what a BLOB/BYTEA must carry byte for byte
        return new KeptWeights(KeptWeights.FORMAT, b, 2L * n);
    }

    @ParameterizedTest @MethodSource("kinds")
    void weightsAreKeptWithTheResultAndOnlyWhenGiven(String kind) throws Exception {
        StoreLocation loc = TestStores.of(kind, dir);
        RunConfig c = RunConfig.defaults("modadd:p=7");
        KeptWeights w = weights(300_000, 1);
        long kept;
        long plain;
        try (Store s = JdbcStore.open(loc)) {
            s.queue().enqueue(List.of(c, c.withReplica(1, 1)), "farm", null);
            List<Claim> claims = s.queue().claim("w1", 2, Duration.ofSeconds(30));
            kept = claims.get(0).runId();
            plain = claims.get(1).runId();
            assertTrue(s.queue().complete(claims.get(0), StoreRoundTripTest.result(c, true), w));
            assertTrue(s.queue().complete(claims.get(1), StoreRoundTripTest.result(c, false)));
        }
        try (Store s = JdbcStore.open(loc)) {
            KeptWeights back = s.catalog().keptWeights(kept).orElseThrow();
            assertArrayEquals(w.npz(), back.npz(), "byte for byte");
            assertEquals(KeptWeights.FORMAT, back.format());
            assertEquals(w.rawBytes(), back.rawBytes());
            assertTrue(s.catalog().keptWeights(plain).isEmpty(), "a run completed without weights has none");
            assertTrue(s.catalog().keptWeights(9_999).isEmpty());

            // trained again without keeping: the old weights would no longer be this run's, so they go with the new result
            assertTrue(s.queue().requeue(kept, "again"));
            Claim again = s.queue().claim("w2", 1, Duration.ofSeconds(30)).get(0);
            assertEquals(kept, again.runId());
            assertTrue(s.catalog().keptWeights(kept).isPresent(), "kept until the new result is written");
            assertTrue(s.queue().complete(again, StoreRoundTripTest.result(c, true)));
            assertTrue(s.catalog().keptWeights(kept).isEmpty());
        }
    }

    @ParameterizedTest @MethodSource("kinds")
    void aFencedWorkerWritesNoWeights(String kind) throws Exception {
        StoreLocation loc = TestStores.of(kind, dir);
        RunConfig c = RunConfig.defaults("modadd:p=7");
        try (Store s = JdbcStore.open(loc)) {
            s.queue().enqueue(List.of(c), "farm", null);
            Claim stale = s.queue().claim("slow", 1, Duration.ofMillis(1)).get(0);
            Thread.sleep(20);
            Claim fresh = s.queue().claim("fast", 1, Duration.ofSeconds(30)).get(0);
            assertFalse(s.queue().complete(stale, StoreRoundTripTest.result(c, false), weights(1000, 2)));
            assertTrue(s.catalog().keptWeights(stale.runId()).isEmpty(), "a lost lease writes neither result nor weights");
            KeptWeights w = weights(1000, 3);
            assertTrue(s.queue().complete(fresh, StoreRoundTripTest.result(c, true), w));
            assertArrayEquals(w.npz(), s.catalog().keptWeights(fresh.runId()).orElseThrow().npz());
        }
    }
}
