package io.learncast.forecast.verdict;

import io.learncast.data.CurvePoint;
import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.Knobs;

import java.util.List;

/**
 * A fitted verdict model with its report and the out-of-fold stopping trials it was scored on (null for
 * a model fitted before they were kept): the verdict on any config and curve so far, and the stopping
 * threshold that keeps a bound.
 */
public record FittedVerdict(VerdictModel model, VerdictReport report, StopTrials trials) {

    /**
     * The threshold {@code policy}-like stopping would use under {@code bound} (its min fraction and
     * hold), or a refusal; recomputed from the stored trials, so any bound and policy can be asked.
     */
    public SafeThreshold safeThreshold(LossBound bound, double minFraction, int hold) {
        if (trials == null) {
            return new SafeThreshold(bound, minFraction, hold, null, "it was fitted before stopping bounds were recorded (refit it: learncast verdict fit)",
                    report.corpusRuns(), report.learners(), report.lateLearners(), 0, 0, Double.NaN, Double.NaN, 0, 0);
        }
        return SafeThreshold.choose(trials, bound, minFraction, hold);
    }

    /** What an explicit threshold does on the stored trials, with its upper bounds; null without trials. */
    public SafeThreshold boundOf(LossBound bound, VerdictPolicy policy) {
        return trials == null ? null : SafeThreshold.of(trials, bound, policy);
    }

    /** The verdict on a run of {@code config} whose curve so far is {@code curve} (at its last point). */
    public Verdict verdict(RunConfig config, List<CurvePoint> curve) {
        return verdict(config, Knobs.of(config), curve);
    }

    public Verdict verdict(RunConfig config, Knobs knobs, List<CurvePoint> curve) {
        double[] x = CurveFeatures.of(config, knobs, curve);
        CurvePoint last = curve.get(curve.size() - 1);
        double p = model.probability(x);
        long budget = config.steps();
        long when = Math.max(last.step(), Math.round(model.stepFraction(x) * budget));
        Long memorised = null;
        for (CurvePoint c : curve) {
            if (c.trainAcc() >= CurveFeatures.FIT) {
                memorised = c.step();
                break;
            }
        }
        return new Verdict(null, null, last.step(), budget, last.step() / (double) budget, p, when, last.trainAcc(), last.testAcc(), memorised,
                rising(config, curve), null, null, null, null, null);
    }

    /**
     * The verdict now, judged by {@code policy} with the history the farm would have seen: the verdicts
     * at each cut the curve has passed ({@link VerdictRows#FRACTIONS}), counted for consecutive lows.
     */
    public Verdict judge(RunConfig config, List<CurvePoint> curve, VerdictPolicy policy) {
        Knobs knobs = Knobs.of(config);
        VerdictPolicy.Streak streak = new VerdictPolicy.Streak();
        long last = curve.get(curve.size() - 1).step();
        long prev = -1;
        boolean stopped = false;
        for (double f : VerdictRows.FRACTIONS) {
            List<CurvePoint> prefix = CurveFeatures.upTo(curve, (long) Math.floor(f * config.steps()));
            if (prefix.isEmpty()) continue;
            long step = prefix.get(prefix.size() - 1).step();
            if (step == prev || step >= config.steps()) continue;
            if (step == last && Math.floor(f * config.steps()) >= last + config.evalEvery()) break; // the cut lies beyond the curve so far
            prev = step;
            Verdict v = verdict(config, knobs, prefix);
            stopped = streak.add(policy, v.pLearn(), f, v.testRising());
            if (stopped) break;
        }
        Verdict now = verdict(config, knobs, curve);
        if (stopped && prev >= 0) now = verdict(config, knobs, CurveFeatures.upTo(curve, prev));
        return now.judged(policy, streak.length());
    }

    /** The property's metric gained at least {@link VerdictPolicy#RISING} of its threshold over the last few evaluations. */
    static boolean rising(RunConfig config, List<CurvePoint> curve) {
        int n = curve.size();
        if (n < 2) return false;
        var prop = config.property();
        CurvePoint a = curve.get(Math.max(0, n - 1 - CurveFeatures.SLOPE_WINDOW));
        CurvePoint b = curve.get(n - 1);
        return CurveFeatures.progress(prop.metric(), prop.threshold(), b) - CurveFeatures.progress(prop.metric(), prop.threshold(), a) >= VerdictPolicy.RISING;
    }
}
