package io.learncast.data.property;

import io.learncast.common.UserError;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A property decided by a run's curve, with its canonical text (the key labels are cached and models
 * registered under). Three kinds:
 * <ul>
 *   <li>{@code train_acc>=0.99}, {@code test_loss<=0.1,hold=2}: a metric crossing a threshold, reached at
 *   an evaluation and held at the next {@code hold} (default 1) — the farm's notion of learning, on any
 *   metric;</li>
 *   <li>{@code grokking[:k=3,train=0.99,test=0.95,hold=1]}: train accuracy ≥ {@code train} reached at
 *   t_mem, test accuracy ≥ {@code test} reached at t_gen, and t_gen ≥ k · t_mem (delayed generalisation;
 *   a run generalising sooner is a learner without grokking);</li>
 *   <li>{@code memorisation[:train=0.99,level=0.5]}: at budget B, train accuracy ≥ {@code train}
 *   (reached and held) while test accuracy is below chance + level · (1 − chance).</li>
 * </ul>
 */
public sealed interface CurveProperty {

    /** The canonical text: parsing it gives an equal property. */
    String key();

    /** One sentence for people. */
    String describe();

    /** The metrics a curve must record for this property to be read off it. */
    java.util.List<CurveMetric> metrics();

    /** {@code metric ≥ threshold} (or ≤), reached and held at the next {@code hold} evaluations. */
    record Threshold(CurveMetric metric, boolean atLeast, double threshold, int hold) implements CurveProperty {
        public Threshold {
            if (metric == null) throw new UserError("--property", "no metric given", "e.g. train_acc>=0.99");
            if (!Double.isFinite(threshold)) throw new UserError("--property", "threshold is not a number", "e.g. train_acc>=0.99");
            if (metric.accuracy() && (threshold < 0 || threshold > 1)) {
                throw new UserError("--property", "accuracy threshold " + threshold + " is outside [0, 1]", "e.g. train_acc>=0.99");
            }
            if (!metric.accuracy() && threshold < 0) throw new UserError("--property", metric.key() + " threshold " + threshold + " is negative", "e.g. test_loss<=0.1");
            if (hold < 0 || hold > 100) throw new UserError("--property", "hold " + hold + " is outside 0–100", "the later evaluations that must confirm, e.g. ,hold=1");
        }

        public boolean meets(double v) { return atLeast ? v >= threshold : v <= threshold; }

        @Override public String key() { return metric.key() + (atLeast ? ">=" : "<=") + num(threshold) + (hold == 1 ? "" : ",hold=" + hold); }

        @Override public String describe() {
            return metric.key() + (atLeast ? " ≥ " : " ≤ ") + num(threshold) + (hold == 0 ? "" : ", held for " + hold + " more evaluation" + (hold == 1 ? "" : "s"));
        }

        @Override public java.util.List<CurveMetric> metrics() { return java.util.List.of(metric); }
    }

    /** Delayed generalisation: the test threshold is reached at least {@code k} times later than the train one. */
    record Grokking(double k, double train, double test, int hold) implements CurveProperty {
        public static final double DEFAULT_K = 3, DEFAULT_TRAIN = 0.99, DEFAULT_TEST = 0.95;

        public Grokking {
            if (!(k >= 1 && k <= 1000)) throw new UserError("--property", "grokking delay factor k=" + k + " is outside 1–1000", "e.g. grokking:k=3");
            if (!(train > 0 && train <= 1)) throw new UserError("--property", "grokking train=" + train + " is outside (0, 1]", "e.g. grokking:train=0.99");
            if (!(test > 0 && test <= 1)) throw new UserError("--property", "grokking test=" + test + " is outside (0, 1]", "e.g. grokking:test=0.95");
            if (hold < 0 || hold > 100) throw new UserError("--property", "hold " + hold + " is outside 0–100", "e.g. grokking:hold=1");
        }

        public Threshold memorised() { return new Threshold(CurveMetric.TRAIN_ACC, true, train, hold); }

        public Threshold generalised() { return new Threshold(CurveMetric.TEST_ACC, true, test, hold); }

        @Override public String key() { return "grokking:k=" + num(k) + ",train=" + num(train) + ",test=" + num(test) + ",hold=" + hold; }

        @Override public String describe() {
            return "grokking: train accuracy ≥ " + num(train) + " at t_mem, test accuracy ≥ " + num(test) + " at t_gen ≥ " + num(k) + " · t_mem";
        }

        @Override public java.util.List<CurveMetric> metrics() { return java.util.List.of(CurveMetric.TRAIN_ACC, CurveMetric.TEST_ACC); }
    }

    /** Memorising at budget B: train accuracy reached and held, test accuracy below chance + level · (1 − chance). */
    record Memorisation(double train, double level, int hold) implements CurveProperty {
        public static final double DEFAULT_TRAIN = 0.99, DEFAULT_LEVEL = 0.5;

        public Memorisation {
            if (!(train > 0 && train <= 1)) throw new UserError("--property", "memorisation train=" + train + " is outside (0, 1]", "e.g. memorisation:train=0.99");
            if (!(level > 0 && level < 1)) throw new UserError("--property", "memorisation level=" + level + " is outside (0, 1)",
                    "the fraction of the way from chance to perfect test accuracy, e.g. memorisation:level=0.5");
            if (hold < 0 || hold > 100) throw new UserError("--property", "hold " + hold + " is outside 0–100", "e.g. memorisation:hold=1");
        }

        public Threshold memorised() { return new Threshold(CurveMetric.TRAIN_ACC, true, train, hold); }

        /** The test accuracy below which a run with {@code classes} classes counts as not generalising. */
        public double testCeiling(int classes) {
            double chance = 1.0 / Math.max(2, classes);
            return chance + level * (1 - chance);
        }

        @Override public String key() { return "memorisation:train=" + num(train) + ",level=" + num(level) + ",hold=" + hold; }

        @Override public String describe() {
            return "memorisation: train accuracy ≥ " + num(train) + " and test accuracy < chance + " + num(level) + " · (1 − chance) at the budget";
        }

        @Override public java.util.List<CurveMetric> metrics() { return java.util.List.of(CurveMetric.TRAIN_ACC, CurveMetric.TEST_ACC); }
    }

    /** Whether the label can flip back as the budget grows (memorisation can: a memoriser may grok later). */
    default boolean monotone() { return !(this instanceof Memorisation); }

    /**
     * Parses {@code metric>=x[,hold=h]}, {@code metric<=x[,hold=h]}, {@code grokking[:k=…,train=…,test=…,hold=…]} or
     * {@code memorisation[:train=…,level=…,hold=…]}; errors name {@code where}.
     */
    static CurveProperty parse(String text, String where) {
        if (text == null || text.isBlank()) throw new UserError(where, "no property given", "e.g. 'train_acc>=0.99', grokking or memorisation");
        String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "").replace("≥", ">=").replace("≤", "<=");
        String name = t, params = "";
        int colon = t.indexOf(':');
        if (colon >= 0) {
            name = t.substring(0, colon);
            params = t.substring(colon + 1);
        }
        if (name.equals("grokking")) {
            Map<String, Double> p = params(params, where, "k", "train", "test", "hold");
            return new Grokking(p.getOrDefault("k", Grokking.DEFAULT_K), p.getOrDefault("train", Grokking.DEFAULT_TRAIN),
                    p.getOrDefault("test", Grokking.DEFAULT_TEST), hold(p, where));
        }
        if (name.equals("memorisation") || name.equals("memorization")) {
            Map<String, Double> p = params(params, where, "train", "level", "hold");
            return new Memorisation(p.getOrDefault("train", Memorisation.DEFAULT_TRAIN), p.getOrDefault("level", Memorisation.DEFAULT_LEVEL), hold(p, where));
        }
        int op = t.indexOf(">=");
        boolean atLeast = true;
        if (op < 0) {
            op = t.indexOf("<=");
            atLeast = false;
        }
        if (op <= 0) throw new UserError(where, "cannot read property '" + text.trim() + "'", "write metric>=value or metric<=value (e.g. 'train_acc>=0.99', 'test_loss<=0.1,hold=2'), grokking or memorisation");
        CurveMetric metric = CurveMetric.parse(t.substring(0, op), where);
        String rest = t.substring(op + 2);
        String value = rest, extra = "";
        int comma = rest.indexOf(',');
        if (comma >= 0) {
            value = rest.substring(0, comma);
            extra = rest.substring(comma + 1);
        }
        Map<String, Double> p = params(extra, where, "hold");
        return new Threshold(metric, atLeast, number(value, where, "threshold"), hold(p, where));
    }

    private static int hold(Map<String, Double> p, String where) {
        double h = p.getOrDefault("hold", 1.0);
        if (h != Math.rint(h)) throw new UserError(where, "hold " + num(h) + " is not a whole number", "e.g. hold=1");
        return (int) h;
    }

    private static Map<String, Double> params(String text, String where, String... allowed) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (text.isEmpty()) return out;
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            if (eq < 0 || !java.util.List.of(allowed).contains(k)) {
                throw new UserError(where, "unknown property parameter '" + part + "'", "allowed: " + String.join(", ", allowed) + " (as name=value, comma-separated)");
            }
            if (out.put(k, number(part.substring(eq + 1), where, k)) != null) throw new UserError(where, "parameter " + k + " given twice", "give each once");
        }
        return out;
    }

    private static double number(String s, String where, String what) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError(where, what + " '" + s + "' is not a number", "e.g. train_acc>=0.99");
    }

    /** Shortest faithful text of a number: 0.99, 3, 1e-05. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }
}
