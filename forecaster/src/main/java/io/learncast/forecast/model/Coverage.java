package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The region the corpus covers, per task kind: which tasks, the range of every numeric knob, which
 * categorical values, and the longest budget. A query outside it gets a warning saying which knob
 * lies where, because a forecast there is an extrapolation (the structured model's log-linear trends
 * carry it; trees are flat beyond the data).
 */
public record Coverage(@JsonProperty("kinds") Map<String, Kind> kinds) {

    /** Ranges of one task kind. {@code numeric}: knob → [min, max]. */
    public record Kind(@JsonProperty("tasks") List<String> tasks,
                       @JsonProperty("numeric") Map<String, double[]> numeric,
                       @JsonProperty("categorical") Map<String, List<String>> categorical,
                       @JsonProperty("runs") int runs) {}

    private static Map<String, Double> numeric(Knobs k, long steps) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("task size", (double) k.universe());
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

    private static Map<String, String> categorical(Knobs k) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("activation", k.activation().key());
        m.put("optimizer", k.optimizer().key());
        m.put("metric", k.metric().key());
        m.put("hold", Integer.toString(k.hold()));
        m.put("weight decay", k.wd() > 0 ? "on" : "off");
        m.put("batching", k.batch() == 0 ? "full batch" : "mini-batch");
        return m;
    }

    public static Coverage of(List<RunRecord> runs) {
        Map<String, TreeSet<String>> tasks = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> num = new LinkedHashMap<>();
        Map<String, Map<String, TreeSet<String>>> cat = new LinkedHashMap<>();
        Map<String, Integer> count = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            String kind = r.knobs().taskKind();
            tasks.computeIfAbsent(kind, x -> new TreeSet<>()).add(r.knobs().task());
            count.merge(kind, 1, Integer::sum);
            // the longest budget a run speaks for: its own, or the steps it trained when stopped early
            long longest = r.learned() ? r.steps() : Math.min(r.steps(), r.labelledUpTo());
            Map<String, double[]> n = num.computeIfAbsent(kind, x -> new LinkedHashMap<>());
            numeric(r.knobs(), longest).forEach((key, v) -> {
                if (key.equals("wd") && v == 0) return; // "weight decay off" is categorical; the range is of the positive values
                n.merge(key, new double[] {v, v}, (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            });
            // a run's curve answers every budget from its first evaluation up: shorter budgets are covered too
            n.computeIfPresent("budget", (key, b) -> new double[] {Math.min(b[0], Math.max(1, r.evalEvery())), b[1]});
            Map<String, TreeSet<String>> c = cat.computeIfAbsent(kind, x -> new LinkedHashMap<>());
            categorical(r.knobs()).forEach((key, v) -> c.computeIfAbsent(key, x -> new TreeSet<>()).add(v));
        }
        Map<String, Kind> kinds = new LinkedHashMap<>();
        for (String kind : tasks.keySet()) {
            Map<String, List<String>> c = new LinkedHashMap<>();
            cat.get(kind).forEach((k, v) -> c.put(k, List.copyOf(v)));
            kinds.put(kind, new Kind(List.copyOf(tasks.get(kind)), num.get(kind), c, count.get(kind)));
        }
        return new Coverage(kinds);
    }

    /** Warnings for a query at {@code budget}: empty when every knob lies within what was trained. */
    public List<String> warnings(Knobs q, long budget) {
        List<String> out = new ArrayList<>();
        Kind kind = kinds.get(q.taskKind());
        if (kind == null) {
            out.add("task kind " + q.taskKind() + " was never trained (the corpus has " + String.join(", ", kinds.keySet())
                    + "): the forecast rests on effects shared across tasks");
            return out;
        }
        if (!kind.tasks().contains(q.task())) {
            out.add("task " + q.task() + " was never trained; trained " + q.taskKind() + " tasks: " + abbreviate(kind.tasks()));
        }
        numeric(q, budget).forEach((key, v) -> {
            if (key.equals("wd") && v == 0) return;
            double[] r = kind.numeric().get(key);
            if (r == null) return;
            double tol = 1e-9 * Math.max(1, Math.abs(v));
            if (v > r[1] + tol) out.add(key + " " + num(v) + " is larger than any trained for " + q.taskKind() + " (" + range(r) + ")"
                    + (key.equals("budget") ? ": P extrapolates the steps-to-learn distribution beyond the longest runs" : ""));
            else if (v < r[0] - tol) out.add(key + " " + num(v) + " is smaller than any trained for " + q.taskKind() + " (" + range(r) + ")");
        });
        categorical(q).forEach((key, v) -> {
            List<String> seen = kind.categorical().get(key);
            if (seen != null && !seen.contains(v)) out.add(key + " " + v + " was never trained for " + q.taskKind() + " (trained: " + String.join(", ", seen) + ")");
        });
        return out;
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
