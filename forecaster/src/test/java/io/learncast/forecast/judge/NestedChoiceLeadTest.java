package io.learncast.forecast.judge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ninth session (issue 19): the within-Δ candidate is chosen by inner median lead, ties and missing leads by inner AUC. */
class NestedChoiceLeadTest {
    private static final double NAN = Double.NaN;

    @Test
    void theLongestInnerLeadWinsOverTheBestInnerAuc() {
        assertEquals(2, NestedChoice.best(new double[] {1, 2, 2.5}, new double[] {0.95, 0.90, 0.80}));
    }

    @Test
    void aTieOnTheLeadGoesToTheBetterAucThenTheEarlier() {
        assertEquals(2, NestedChoice.best(new double[] {1, 2, 2}, new double[] {0.95, 0.80, 0.85}));
        assertEquals(1, NestedChoice.best(new double[] {1, 2, 2}, new double[] {0.95, 0.85, 0.85}));
    }

    @Test
    void aCandidateWithoutAnAdmissibleThresholdNeverBeatsOneWithALead() {
        assertEquals(1, NestedChoice.best(new double[] {NAN, -3, NAN}, new double[] {0.99, 0.50, 0.98}));
        // none has a lead: the inner AUC decides, as before the ninth session
        assertEquals(2, NestedChoice.best(new double[] {NAN, NAN, NAN}, new double[] {0.90, 0.80, 0.95}));
        assertEquals(0, NestedChoice.best(new double[] {NAN, NAN, NAN}, new double[] {NAN, NAN, NAN}));
    }
}
