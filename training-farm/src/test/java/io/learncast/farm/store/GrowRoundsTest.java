package io.learncast.farm.store;

import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Grow rounds on H2 and PostgreSQL: started once, finished with a model and summary, listed in order. */
class GrowRoundsTest {
    @TempDir Path dir;

    static List<String> kinds() { return TestStores.kinds(); }

    @ParameterizedTest @MethodSource("kinds")
    void roundsStartOnceFinishAndListInOrder(String kind) {
        try (Store s = JdbcStore.open(TestStores.of(kind, dir))) {
            GrowRounds g = s.growRounds();
            assertTrue(g.get("c", 1).isEmpty());
            GrowRound r2 = g.start("c", 2, "random", List.of(7L, 8L), "{\"x\":2}");
            GrowRound r1 = g.start("c", 1, "random", List.of(3L, 4L, 5L), "{\"x\":1}");
            assertEquals(GrowRound.TRAINING, r1.state());
            assertEquals(List.of(3L, 4L, 5L), r1.runIds());
            assertNull(r1.modelId());
            assertNotNull(r1.createdAt());
            // starting a round that exists returns it unchanged (another process got there first)
            GrowRound again = g.start("c", 1, "random", List.of(99L), "{}");
            assertEquals(r1.id(), again.id());
            assertEquals(List.of(3L, 4L, 5L), again.runIds());
            g.start("other", 1, "uncertainty", List.of(), null);
            assertTrue(g.finish("c", 1, 42L, "{\"auc\":0.9}"));
            assertFalse(g.finish("c", 9, null, "{}"));
            GrowRound done = g.get("c", 1).orElseThrow();
            assertTrue(done.done());
            assertEquals(42L, done.modelId());
            assertEquals("{\"auc\":0.9}", done.summaryJson());
            assertNotNull(done.finishedAt());
            assertEquals(List.of(1, 2), g.rounds("c").stream().map(GrowRound::round).toList());
            assertEquals(List.of(), g.rounds("other").get(0).runIds());
            assertEquals(List.of("c", "c", "other"), g.all().stream().map(GrowRound::campaign).toList());
            assertEquals(r2.id(), g.get("c", 2).orElseThrow().id());
        }
    }
}
