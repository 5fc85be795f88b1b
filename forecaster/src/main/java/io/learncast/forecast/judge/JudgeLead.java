package io.learncast.forecast.judge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lead before the test crossing on grokking runs, and false alarms on memorisers, from out-of-fold P. */
final class JudgeLead {
    static final double MAX_FALSE_ALARMS = 0.05;

    private JudgeLead() {}

    /** A run's rows (indices into the row list) in evaluation order. */
    static Map<Long, List<Integer>> byRun(JudgeRows rows) {
        Map<Long, List<Integer>> out = new LinkedHashMap<>();
        for (int i = 0; i < rows.rows().size(); i++) out.computeIfAbsent(rows.rows().get(i).run().runId(), k -> new ArrayList<>()).add(i);
        for (List<Integer> l : out.values()) l.sort(Comparator.comparingInt(i -> rows.rows().get(i).index()));
        return out;
    }

    /** Position (in the run's list) of the first crossing, or −1. */
    static int crossing(JudgeRows rows, List<Integer> run) {
        for (int j = 0; j < run.size(); j++) if (rows.rows().get(run.get(j)).now() == 1) return j;
        return -1;
    }

    /** Grokking: memorised (train acc ≥ 0.99) at an evaluation before the first crossing. */
    static boolean grokking(JudgeRows rows, List<Integer> run) {
        int c = crossing(rows, run);
        if (c <= 0) return false;
        for (int j = 0; j < c; j++) if (rows.rows().get(run.get(j)).trainAcc() >= JudgeFitter.MEMORISED) return true;
        return false;
    }

    static boolean memoriser(JudgeRows rows, List<Integer> run) {
        if (crossing(rows, run) >= 0) return false;
        for (int i : run) if (rows.rows().get(i).trainAcc() >= JudgeFitter.MEMORISED) return true;
        return false;
    }

    static JudgeReport.Lead of(JudgeRows rows, double[] pWithin, double[] pNow) {
        Map<Long, List<Integer>> runs = byRun(rows);
        List<List<Integer>> grok = runs.values().stream().filter(r -> grokking(rows, r)).toList();
        List<List<Integer>> mem = runs.values().stream().filter(r -> memoriser(rows, r)).toList();
        double tau = threshold(rows, mem, pWithin);
        int fa = falseAlarms(rows, mem, pWithin, tau);
        List<Integer> leads = leads(rows, grok, pWithin, tau);
        // clear memorisers: test accuracy never above 0.5. Many "memorisers" end just below the threshold (0.90–0.95
        // on test sets of 53–370 examples): they generalised, and no judge of the weights can tell them from learners
        List<List<Integer>> clear = mem.stream().filter(r -> r.stream().allMatch(i -> rows.rows().get(i).testAcc() < CLEAR)).toList();
        double tauClear = threshold(rows, clear, pWithin);
        List<Integer> leadsClear = leads(rows, grok, pWithin, tauClear);
        return new JudgeReport.Lead(tau, grok.size(), mem.size(), fa, mem.isEmpty() ? Double.NaN : fa / (double) mem.size(), median(leads), leads,
                median(leads(rows, grok, pWithin, 0.5)), mem.isEmpty() ? Double.NaN : falseAlarms(rows, mem, pWithin, 0.5) / (double) mem.size(),
                median(leads(rows, grok, pNow, 0.5)), clear.size(), tauClear, falseAlarms(rows, clear, pWithin, tauClear), median(leadsClear), leadsClear);
    }

    /** Test accuracy below which a memoriser counts as clear (never generalised even half way). */
    static final double CLEAR = 0.5;

    /** The smallest threshold (on a 0.005 grid) whose false-alarm rate on {@code mem} is ≤ 5 %. */
    private static double threshold(JudgeRows rows, List<List<Integer>> mem, double[] p) {
        double tau = 1.0;
        for (int t = 200; t >= 1; t--) {
            double cand = t / 200.0;
            if (falseAlarms(rows, mem, p, cand) <= MAX_FALSE_ALARMS * mem.size()) tau = cand;
            else break;
        }
        return tau;
    }

    private static int falseAlarms(JudgeRows rows, List<List<Integer>> mem, double[] p, double tau) {
        int n = 0;
        for (List<Integer> r : mem) {
            for (int i : r) {
                if (p[i] >= tau) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    /** Evaluations from the first P ≥ tau to the first crossing (0: said yes at the crossing; negative: after it). */
    private static List<Integer> leads(JudgeRows rows, List<List<Integer>> grok, double[] p, double tau) {
        List<Integer> out = new ArrayList<>();
        for (List<Integer> r : grok) {
            int c = crossing(rows, r);
            int first = -1;
            for (int j = 0; j < r.size(); j++) {
                if (p[r.get(j)] >= tau) {
                    first = j;
                    break;
                }
            }
            out.add(first < 0 ? -(r.size() - c) : c - first);
        }
        return out;
    }

    static double median(List<Integer> xs) {
        if (xs.isEmpty()) return Double.NaN;
        int[] s = xs.stream().mapToInt(Integer::intValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    /** The out-of-fold P over training of the {@code count} grokking runs with the latest crossings. */
    static List<JudgeReport.Trajectory> trajectories(JudgeRows rows, double[] pNow, double[] pWithin, int count) {
        Map<Long, List<Integer>> runs = byRun(rows);
        List<List<Integer>> grok = new ArrayList<>(runs.values().stream().filter(r -> grokking(rows, r)).toList());
        grok.sort(Comparator.comparingInt((List<Integer> r) -> -crossing(rows, r)));
        List<JudgeReport.Trajectory> out = new ArrayList<>();
        for (List<Integer> r : grok.subList(0, Math.min(count, grok.size()))) {
            JudgeRows.Row first = rows.rows().get(r.get(0));
            var c = first.run().config();
            String label = "run #" + first.run().runId() + " " + c.task() + " w" + c.width() + " lr=" + c.lr() + " wd=" + c.wd() + " frac=" + c.trainFrac();
            out.add(new JudgeReport.Trajectory(first.run().runId(), label, r.stream().map(i -> rows.rows().get(i).step()).toList(),
                    r.stream().map(i -> rows.rows().get(i).trainAcc()).toList(), r.stream().map(i -> rows.rows().get(i).testAcc()).toList(),
                    r.stream().map(i -> pNow[i]).toList(), r.stream().map(i -> pWithin[i]).toList(), null));
        }
        return out;
    }
}
