package io.learncast.forecast.judge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A pooled report ({@code judge fit --also-db}) names each trajectory's run by its store and the id it has there. */
class JudgeReportTest {

    private static JudgeReport.Trajectory trajectory(long id) {
        return new JudgeReport.Trajectory(id, "run #" + id + " modadd:p=47 w128 lr=0.01 wd=1.0 frac=0.5", List.of(0L, 100L), List.of(0.1, 1.0),
                List.of(0.0, 0.4), List.of(0.01, 0.2), List.of(0.05, 0.6), null);
    }

    private static JudgeReport report(List<JudgeReport.Trajectory> t) {
        return new JudgeReport(1, "test", "2026-12-06T00:00:00Z", 3, 6, 3, 2, 19, 500, List.of("modadd:p=47"), List.of(), List.of(), null, t,
                List.of(), List.of(), List.of(), null, null);
    }

    @Test
    void pooledRunsAreNamedByTheirStoreAndTheirOwnId() {
        JudgeReport r = report(List.of(trajectory(12), trajectory(Judges.STORE_OFFSET + 7), trajectory(2 * Judges.STORE_OFFSET + 7)))
                .withPooledFrom("/data/c47", List.of("/data/edge", "/data/p23"));
        assertEquals(List.of("/data/edge", "/data/p23"), r.pooledFrom());
        List<JudgeReport.Trajectory> t = r.trajectories();
        assertEquals(List.of(12L, 7L, 7L), t.stream().map(JudgeReport.Trajectory::runId).toList());
        assertEquals(List.of("/data/c47", "/data/edge", "/data/p23"), t.stream().map(JudgeReport.Trajectory::store).toList());
        assertEquals("run #7 of /data/edge modadd:p=47 w128 lr=0.01 wd=1.0 frac=0.5", t.get(1).label());
        assertEquals(List.of(0.05, 0.6), t.get(1).pWithin(), "the curves are kept as they were");
        assertNull(report(List.of(trajectory(12))).trajectories().get(0).store(), "one store: no store named");
    }

    @Test
    void anIdFromNoPooledStoreIsAnError() {
        JudgeReport r = report(List.of(trajectory(3 * Judges.STORE_OFFSET + 1)));
        assertThrows(IllegalArgumentException.class, () -> r.withPooledFrom("/data/c47", List.of("/data/edge")));
    }
}
