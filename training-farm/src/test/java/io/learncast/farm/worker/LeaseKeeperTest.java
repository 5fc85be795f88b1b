package io.learncast.farm.worker;

import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.Claim;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.TestStores;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseKeeperTest {
    @TempDir Path dir;

    /**
     * After a stall, one worker thread can still hold a run's expired claim while another thread of the same process has
     * claimed that run afresh. Only the stale claim is lost: the fresh one trains on. (Keyed by run id, the keeper had
     * the fresh claim abandoned too and, once the stale one was dropped, given back to the queue: a run claimed three
     * times with one expired lease, seen in FarmProcessesTest under load.)
     */
    @Test
    void aStaleClaimIsLostAndAFreshClaimOnTheSameRunIsNot() throws Exception {
        try (Store s = JdbcStore.open(TestStores.h2(dir))) {
            s.queue().enqueue(List.of(RunConfig.defaults("modadd:p=7")), "farm", null);
            Claim stale = s.queue().claim("farm@h:1:a/1", 1, Duration.ofMillis(1)).get(0);
            Thread.sleep(20);
            Claim fresh = s.queue().claim("farm@h:1:a/2", 1, Duration.ofSeconds(30)).get(0); // reclaims the expired lease
            assertEquals(stale.runId(), fresh.runId());
            try (LeaseKeeper keeper = new LeaseKeeper(s.queue(), Duration.ofMillis(300))) {
                keeper.hold(List.of(stale, fresh));
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (!keeper.isLost(stale) && System.nanoTime() < deadline) Thread.sleep(20);
                assertTrue(keeper.isLost(stale), "the renewal finds the stale claim reclaimed");
                assertFalse(keeper.isLost(fresh), "the fresh claim on the same run holds its lease");
                keeper.drop(stale);
                assertFalse(keeper.isLost(fresh));
                assertFalse(keeper.isLost(stale), "a dropped claim is forgotten");
                Thread.sleep(400); // more renewals: the fresh claim stays held
                assertFalse(keeper.isLost(fresh));
            }
            assertEquals("RUNNING", s.catalog().run(fresh.runId()).orElseThrow().state().name());
        }
    }
}
