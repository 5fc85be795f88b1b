package io.learncast.eval.split;

import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.farm.store.StoredRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A way to divide runs into folds: each fold is (fit on these runs, score on those). Written on the
 * command line as:
 * <ul>
 *   <li>{@code kfold} or {@code kfold:K} — grouped random K-fold (default 5): groups are shuffled with a fixed seed;</li>
 *   <li>{@code test:FIELD OP VALUE} — extrapolation: score on the runs matching, fit on the rest,
 *       e.g. {@code test:width>64}, {@code test:p>=50}, {@code test:lr>1e-2};</li>
 *   <li>{@code test:FIELD=LOW..HIGH} — hold out a range, e.g. {@code test:lr=1e-3..3e-3};</li>
 *   <li>{@code leave-out:FIELD} — one fold per value of a field, e.g. {@code leave-out:task} (leave one task out)
 *       or {@code leave-out:source} (fit on the other sources, score on one).</li>
 * </ul>
 * Every fold keeps whole config groups on one side (a group's runs share their config but the seed).
 */
public record Split(String text, Kind kind, int k, String field, String op, String value, Double low, Double high) {

    public enum Kind { KFOLD, TEST_WHERE, TEST_RANGE, LEAVE_OUT }

    /** One fold: runs to fit on and runs to score, and a label for the report. */
    public record Fold(String label, List<StoredRun> fit, List<StoredRun> score) {}

    private static final Pattern KFOLD = Pattern.compile("kfold(?::(\\d+))?");
    private static final Pattern WHERE = Pattern.compile("test:([a-z_]+)\\s*(<=|>=|!=|=|<|>)\\s*([^\\s<>=!.][^\\s]*)");
    private static final Pattern RANGE = Pattern.compile("test:([a-z_]+)\\s*=\\s*([-+0-9.eE]+)\\.\\.([-+0-9.eE]+)");
    private static final Pattern LEAVE = Pattern.compile("leave-out:([a-z_]+)");

    public static Split parse(String text) {
        String t = text == null ? "kfold" : text.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher m;
        if ((m = KFOLD.matcher(t)).matches()) {
            int k = m.group(1) == null ? 5 : Integer.parseInt(m.group(1));
            if (k < 2 || k > 50) throw new UserError("--split", "kfold needs 2–50 folds, not " + k, "e.g. kfold:5");
            return new Split(t, Kind.KFOLD, k, null, null, null, null, null);
        }
        if ((m = RANGE.matcher(t)).matches()) {
            double lo = number(m.group(2), t), hi = number(m.group(3), t);
            if (lo > hi) throw new UserError("--split", "range " + m.group(2) + ".." + m.group(3) + " has low > high", "write LOW..HIGH");
            return new Split(t, Kind.TEST_RANGE, 0, m.group(1), null, null, lo, hi);
        }
        if ((m = WHERE.matcher(t)).matches()) return new Split(t, Kind.TEST_WHERE, 0, m.group(1), m.group(2), m.group(3), null, null);
        if ((m = LEAVE.matcher(t)).matches()) return new Split(t, Kind.LEAVE_OUT, 0, m.group(1), null, null, null, null);
        throw new UserError("--split", "cannot read split '" + text + "'",
                "use kfold[:K], test:FIELD>VALUE (also <, <=, >=, =, !=), test:FIELD=LOW..HIGH or leave-out:FIELD; e.g. test:width>64, leave-out:task");
    }

    private static double number(String s, String where) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UserError("--split " + where, "'" + s + "' is not a number", "e.g. test:lr=1e-3..1e-2");
        }
    }

    /** Divides runs into folds. {@code seed} fixes the k-fold shuffle. */
    public List<Fold> folds(List<StoredRun> runs, long seed) {
        return switch (kind) {
            case KFOLD -> kfold(runs, seed);
            case TEST_WHERE, TEST_RANGE -> {
                List<StoredRun> fit = new ArrayList<>(), score = new ArrayList<>();
                Map<String, Boolean> groupSide = new LinkedHashMap<>();
                for (StoredRun r : runs) groupSide.merge(r.groupHash(), matches(r), (a, b) -> a || b);
                for (StoredRun r : runs) (groupSide.get(r.groupHash()) ? score : fit).add(r);
                yield List.of(new Fold(text, fit, score));
            }
            case LEAVE_OUT -> {
                Map<String, List<StoredRun>> byValue = new LinkedHashMap<>();
                for (StoredRun r : runs) byValue.computeIfAbsent(String.valueOf(RunField.value(r, field, "--split")), x -> new ArrayList<>()).add(r);
                List<Fold> out = new ArrayList<>();
                for (Map.Entry<String, List<StoredRun>> e : byValue.entrySet()) {
                    List<StoredRun> fit = new ArrayList<>();
                    for (StoredRun r : runs) if (!String.valueOf(RunField.value(r, field, "--split")).equals(e.getKey())) fit.add(r);
                    out.add(new Fold(field + "=" + e.getKey(), fit, e.getValue()));
                }
                yield out;
            }
        };
    }

    private List<Fold> kfold(List<StoredRun> runs, long seed) {
        Map<String, List<StoredRun>> groups = new LinkedHashMap<>();
        for (StoredRun r : runs) groups.computeIfAbsent(r.groupHash(), g -> new ArrayList<>()).add(r);
        List<String> keys = new ArrayList<>(groups.keySet());
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, "kfold"));
        for (int i = keys.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            String t = keys.get(i);
            keys.set(i, keys.get(j));
            keys.set(j, t);
        }
        List<Fold> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<StoredRun> fit = new ArrayList<>(), score = new ArrayList<>();
            for (int g = 0; g < keys.size(); g++) (g % k == f ? score : fit).addAll(groups.get(keys.get(g)));
            out.add(new Fold("fold " + (f + 1) + "/" + k, fit, score));
        }
        return out;
    }

    boolean matches(StoredRun r) {
        Object v = RunField.value(r, field, "--split");
        if (kind == Kind.TEST_RANGE) {
            double d = ((Number) v).doubleValue();
            return d >= low && d <= high;
        }
        if (v instanceof Double d) {
            double x = number(value, text);
            return switch (op) {
                case "<" -> d < x;
                case "<=" -> d <= x;
                case ">" -> d > x;
                case ">=" -> d >= x;
                case "=" -> d == x;
                case "!=" -> d != x;
                default -> false;
            };
        }
        String s = String.valueOf(v);
        return switch (op) {
            case "=" -> s.equalsIgnoreCase(value);
            case "!=" -> !s.equalsIgnoreCase(value);
            default -> throw new UserError("--split", field + " is not a number; use = or !=", "e.g. test:task=modadd");
        };
    }
}
