package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.farm.config.Toggle;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The region the corpus covers: per task kind, which tasks were trained; per task (a kind with its
 * parameters, e.g. {@code modadd:p=23}), the range of every numeric knob, which categorical values,
 * and the longest budget. A query outside its task's ranges gets a warning saying which knob lies where,
 * because a forecast there is an extrapolation (the structured model's log-linear trends carry it; trees
 * are flat beyond the data). Ranges are never pooled across tasks: a train fraction that is common for
 * p = 97 may never have been tried for p = 23.
 *
 * <p>{@code tasks} is null in artifacts written before ranges were kept per task; their warnings use the
 * per-kind ranges as they did.
 */
public record Coverage(@JsonProperty("kinds") Map<String, Kind> kinds, @JsonProperty("tasks") Map<String, Kind> tasks) {

    /**
     * Ranges of one task kind or task. {@code numeric}: knob → [min, max]; {@code learned}: categorical knob → value →
     * [runs, runs that learned] (null in artifacts written before it: then no {@link #neverLearned} warning).
     */
    public record Kind(@JsonProperty("tasks") List<String> tasks,
                       @JsonProperty("numeric") Map<String, double[]> numeric,
                       @JsonProperty("categorical") Map<String, List<String>> categorical,
                       @JsonProperty("runs") int runs,
                       @JsonProperty("learned") Map<String, Map<String, int[]>> learned) {}

    /** A value needs at least this many runs of its task (or kind) before "none learned" is said of it. */
    static final int NEVER_LEARNED_RUNS = 5;

    /**
     * The categorical knobs "none learned" is said of: the choices a user makes outright. Not the derived ones — a kept
     * last batch under 5 % of a batch, full or mini-batch — whose effect is graded by sizes the category hides: on the
     * complete + boundary2 corpus's grouped 5-fold the tiny-last-batch warning fired on 9 rows, 5 of which learned (their
     * mean P 0.60), while the optimizer's fired on rows none of which learned (docs/FORECASTER.md).
     */
    static final List<String> NEVER_LEARNED_KNOBS = List.of("optimizer", "activation", "weight decay");

    /** The knob that is the task's own size: the same for every run of a task, compared across the kind's tasks. */
    static final String TASK_SIZE = "task size";

    private static Map<String, Double> numeric(Knobs k, long steps) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(TASK_SIZE, (double) k.universe());
        m.put("depth", (double) k.depth());
        m.put("width", (double) k.width());
        m.put("lr", k.lr());
        m.put("wd", k.wd());
        m.put("batch", (double) k.effectiveBatch());
        m.put("training examples", (double) k.nTrain());
        m.put("train fraction", k.trainFraction());
        m.put("label noise", k.labelNoise());
        m.put("init scale", k.initScale());
        m.put("threshold", k.threshold());
        if (steps >= 0) m.put("budget", (double) steps);
        return m;
    }

    /** The "last batch" category of a kept last batch the trees read ({@link Knobs#tinyLastBatch}). */
    static final String TINY = "kept, under " + Math.round(100 * Knobs.TINY_LAST_BATCH) + " % of a batch";

    private static Map<String, String> categorical(Knobs k) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("activation", k.activation().key());
        m.put("optimizer", k.optimizer().key());
        m.put("metric", k.metric().key());
        m.put("hold", Integer.toString(k.hold()));
        m.put("weight decay", k.wd() > 0 ? "on" : "off");
        // a batch as large as the training set is a full batch (the trainers and PyTorch's loader run it so)
        m.put("batching", k.effectiveBatch() >= k.nTrain() ? "full batch" : "mini-batch");
        // a mini-batch epoch's incomplete last batch (the trees read a tiny kept one, Knobs.tinyLastBatch): a corpus that never
        // kept one cannot say what keeping it does
        if (k.effectiveBatch() < k.nTrain()) {
            m.put("last batch", k.tinyLastBatch() ? TINY : k.get(KnobCatalogue.DROP_LAST) == Toggle.OFF ? "kept" : "dropped");
        }
        return m;
    }

    /** Accumulates the ranges of one group of runs (a kind, or a task). */
    private static final class Ranges {
        final TreeSet<String> tasks = new TreeSet<>();
        final Map<String, double[]> num = new LinkedHashMap<>();
        final Map<String, TreeSet<String>> cat = new LinkedHashMap<>();
        final Map<String, Map<String, int[]>> learned = new LinkedHashMap<>();
        int runs;

        void add(RunRecord r) {
            tasks.add(r.knobs().task());
            runs++;
            // the longest budget a run speaks for: its own, or the steps it trained when stopped early
            long longest = r.learned() ? r.steps() : Math.min(r.steps(), r.labelledUpTo());
            numeric(r.knobs(), longest).forEach((key, v) -> {
                if (key.equals("wd") && v == 0) return; // "weight decay off" is categorical; the range is of the positive values
                num.merge(key, new double[] {v, v}, (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            });
            // a run's curve answers every budget from its first evaluation up: shorter budgets are covered too
            num.computeIfPresent("budget", (key, b) -> new double[] {Math.min(b[0], Math.max(1, r.evalEvery())), b[1]});
            categorical(r.knobs()).forEach((key, v) -> {
                cat.computeIfAbsent(key, x -> new TreeSet<>()).add(v);
                int[] c = learned.computeIfAbsent(key, x -> new java.util.TreeMap<>()).computeIfAbsent(v, x -> new int[2]);
                c[0]++;
                if (r.learned()) c[1]++;
            });
        }

        Kind kind() {
            Map<String, List<String>> c = new LinkedHashMap<>();
            cat.forEach((k, v) -> c.put(k, List.copyOf(v)));
            return new Kind(List.copyOf(tasks), num, c, runs, learned);
        }
    }

    public static Coverage of(List<RunRecord> runs) {
        Map<String, Ranges> kinds = new LinkedHashMap<>();
        Map<String, Ranges> tasks = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            kinds.computeIfAbsent(r.knobs().taskKind(), x -> new Ranges()).add(r);
            tasks.computeIfAbsent(r.knobs().task(), x -> new Ranges()).add(r);
        }
        Map<String, Kind> k = new LinkedHashMap<>();
        kinds.forEach((name, rg) -> k.put(name, rg.kind()));
        Map<String, Kind> t = new LinkedHashMap<>();
        tasks.forEach((name, rg) -> t.put(name, rg.kind()));
        return new Coverage(k, t);
    }

    /** Warnings for a query at {@code budget}: empty when every knob lies within what was trained for its task. */
    public List<Forecast.Warning> warnings(Knobs q, long budget) {
        List<Forecast.Warning> out = new ArrayList<>();
        Kind kind = kinds.get(q.taskKind());
        if (kind == null) {
            out.add(new Forecast.Warning(Forecast.Warning.TASK_KIND, "task", q.taskKind(), List.copyOf(kinds.keySet()),
                    "task kind " + q.taskKind() + " was never trained (the corpus has " + String.join(", ", kinds.keySet())
                            + "): the forecast rests on effects shared across tasks"));
            return out;
        }
        if (!kind.tasks().contains(q.task())) {
            out.add(new Forecast.Warning(Forecast.Warning.TASK, "task", q.task(), List.copyOf(kind.tasks()),
                    "task " + q.task() + " was never trained; trained " + q.taskKind() + " tasks: " + abbreviate(kind.tasks())
                            + ": the forecast carries what was learned on them over to this one"));
            if (tasks != null) {
                // the task's size against the sizes of the kind's trained tasks: interpolating between them or extrapolating beyond;
                // no run of this task, so nothing else to compare with without pooling other tasks
                double[] sizes = kind.numeric().get(TASK_SIZE);
                if (sizes != null) rangeWarning(out, TASK_SIZE, q.universe(), sizes, q.taskKind() + " tasks");
                return out;
            }
        }
        Kind own = tasks != null ? tasks.get(q.task()) : kind;
        String whose = tasks != null ? q.task() : q.taskKind();
        numeric(q, budget).forEach((key, v) -> {
            if (key.equals("wd") && v == 0) return;
            if (tasks != null && redundant(key, q)) return;
            double[] r = own.numeric().get(key);
            if (r != null) rangeWarning(out, key, v, r, whose);
        });
        categorical(q).forEach((key, v) -> {
            List<String> seen = own.categorical().get(key);
            if (seen != null && !seen.contains(v)) {
                out.add(new Forecast.Warning(Forecast.Warning.CATEGORY, key, v, List.copyOf(seen),
                        key + " " + v + " was never trained for " + whose + " (trained: " + String.join(", ", seen) + ")"));
            }
        });
        return out;
    }

    /**
     * A categorical value none of whose runs learned, while the forecast says it likely does: for each of the query's
     * {@link #NEVER_LEARNED_KNOBS} values (optimizer, activation, weight decay on or off) that at least
     * {@value #NEVER_LEARNED_RUNS} runs of its task trained (else of its kind) and none of them learned, while runs with
     * another value of the knob did learn there (else the task, not the value, is what never learned), when {@code p}
     * reaches 3 ÷ those runs — the rate's 95 % upper bound when 0 of n learned (the rule of three). Why: the model is
     * additive in its log-odds and the trees split where there are learners, so a value that never learned lowers P only
     * by its coefficient, and where other values learn P can stay high (the 2,105-run PyTorch corpus: an SGD config
     * forecast at 0.96 when none of its 63 SGD runs learned, nor the five nearest configs; docs/FORECASTER.md). Since the
     * eighteenth session the forecast holds P to that bound ({@link #neverLearnedBound}: wherever the warning fired on
     * held-out configs, none of its rows learned), and the warning says so; it is not pushed lower, since those runs were
     * at other settings and a value may learn where it was never tried.
     */
    public List<Forecast.Warning> neverLearned(Knobs q, double p) {
        List<Forecast.Warning> out = new ArrayList<>();
        if (!(p > 0)) return out;
        for (Never n : never(q)) {
            double bound = n.bound();
            if (!(p >= bound)) continue; // the forecast held P at the bound (or, asked with the model's own P, would)
            out.add(new Forecast.Warning(Forecast.Warning.NEVER_LEARNED, n.knob(), n.value(), List.of(n.runs(), 0), String.format(Locale.ROOT,
                    "%s %s: none of the %s with it learned, so P is held to %s, the most 0 of %d allows at 95%% "
                            + "(the model's log-odds carried P over from runs with other %s values)", n.knob(), n.value(),
                    n.ofKind() ? n.runs() + " runs of " + q.taskKind() + " tasks" : n.runs() + " " + q.task() + " runs",
                    num(Math.round(bound * 1000) / 1000.0), n.runs(), n.knob())));
        }
        return out;
    }

    /**
     * The most P can be by the query's values that never learned ({@link #neverLearned}'s conditions): the smallest 3 ÷ n
     * over them, 1 when there are none (and for artifacts without the counts). Scored by eval as a cap on the forecast
     * (grouped 5-fold, five corpora, five seeds, and the ten extrapolation splits): the 836-run snapshot's in-grid ratio to
     * the seed-noise floor 3.39× → 3.03× (mean over seeds), the 2,105-run corpus's 2.07× → 2.05×, every other split equal
     * or better (docs/FORECASTER.md).
     */
    public double neverLearnedBound(Knobs q) {
        double b = 1;
        for (Never n : never(q)) b = Math.min(b, n.bound());
        return b;
    }

    /** A query's value none of whose {@code runs} runs (of its task, or of its kind when {@code ofKind}) learned, while another value of the knob did. */
    private record Never(String knob, String value, int runs, boolean ofKind) {
        double bound() { return 3.0 / runs; }
    }

    private List<Never> never(Knobs q) {
        List<Never> out = new ArrayList<>();
        Kind kind = kinds.get(q.taskKind());
        Kind own = tasks == null ? null : tasks.get(q.task());
        categorical(q).forEach((key, v) -> {
            if (!NEVER_LEARNED_KNOBS.contains(key)) return;
            int[] c = counts(own, key, v);
            boolean ofKind = c == null || c[0] < NEVER_LEARNED_RUNS;
            if (ofKind) c = counts(kind, key, v);
            if (c == null || c[0] < NEVER_LEARNED_RUNS || c[1] > 0) return;
            // only a value that sets its runs apart: another value of the knob learned there (where nothing learned at all —
            // a task beyond a width threshold its trained configs never reached — the value says nothing)
            if (!otherLearned(ofKind ? kind : own, key, v)) return;
            out.add(new Never(key, v, c[0], ofKind));
        });
        return out;
    }

    /**
     * The longest budget any run of the query's task speaks for (a run stopped early speaks for the steps it trained), or of
     * its kind when the task was never trained (or the artifact kept no per-task ranges); NaN when neither was trained.
     */
    public double longestBudget(Knobs q) {
        Kind own = tasks == null ? null : tasks.get(q.task());
        if (own == null) own = kinds.get(q.taskKind());
        double[] r = own == null ? null : own.numeric().get("budget");
        return r == null ? Double.NaN : r[1];
    }

    /** Whose runs {@link #longestBudget} speaks of: the task, else its kind. */
    String longestBudgetOf(Knobs q) {
        return tasks != null && tasks.containsKey(q.task()) ? q.task() : q.taskKind();
    }

    private static boolean otherLearned(Kind k, String key, String v) {
        return k.learned().get(key).entrySet().stream().anyMatch(e -> !e.getKey().equals(v) && e.getValue()[1] > 0);
    }

    private static int[] counts(Kind k, String key, String v) {
        if (k == null || k.learned() == null) return null;
        Map<String, int[]> m = k.learned().get(key);
        return m == null ? null : m.get(v);
    }

    /**
     * Within one task some knobs say the same thing: its size is fixed, its training-set size and fraction
     * move together (the fraction is kept for tasks whose examples are enumerated, the count for sampled
     * ones), and a full batch is the training set (the "batching" category says full batch).
     */
    private static boolean redundant(String key, Knobs q) {
        return switch (key) {
            case TASK_SIZE -> true;
            case "training examples" -> q.universe() <= ENUMERATED;
            case "train fraction" -> q.universe() > ENUMERATED;
            case "batch" -> q.effectiveBatch() >= q.nTrain();
            default -> false;
        };
    }

    /** As in Datasets: a train fraction is a task's own knob when its examples are enumerated. */
    private static final long ENUMERATED = 1L << 22;

    private static void rangeWarning(List<Forecast.Warning> out, String key, double v, double[] r, String whose) {
        double tol = 1e-9 * Math.max(1, Math.abs(v));
        String side;
        if (v > r[1] + tol) side = "larger";
        else if (v < r[0] - tol) side = "smaller";
        else return;
        String msg = key + " " + num(v) + " is " + side + " than any trained for " + whose + " (" + range(r) + ")"
                + (key.equals("budget") && side.equals("larger") ? ": P extrapolates the steps-to-learn distribution beyond the longest runs" : "");
        out.add(new Forecast.Warning(Forecast.Warning.RANGE, key, v, List.of(r[0], r[1]), msg));
    }

    private static String abbreviate(List<String> xs) {
        return xs.size() <= 5 ? String.join(", ", xs) : String.join(", ", xs.subList(0, 5)) + " and " + (xs.size() - 5) + " more";
    }

    private static String range(double[] r) {
        return r[0] == r[1] ? "only " + num(r[0]) : num(r[0]) + "–" + num(r[1]);
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) return String.format(Locale.ROOT, "%.4g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        return String.format(Locale.ROOT, "%.2g", v);
    }
}
