package io.learncast.data.property;

import io.learncast.data.CurvePoint;

import java.util.List;
import java.util.TreeMap;

/**
 * Reads a property's label off a stored curve, exactly as the farm decides its own property during
 * training: a threshold is reached at an evaluation (step &gt; 0) and confirmed by the next
 * {@code hold} ones, and "within budget B" means confirmed by B. A run trained once to its largest budget
 * therefore answers every smaller budget, and every property its curve records, as a run trained (and
 * stopped) for that property would.
 */
public final class CurveLabeller {
    private CurveLabeller() {}

    /**
     * The label of {@code property} on {@code curve} (in step order). {@code diverged}: the run blew up,
     * so nothing not already reached ever will be. {@code classes}: the task's class count (chance level
     * for memorisation).
     */
    public static CurveLabel label(CurveProperty property, List<CurvePoint> curve, boolean diverged, int classes) {
        long observedTo = curve.isEmpty() ? 0 : curve.get(curve.size() - 1).step();
        if (property instanceof CurveProperty.Grokking g) return grokking(g, curve, diverged, observedTo);
        if (property instanceof CurveProperty.Memorisation m) return memorisation(m, curve, diverged, classes, observedTo);
        CurveProperty.Threshold t = (CurveProperty.Threshold) property;
        Window w = window(t, curve);
        return new CurveLabel(w == null ? null : w.confirm, w == null ? null : w.reach, w == null && diverged, observedTo, null, null, null);
    }

    /** The first reached-and-confirmed window of a threshold: reach step and confirmation step. */
    record Window(long reach, long confirm) {}

    static Window window(CurveProperty.Threshold t, List<CurvePoint> curve) {
        int n = curve.size();
        for (int i = 0; i + t.hold() < n; i++) {
            if (curve.get(i).step() <= 0) continue;
            boolean held = true;
            for (int j = i; j <= i + t.hold(); j++) {
                if (!t.meets(t.metric().value(curve.get(j)))) {
                    held = false;
                    break;
                }
            }
            if (held) return new Window(curve.get(i).step(), curve.get(i + t.hold()).step());
        }
        return null;
    }

    private static CurveLabel grokking(CurveProperty.Grokking g, List<CurvePoint> curve, boolean diverged, long observedTo) {
        Window mem = window(g.memorised(), curve);
        Window gen = window(g.generalised(), curve);
        Long tMem = mem == null ? null : mem.reach;
        Long tGen = gen == null ? null : gen.reach;
        if (gen == null) {
            // not generalised (yet): censored beyond the curve unless the run diverged
            return new CurveLabel(null, null, diverged, observedTo, tMem, null, null);
        }
        // generalised before memorising (or never memorising) is fast learning, not grokking
        boolean groks = mem != null && mem.reach <= gen.reach && gen.reach >= g.k() * mem.reach;
        return groks ? new CurveLabel(gen.confirm, gen.reach, false, observedTo, tMem, tGen, null)
                : new CurveLabel(null, null, true, observedTo, tMem, tGen, null);
    }

    private static CurveLabel memorisation(CurveProperty.Memorisation m, List<CurvePoint> curve, boolean diverged, int classes, long observedTo) {
        Window mem = window(m.memorised(), curve);
        double ceiling = m.testCeiling(classes);
        TreeMap<Long, Boolean> at = new TreeMap<>();
        for (CurvePoint p : curve) {
            boolean memorised = mem != null && mem.confirm <= p.step();
            at.put(p.step(), memorised && Double.isFinite(p.testAcc()) && p.testAcc() < ceiling && !diverged(p));
        }
        return new CurveLabel(null, mem == null ? null : mem.reach, diverged, observedTo, mem == null ? null : mem.reach, null, at);
    }

    /** Whether a point shows the run blown up (the farm's own divergence test, for curves past a confirmation). */
    public static boolean diverged(CurvePoint p) {
        return !p.isFinite() || p.weightNorm() > 1e6 || p.trainLoss() > 1e3;
    }
}
