package io.learncast.forecast.verdict;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The stopping threshold chosen under a bound: the largest that keeps the upper bounds on learners and
 * late learners lost, a refusal (one line, saying why) when the corpus cannot support the bound, and
 * the bound an explicit threshold gives.
 */
class SafeThresholdTest {

    /**
     * Trials of {@code learners} runs that learn (the first {@code late} of them late) at P = 0.2 at
     * every cut, one of them at {@code lowLearner} instead, and {@code hopeless} runs at P = 0.001.
     */
    static StopTrials trials(int learners, int late, int hopeless, double lowLearner) {
        List<StopTrials.Run> runs = new ArrayList<>();
        List<double[]> cuts = new ArrayList<>(); // run, fraction, step, p
        double[] fr = {0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5};
        for (int i = 0; i < learners + hopeless; i++) {
            boolean learns = i < learners;
            runs.add(new StopTrials.Run(i + 1, "g" + i, "modadd:p=23", 1000, learns ? 800 : 1000, learns, learns && i < late));
            double p = !learns ? 0.001 : i == learners - 1 ? lowLearner : 0.2;
            for (double f : fr) cuts.add(new double[] {i, f, f * 1000, p});
        }
        int n = cuts.size();
        int[] run = new int[n];
        double[] f = new double[n], p = new double[n];
        long[] step = new long[n];
        for (int k = 0; k < n; k++) {
            run[k] = (int) cuts.get(k)[0];
            f[k] = cuts.get(k)[1];
            step[k] = (long) cuts.get(k)[2];
            p[k] = cuts.get(k)[3];
        }
        return new StopTrials(runs, run, f, step, p, new boolean[n]);
    }

    @Test
    void choosesTheLargestThresholdThatKeepsTheBound() {
        StopTrials t = trials(400, 320, 600, 0.02);
        SafeThreshold s = SafeThreshold.choose(t, LossBound.defaults(), 0.1, 2);
        assertTrue(s.acts(), s.refusal());
        // stopping the one learner at P = 0.02 would give an upper bound of 1.2 % > 1 %: the threshold stays at or below 0.02
        assertTrue(s.threshold() <= 0.02 && s.threshold() > 0.001, "threshold " + s.threshold());
        assertEquals(0, s.learnersStopped());
        assertTrue(s.learnerLossUpper() <= 0.01 && s.lateLossUpper() <= 0.01, s.summary());
        // every hopeless run stopped at its second low cut at or past 10 %: 1000 − 150 steps saved each
        assertEquals(600L * 850, s.stepsSaved());
        int next = java.util.Arrays.binarySearch(SafeThreshold.GRID, s.threshold()) + 1;
        SafeThreshold beyond = SafeThreshold.of(t, LossBound.defaults(), new VerdictPolicy(SafeThreshold.GRID[next], 0.1, 2));
        assertEquals(1, beyond.learnersStopped(), "the next threshold up stops the learner");
        assertFalse(beyond.withinBound(), beyond.summary());
    }

    @Test
    void refusesWithOneLineWhenTooFewLearners() {
        SafeThreshold s = SafeThreshold.choose(trials(200, 0, 600, 0.2), LossBound.defaults(), 0.1, 2);
        assertFalse(s.acts());
        assertTrue(s.refusal().contains("200 learners") && s.refusal().contains("299") && s.refusal().contains("1.5 %"), s.refusal());
        assertFalse(s.refusal().contains("\n"));
    }

    @Test
    void refusesWhenTooFewLateLearnersUnlessThatCheckIsOff() {
        StopTrials t = trials(400, 48, 600, 0.2);
        SafeThreshold s = SafeThreshold.choose(t, LossBound.defaults(), 0.1, 2);
        assertFalse(s.acts());
        assertTrue(s.refusal().contains("48 late learners") && s.refusal().contains("6.1 %") && s.refusal().contains("--max-late-loss"), s.refusal());
        SafeThreshold loose = SafeThreshold.choose(t, new LossBound(0.01, 0.07, 0.95), 0.1, 2);
        assertTrue(loose.acts(), loose.refusal());
        assertTrue(SafeThreshold.choose(t, new LossBound(0.01, 1, 0.95), 0.1, 2).acts(), "a late bound of 1 is no check");
    }

    @Test
    void refusesWhenEvenTheSmallestThresholdStopsTooManyLearners() {
        StopTrials t = trials(400, 320, 600, 1e-6);
        SafeThreshold s = SafeThreshold.choose(t, LossBound.defaults(), 0.1, 2);
        assertFalse(s.acts());
        assertTrue(s.refusal().startsWith("even P < 0.0001 stops 1 of 400 learners"), s.refusal());
    }

    @Test
    void anExplicitThresholdSaysWhatBoundItGives() {
        StopTrials t = trials(400, 320, 600, 0.02);
        SafeThreshold s = SafeThreshold.of(t, LossBound.defaults(), new VerdictPolicy(0.05, 0.1, 2));
        assertEquals(1, s.learnersStopped());
        assertEquals(ClopperPearson.upper(1, 400, 0.95), s.learnerLossUpper(), 1e-12);
        assertFalse(s.withinBound());
        assertTrue(s.summary().startsWith("1 of 400 learners stopped (95 % upper bound 1.2 %)"), s.summary());
    }

    @Test
    void aLaterMinimumFractionSavesLess() {
        StopTrials t = trials(400, 320, 600, 0.02);
        SafeThreshold early = SafeThreshold.choose(t, LossBound.defaults(), 0.1, 2);
        SafeThreshold late = SafeThreshold.choose(t, LossBound.defaults(), 0.3, 2);
        assertEquals(early.threshold(), late.threshold());
        assertEquals(600L * (1000 - 400), late.stepsSaved(), "stopped at the second cut from 30 %: step 400");
    }
}
