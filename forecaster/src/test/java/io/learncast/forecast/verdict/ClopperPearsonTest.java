package io.learncast.forecast.verdict;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The exact binomial upper bounds the stopping rule is held to, against closed forms and published values. */
class ClopperPearsonTest {

    @Test
    void noneStoppedIsTheClosedForm() {
        assertEquals(1 - Math.pow(0.05, 1 / 48.0), ClopperPearson.upper(0, 48, 0.95), 1e-12);
        assertEquals(0.0605, ClopperPearson.upper(0, 48, 0.95), 5e-5, "48 late learners, none stopped: at best a 6 % bound");
        assertEquals(1.0, ClopperPearson.upper(0, 0, 0.95), "no runs: nothing is bounded");
        assertEquals(1.0, ClopperPearson.upper(5, 5, 0.95));
    }

    @Test
    void matchesTheBinomialTailElsewhere() {
        // one-sided 95 % upper bounds (e.g. R: binom.test(k, n, alternative = "less")$conf.int[2])
        assertEquals(0.3942, ClopperPearson.upper(1, 10, 0.95), 5e-5);
        assertEquals(0.0466, ClopperPearson.upper(1, 100, 0.95), 5e-5);
        assertEquals(0.0181, ClopperPearson.upper(2, 340, 0.95), 5e-4);
        // the bound is where P(X ≤ k) = 5 %
        double u = ClopperPearson.upper(3, 200, 0.9);
        assertEquals(0.10, ClopperPearson.cdf(3, 200, u), 1e-9);
        assertTrue(ClopperPearson.upper(3, 200, 0.95) > u, "more confidence, a larger bound");
        assertTrue(ClopperPearson.upper(4, 200, 0.9) > u, "more stopped, a larger bound");
    }

    @Test
    void runsNeededForAOnePercentBound() {
        assertEquals(299, ClopperPearson.runsNeeded(0.01, 0.95), "the rule of three: ≈ 3 / 1 %");
        assertTrue(ClopperPearson.upper(0, 299, 0.95) <= 0.01);
        assertTrue(ClopperPearson.upper(0, 298, 0.95) > 0.01);
        assertEquals(0, ClopperPearson.runsNeeded(1, 0.95), "a bound of 1 needs nobody");
    }
}
