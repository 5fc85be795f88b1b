package io.learncast.eval.monotone;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Where learning is monotone in one knob, read off a corpus without a model: configs that differ in that knob
 * only (same task, every other knob equal, seeds pooled) are compared at every budget both can label, and the
 * share of comparisons where the larger value learned at least as often is reported per task, with the
 * counterexamples. This is what a monotone constraint on a model may assume, and where it may not (double
 * descent, a learning rate past its stable range, weight decay that stops fitting).
 *
 * <p>Matching is exact where a task's other knobs sit on a grid. A knob drawn from a continuum (more than
 * {@value #GRID_VALUES} distinct values within a task, e.g. a Sobol train fraction) has no exact twins, so
 * there it is matched within ten equal bins of the task's range (log-spaced for positive knobs spanning 4× or
 * more); such rows say {@code binned} and name the knobs, since two configs of one bin still differ a little.
 *
 * <p>Budget needs no pairs: "learned within B" (the first confirmation) never decreases as B grows, by
 * definition. What the curves can say is whether a run that reached the property kept it: {@link BudgetTask}
 * counts runs whose metric fell back past the threshold at a later evaluation, and at their last.
 */
public record Monotonicity(@JsonProperty("knobs") List<KnobTask> knobs,
                           @JsonProperty("budget") List<BudgetTask> budget) {

    /** Above this many distinct values within a task a knob is a continuum, matched within bins. */
    static final int GRID_VALUES = 12;
    static final int BINS = 10;

    /**
     * One knob on one task. {@code comparisons}: (pair of neighbouring values, budget) compared;
     * {@code informative}: those where not both sides learned never or both always; of those, {@code atLeast}
     * where the larger value learned at least as often, {@code more} strictly more often, {@code less} less
     * often. {@code matching}: "exact", or "binned: K, …" with the knobs matched within bins.
     */
    public record KnobTask(@JsonProperty("knob") String knob,
                           @JsonProperty("task") String task,
                           @JsonProperty("matching") String matching,
                           @JsonProperty("values") int values,
                           @JsonProperty("pairs") int pairs,
                           @JsonProperty("comparisons") int comparisons,
                           @JsonProperty("informative") int informative,
                           @JsonProperty("at_least") int atLeast,
                           @JsonProperty("more") int more,
                           @JsonProperty("less") int less,
                           @JsonProperty("counterexamples") List<Counterexample> counterexamples) {

        /** The share of informative comparisons where the larger value learned at least as often (NaN when none). */
        @JsonProperty("share_at_least")
        public double shareAtLeast() { return informative == 0 ? Double.NaN : (double) atLeast / informative; }
    }

    /**
     * A comparison where the larger value learned less often: {@code others} are the task's other varying knobs
     * (≈ for a binned one, the smaller side's value), learned of runs on each side at {@code budget}.
     */
    public record Counterexample(@JsonProperty("smaller") double smaller,
                                 @JsonProperty("larger") double larger,
                                 @JsonProperty("others") String others,
                                 @JsonProperty("budget") long budget,
                                 @JsonProperty("learned_smaller") int learnedSmaller,
                                 @JsonProperty("runs_smaller") int runsSmaller,
                                 @JsonProperty("learned_larger") int learnedLarger,
                                 @JsonProperty("runs_larger") int runsLarger) {

        double drop() { return (double) learnedSmaller / runsSmaller - (double) learnedLarger / runsLarger; }
    }

    /**
     * Budget on one task: runs that reached the property, how many of those have a curve, and of those how many
     * fell back past the threshold at a later evaluation ({@code lostLater}) and were past it at their last
     * ({@code lostAtEnd}).
     */
    public record BudgetTask(@JsonProperty("task") String task,
                             @JsonProperty("runs") int runs,
                             @JsonProperty("learned") int learned,
                             @JsonProperty("with_curves") int withCurves,
                             @JsonProperty("lost_later") int lostLater,
                             @JsonProperty("lost_at_end") int lostAtEnd) {}

    /** The numeric knobs compared by default: those a config varies that can be larger or smaller. */
    public static final List<String> DEFAULT_KNOBS = List.of("width", "depth", "d_model", "layers", "heads", "d_mlp", "train_frac", "lr", "wd",
            "batch", "label_noise", "init_scale");

    /** Knobs a name may select: the catalogue's numeric knobs, with {@code n_train} the same as {@code train_frac}. */
    public static List<String> knobNames() {
        List<String> out = new ArrayList<>();
        for (Knob<?> k : KnobCatalogue.all()) if (numeric(k) && k != KnobCatalogue.STEPS && k != KnobCatalogue.TEST_SIZE) out.add(k.key());
        return out;
    }

    /**
     * The analysis of {@code runs} for {@code knobs} (names of {@link #knobNames()}); {@code curves} gives a run's
     * stored curve (empty when it has none). Knobs a task never varied give no row for it.
     */
    public static Monotonicity of(List<RunRecord> runs, List<String> knobs, Function<Long, List<CurvePoint>> curves, int examples) {
        List<KnobTask> out = new ArrayList<>();
        Map<String, List<RunRecord>> byTask = new TreeMap<>();
        for (RunRecord r : runs) byTask.computeIfAbsent(r.config().task(), t -> new ArrayList<>()).add(r);
        for (String name : knobs) {
            Knob<?> k = knob(name);
            for (Map.Entry<String, List<RunRecord>> e : byTask.entrySet()) {
                KnobTask kt = knobTask(k, e.getKey(), e.getValue(), examples);
                if (kt != null) out.add(kt);
            }
        }
        List<BudgetTask> budget = new ArrayList<>();
        for (Map.Entry<String, List<RunRecord>> e : byTask.entrySet()) budget.add(budgetTask(e.getKey(), e.getValue(), curves));
        return new Monotonicity(out, budget);
    }

    static Knob<?> knob(String name) {
        String n = name.equals("n_train") ? "train_frac" : name;
        for (Knob<?> k : KnobCatalogue.all()) if (k.key().equals(n) && numeric(k)) return k;
        throw new IllegalArgumentException("unknown knob " + name);
    }

    private static boolean numeric(Knob<?> k) {
        return Number.class.isAssignableFrom(k.javaType());
    }

    /** The compared value: a knob's number, the resolved training-set size for the data knobs (null when unset). */
    private static Double value(Knob<?> k, RunRecord r) {
        if (isData(k)) return (double) r.knobs().nTrain();
        Object v = k.get(r.config());
        return v instanceof Number n ? n.doubleValue() : null;
    }

    private static boolean isData(Knob<?> k) { return k == KnobCatalogue.TRAIN_FRAC || k == KnobCatalogue.N_TRAIN; }

    /** The other knobs a config is matched on: every catalogue knob but the task, the budget, the test cap and the compared one. */
    private static List<Knob<?>> others(Knob<?> k) {
        List<Knob<?>> out = new ArrayList<>();
        for (Knob<?> kn : KnobCatalogue.all()) {
            if (kn == k || kn == KnobCatalogue.TASK || kn == KnobCatalogue.STEPS || kn == KnobCatalogue.TEST_SIZE) continue;
            if (kn == KnobCatalogue.TRAIN_FRAC || kn == KnobCatalogue.N_TRAIN) continue; // the resolved size stands for both
            out.add(kn);
        }
        return out;
    }

    /** A matching knob's value as a key: exact, or its bin when the task draws it from a continuum. */
    private record Matcher(String name, Function<RunRecord, Object> raw, double[] range, boolean log) {
        Object key(RunRecord r) {
            Object v = raw.apply(r);
            if (range == null || !(v instanceof Number n)) return v;
            double x = log ? Math.log(n.doubleValue()) : n.doubleValue();
            double lo = log ? Math.log(range[0]) : range[0], hi = log ? Math.log(range[1]) : range[1];
            return "bin" + Math.min(BINS - 1, (int) Math.floor((x - lo) / (hi - lo) * BINS));
        }

        String show(RunRecord r) {
            Object v = raw.apply(r);
            String s = v instanceof Double d ? fmt(d) : String.valueOf(v);
            return name + "=" + (range != null ? "≈" : "") + s;
        }
    }

    private static KnobTask knobTask(Knob<?> k, String task, List<RunRecord> runs, int examples) {
        List<RunRecord> with = runs.stream().filter(r -> value(k, r) != null).toList();
        Set<Double> values = new TreeSet<>();
        for (RunRecord r : with) values.add(value(k, r));
        if (values.size() < 2) return null;
        // the matchers: every other knob, and the training-set size unless it is the one compared
        List<Matcher> matchers = new ArrayList<>();
        for (Knob<?> kn : others(k)) matchers.add(matcher(kn.key(), r -> {
            Object v = kn.get(r.config());
            return v instanceof Number n ? (Object) n.doubleValue() : v == null ? "-" : kn.show(v);
        }, with));
        if (!isData(k)) matchers.add(matcher("train_frac", r -> r.knobs().trainFraction(), with));
        List<String> binned = matchers.stream().filter(m -> m.range() != null).map(Matcher::name).toList();
        List<Matcher> varying = matchers.stream().filter(m -> with.stream().map(m.raw()).distinct().count() > 1).toList();
        // cells: matched others → value → runs
        Map<List<Object>, TreeMap<Double, List<RunRecord>>> groups = new LinkedHashMap<>();
        for (RunRecord r : with) {
            List<Object> key = new ArrayList<>();
            for (Matcher m : matchers) key.add(m.key(r));
            groups.computeIfAbsent(key, x -> new TreeMap<>()).computeIfAbsent(value(k, r), x -> new ArrayList<>()).add(r);
        }
        int pairs = 0, comparisons = 0, informative = 0, atLeast = 0, more = 0, less = 0;
        List<Counterexample> counter = new ArrayList<>();
        for (TreeMap<Double, List<RunRecord>> cells : groups.values()) {
            List<Double> vs = new ArrayList<>(cells.keySet());
            for (int i = 0; i + 1 < vs.size(); i++) {
                List<RunRecord> a = cells.get(vs.get(i)), b = cells.get(vs.get(i + 1));
                Set<Long> budgets = new TreeSet<>();
                for (RunRecord r : a) budgets.addAll(r.budgets());
                for (RunRecord r : b) budgets.addAll(r.budgets());
                boolean compared = false;
                for (long budget : budgets) {
                    int[] ca = count(a, budget), cb = count(b, budget);
                    if (ca[1] == 0 || cb[1] == 0) continue;
                    compared = true;
                    comparisons++;
                    boolean none = ca[0] == 0 && cb[0] == 0, all = ca[0] == ca[1] && cb[0] == cb[1];
                    if (none || all) continue;
                    informative++;
                    double ra = (double) ca[0] / ca[1], rb = (double) cb[0] / cb[1];
                    if (rb >= ra) atLeast++;
                    if (rb > ra) more++;
                    if (rb < ra) {
                        less++;
                        counter.add(new Counterexample(show(k, a.get(0), vs.get(i)), show(k, b.get(0), vs.get(i + 1)), describe(varying, a.get(0)),
                                budget, ca[0], ca[1], cb[0], cb[1]));
                    }
                }
                if (compared) pairs++;
            }
        }
        if (pairs == 0) return null;
        counter.sort(Comparator.comparingDouble(Counterexample::drop).reversed().thenComparing(Counterexample::others).thenComparingLong(Counterexample::budget));
        String matching = binned.isEmpty() ? "exact" : "binned: " + String.join(", ", binned);
        return new KnobTask(k.key(), task, matching, values.size(), pairs, comparisons, informative, atLeast, more, less,
                List.copyOf(counter.subList(0, Math.min(examples, counter.size()))));
    }

    /** The value as users name it: the train fraction for the data knobs (the compared size is the count). */
    private static double show(Knob<?> k, RunRecord r, double v) {
        return isData(k) ? r.knobs().trainFraction() : v;
    }

    private static Matcher matcher(String name, Function<RunRecord, Object> raw, List<RunRecord> runs) {
        Set<Object> distinct = new HashSet<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        boolean numbers = true;
        for (RunRecord r : runs) {
            Object v = raw.apply(r);
            distinct.add(v);
            if (v instanceof Number n) {
                lo = Math.min(lo, n.doubleValue());
                hi = Math.max(hi, n.doubleValue());
            } else {
                numbers = false;
            }
        }
        if (!numbers || distinct.size() <= GRID_VALUES) return new Matcher(name, raw, null, false);
        return new Matcher(name, raw, new double[] {lo, hi}, lo > 0 && hi / lo >= 4);
    }

    private static String describe(List<Matcher> varying, RunRecord r) {
        List<String> parts = new ArrayList<>();
        for (Matcher m : varying) parts.add(m.show(r));
        return String.join(" ", parts);
    }

    /** {learned, labelled} at {@code budget} over runs that can tell. */
    private static int[] count(List<RunRecord> runs, long budget) {
        int learned = 0, labelled = 0;
        for (RunRecord r : runs) {
            Boolean l = r.learnedWithin(budget);
            if (l == null) continue;
            labelled++;
            if (l) learned++;
        }
        return new int[] {learned, labelled};
    }

    private static BudgetTask budgetTask(String task, List<RunRecord> runs, Function<Long, List<CurvePoint>> curves) {
        int learned = 0, withCurves = 0, lostLater = 0, lostAtEnd = 0;
        for (RunRecord r : runs) {
            if (!r.learned()) continue;
            learned++;
            List<CurvePoint> curve = curves.apply(r.runId());
            if (curve == null || curve.isEmpty()) continue;
            withCurves++;
            Metric metric = r.knobs().metric();
            double threshold = r.knobs().threshold();
            boolean lost = false, atEnd = false;
            for (CurvePoint p : curve) {
                if (p.step() <= r.confirmStep()) continue;
                boolean meets = metric.meets(metric.value(p), threshold);
                if (!meets) lost = true;
                atEnd = !meets;
            }
            if (lost) lostLater++;
            if (atEnd) lostAtEnd++;
        }
        return new BudgetTask(task, runs.size(), learned, withCurves, lostLater, lostAtEnd);
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.valueOf((long) v);
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
