package io.learncast.forecast.verdict;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.Seeds;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How a verdict holds on runs it has never seen: a verdict fitted on one corpus (another store, or the
 * rest of this one with a task, a task's parameters or a sweep left out) scores the held-out runs'
 * curves at every cut, and its stopping threshold — chosen on its own corpus under a {@link LossBound}
 * — is replayed on them: the learners and late learners it would have stopped there, and the compute
 * it would have saved. That is the honest test of "safe on a space it has not seen".
 */
public final class VerdictTransfer {
    private VerdictTransfer() {}

    /**
     * The verdict on one held-out set. {@code chosen} is the threshold the verdict chose on its own
     * corpus (or its refusal); {@code applied} what that threshold did here (null when it refused);
     * {@code policies} fixed thresholds here, for comparison.
     */
    public record HeldOut(@JsonProperty("held_out") String label,
                          @JsonProperty("runs") int runs,
                          @JsonProperty("learners") int learners,
                          @JsonProperty("late_learners") int lateLearners,
                          @JsonProperty("by_fraction") List<VerdictReport.FractionScore> byFraction,
                          @JsonProperty("chosen") SafeThreshold chosen,
                          @JsonProperty("applied") SafeThreshold applied,
                          @JsonProperty("policies") List<VerdictEval.PolicyScore> policies,
                          @JsonProperty("median_pruner") VerdictEval.PolicyScore medianPruner,
                          @JsonProperty("notes") List<String> notes) {

        /** AUC at {@code fraction} of the budget (NaN when no run or one class is still training there). */
        public double aucAt(double fraction) {
            for (VerdictReport.FractionScore f : byFraction) {
                if (Math.abs(f.fraction() - fraction) < 1e-9) return f.metrics() == null ? Double.NaN : f.metrics().auc();
            }
            return Double.NaN;
        }
    }

    /** Scores {@code verdict} on {@code target} (runs it did not see), its threshold chosen under {@code bound}. */
    public static HeldOut score(String label, FittedVerdict verdict, VerdictRows target, LossBound bound, double minFraction) {
        double[] p = new double[target.size()];
        for (int i = 0; i < p.length; i++) p[i] = verdict.model().probability(target.rows().get(i).x());
        SafeThreshold chosen = verdict.safeThreshold(bound, minFraction, VerdictPolicy.DEFAULT_HOLD);
        return score(label, p, target, chosen, bound, minFraction, notes(verdict.report(), target));
    }

    private static HeldOut score(String label, double[] p, VerdictRows target, SafeThreshold chosen, LossBound bound, double minFraction, List<String> notes) {
        List<VerdictReport.FractionScore> by = new ArrayList<>();
        for (double f : VerdictEval.REPORTED_FRACTIONS) by.add(VerdictFitter.score(target, p, f));
        StopTrials trials = StopTrials.of(target, p);
        SafeThreshold applied = chosen.acts()
                ? SafeThreshold.of(trials, bound, new VerdictPolicy(chosen.threshold(), minFraction, chosen.hold())) : null;
        List<VerdictEval.PolicyScore> policies = new ArrayList<>();
        for (double t : VerdictEval.THRESHOLDS) policies.add(trials.simulate(new VerdictPolicy(t, minFraction)));
        return new HeldOut(label, trials.runs().size(), trials.learners(), trials.lateLearners(), by, chosen, applied, policies,
                VerdictEval.medianPruner(target, minFraction), notes);
    }

    /**
     * Leave-one-out over {@code key} (a task, a task's parameters, a sweep): for each value, a verdict
     * is fitted on the other runs (its own grouped CV choosing its threshold) and scored on the runs
     * with that value; {@code pooled} scores all held-out verdicts together.
     */
    public record LeaveOut(@JsonProperty("by") String by, @JsonProperty("held_out") List<HeldOut> heldOut, @JsonProperty("pooled") HeldOut pooled) {}

    public static LeaveOut leaveOut(String by, List<RunRecord> records, Map<Long, List<io.learncast.data.CurvePoint>> curves,
                                    Function<RunRecord, String> key, VerdictFitter.Options o, double minFraction) {
        Map<String, List<RunRecord>> groups = new TreeMap<>();
        for (RunRecord r : records) groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        if (groups.size() < 2) {
            throw new io.learncast.common.UserError("--leave-out " + by, "every run has the same " + by + " (" + groups.keySet().iterator().next()
                    + "), so leaving one out leaves nothing to fit on", "leave out a field that varies, or use a store holding several");
        }
        List<HeldOut> out = new ArrayList<>();
        List<Double> pooledP = new ArrayList<>();
        List<RunRecord> pooledRecords = new ArrayList<>();
        for (Map.Entry<String, List<RunRecord>> g : groups.entrySet()) {
            List<RunRecord> rest = records.stream().filter(r -> !key.apply(r).equals(g.getKey())).toList();
            VerdictRows fitRows = VerdictRows.build(rest, curves, VerdictRows.FRACTIONS);
            VerdictRows held = VerdictRows.build(g.getValue(), curves, VerdictRows.FRACTIONS);
            if (held.size() == 0 || fitRows.size() == 0) continue;
            FittedVerdict v = VerdictFitter.fit(fitRows, o.withSeed(Seeds.derive(o.seed(), "leave-out|" + g.getKey()))).verdict();
            HeldOut h = score(g.getKey(), v, held, o.bound(), minFraction);
            out.add(h);
            for (int i = 0; i < held.size(); i++) pooledP.add(v.model().probability(held.rows().get(i).x()));
            pooledRecords.addAll(g.getValue());
        }
        // pooled: every held-out verdict together, each run judged by the threshold chosen without it
        VerdictRows all = VerdictRows.build(pooledRecords, curves, VerdictRows.FRACTIONS);
        double[] p = pooledP.stream().mapToDouble(Double::doubleValue).toArray();
        HeldOut pooled = pooledScore(by, all, p, out, o.bound(), minFraction);
        return new LeaveOut(by, out, pooled);
    }

    /**
     * All held-out runs together: AUC by cut over the pooled predictions, and the stops each group's own
     * chosen threshold made, summed over the groups whose verdict acted ({@code applied} has no single
     * threshold then: each group had its own).
     */
    private static HeldOut pooledScore(String by, VerdictRows all, double[] p, List<HeldOut> parts, LossBound bound, double minFraction) {
        List<VerdictReport.FractionScore> byFraction = new ArrayList<>();
        for (double f : VerdictEval.REPORTED_FRACTIONS) byFraction.add(VerdictFitter.score(all, p, f));
        StopTrials trials = StopTrials.of(all, p);
        // the stops: summed over the held-out sets whose verdict acted, out of those sets' runs only
        int runs = 0, learners = 0, late = 0, ls = 0, lates = 0;
        long trained = 0, saved = 0;
        boolean anyActs = false;
        for (HeldOut h : parts) {
            if (h.applied() == null) continue;
            anyActs = true;
            runs += h.applied().runs();
            learners += h.applied().learners();
            late += h.applied().lateLearners();
            ls += h.applied().learnersStopped();
            lates += h.applied().lateLearnersStopped();
            trained += h.applied().stepsTrained();
            saved += h.applied().stepsSaved();
        }
        double conf = bound.confidence();
        SafeThreshold applied = anyActs ? new SafeThreshold(bound, minFraction, VerdictPolicy.DEFAULT_HOLD, null, null, runs, learners, late, ls, lates,
                ClopperPearson.upper(ls, learners, conf), ClopperPearson.upper(lates, late, conf), trained, saved) : null;
        List<VerdictEval.PolicyScore> policies = new ArrayList<>();
        for (double t : VerdictEval.THRESHOLDS) policies.add(trials.simulate(new VerdictPolicy(t, minFraction)));
        long acting = parts.stream().filter(h -> h.applied() != null).count();
        List<String> notes = List.of(String.format(Locale.ROOT, "%d of %d held-out %s values had a threshold chosen without them (the pooled stops "
                + "are theirs); the others' verdicts refused to act", acting, parts.size(), by));
        return new HeldOut("all (pooled)", trials.runs().size(), trials.learners(), trials.lateLearners(), byFraction, null, applied, policies,
                VerdictEval.medianPruner(all, minFraction), notes);
    }

    /**
     * Where {@code target}'s runs differ from the verdict's corpus: task kinds and tasks (a kind at new
     * parameters, e.g. another p) it has not seen. Empty when every task of the target is in the corpus.
     */
    public static List<String> notes(VerdictReport source, VerdictRows target) {
        Map<String, Integer> tasks = new TreeMap<>();
        for (VerdictRows.RunInfo i : target.runInfos()) tasks.merge(i.task(), 1, Integer::sum);
        return notes(source, tasks);
    }

    /** As {@link #notes(VerdictReport, VerdictRows)}, for runs counted by task (e.g. the queued runs of a store). */
    public static List<String> notes(VerdictReport source, Map<String, Integer> targetTasks) {
        if (source.tasks() == null) return List.of("the verdict was fitted before its tasks were recorded: cannot tell whether these tasks are new to it");
        Map<String, Integer> seenKinds = new TreeMap<>();
        Map<String, Integer> seen = new TreeMap<>();
        for (VerdictReport.TaskCount t : source.tasks()) {
            seen.put(t.task(), t.runs());
            seenKinds.merge(kind(t.task()), t.runs(), Integer::sum);
        }
        List<String> newKinds = new ArrayList<>(), newParams = new ArrayList<>();
        targetTasks.forEach((task, n) -> {
            if (seen.containsKey(task)) return;
            (seenKinds.containsKey(kind(task)) ? newParams : newKinds).add(task + " (" + n + " run" + (n == 1 ? "" : "s") + ")");
        });
        List<String> out = new ArrayList<>();
        if (newKinds.isEmpty() && newParams.isEmpty()) return out;
        StringBuilder fitted = new StringBuilder();
        for (VerdictReport.TaskCount t : source.tasks()) {
            if (fitted.length() > 0) fitted.append(", ");
            fitted.append(t.task()).append(" (").append(t.runs()).append(')');
        }
        if (!newKinds.isEmpty()) out.add("task kinds the verdict has never seen: " + String.join(", ", newKinds));
        if (!newParams.isEmpty()) out.add("tasks the verdict has seen only at other parameters: " + String.join(", ", newParams));
        out.add("the verdict was fitted on " + fitted + "; its stopping bound was measured there, not on these runs");
        return out;
    }

    /** The kind of a task spec: {@code modadd:p=23} → {@code modadd}. */
    static String kind(String task) {
        int c = task.indexOf(':');
        return c < 0 ? task : task.substring(0, c);
    }
}
