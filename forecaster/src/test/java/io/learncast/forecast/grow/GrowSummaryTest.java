package io.learncast.forecast.grow;

import io.learncast.farm.store.GrowRound;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Grow round summaries stored before they were records (written by the map-based campaign) still read, and write back byte for byte. */
class GrowSummaryTest {
    static List<String> stored() throws Exception {
        try (InputStream in = GrowSummaryTest.class.getResourceAsStream("/grow/summaries-v1.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static GrowRound round(String json) {
        return new GrowRound(1, "c", 1, "uncertainty", GrowRound.DONE, null, List.of(1L), json, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void oldSummariesReadAndWriteBackUnchanged() throws Exception {
        List<String> rows = stored();
        assertEquals(4, rows.size());
        for (String row : rows) assertEquals(row, GrowSummary.of(round(row)).json());
    }

    @Test
    void aSkippedRefitIsItsSentence() throws Exception {
        GrowSummary s = GrowSummary.of(round(stored().get(0)));
        assertEquals("tiny-space", s.specName());
        assertTrue(s.seeded());
        assertNull(s.proposedWith());
        assertEquals(List.of("width", "activation", "lr", "train_frac"), s.axes());
        assertEquals(List.of(true, false, true, false), s.axisLog());
        assertEquals(6, s.proposals().size());
        assertEquals("relu", s.proposals().get(0).values().get(1));
        assertNull(s.proposals().get(0).p());
        assertNull(s.refit());
        assertTrue(s.fit() instanceof GrowSummary.Skipped k && k.reason().startsWith("skipped: 6 finished runs"), String.valueOf(s.fit()));
        assertEquals(0, s.runsLearned());
    }

    @Test
    void aRefitKeepsItsScoresAndTheProspectiveForecasts() throws Exception {
        GrowSummary s = GrowSummary.of(round(stored().get(3)));
        assertFalse(s.seeded());
        assertEquals(1L, s.proposedWith());
        GrowSummary.Refit fit = s.refit();
        assertNotNull(fit);
        assertEquals(2, fit.modelId());
        assertTrue(fit.cvAuc() > 0.5 && fit.cvAuc() <= 1);
        assertNotNull(s.prospective());
        int forecasts = s.proposals().stream().mapToInt(p -> p.p().size()).sum();
        assertTrue(s.prospective().n() > 0 && s.prospective().n() <= forecasts, "the round's forecasts are what was scored");
        GrowSummary.Proposal p = s.proposals().get(0);
        assertEquals(3, p.p().size());
        assertNotNull(p.score());
        assertTrue(p.pLow().get(0) <= p.p().get(0) && p.p().get(0) <= p.pHigh().get(0));
        assertTrue(p.number(0) >= 2 && p.number(0) <= 128, "width in the space's range");
    }

    @Test
    void aStartedRoundHasNoOutcomeYetButSaysWhoProposedIt() {
        GrowSummary s = new GrowSummary("sp", "h", 2, true, null, 0, 2, List.of("lr"), List.of(true),
                List.of(new GrowSummary.Proposal(7, "c", List.of(0.01), new double[] {0.5}, null, null, null, null)), null, null, null, null, null);
        assertEquals("{\"axes\":[\"lr\"],\"axis_log\":[true],\"batch\":2,\"enqueued\":2,\"ledger_entries\":0,"
                + "\"proposals\":[{\"config_hash\":\"c\",\"point\":[0.5],\"run_id\":7,\"values\":[0.01]}],"
                + "\"proposed_with\":null,\"seeded\":true,\"spec_hash\":\"h\",\"spec_name\":\"sp\"}", s.json());
        assertNull(GrowSummary.of(round(s.json())).fit());
    }

    @Test
    void anAbsentOrUnreadableSummaryIsEmpty() {
        assertSame(GrowSummary.EMPTY, GrowSummary.of(round(null)));
        assertSame(GrowSummary.EMPTY, GrowSummary.of(round("not json")));
        assertTrue(GrowSummary.EMPTY.proposals().isEmpty());
    }
}
