package io.learncast.farm.grid;

import io.learncast.farm.config.knob.Knob;

import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.RunConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A grid spec read as a search space (for {@code learncast grow}): every range is continuous (its
 * {@code n}, if any, is ignored), lists stay lists, and the spec's sampling is ignored. A point is a
 * coordinate in [0, 1) per varying axis — on the log scale for log ranges — so distances between points
 * are distances in the standardised (log-)knob space. Configs are replica 0 with the spec's master seed.
 */
public final class SearchSpace {
    private final GridSpec spec;
    private final List<Axis> axes;
    private final List<Axis> varying;
    private final Map<String, Long> universes = new HashMap<>();

    private SearchSpace(GridSpec spec) {
        this.spec = spec;
        List<Axis> a = new ArrayList<>();
        for (Axis x : spec.axes()) {
            a.add(x instanceof Axis.Range r && r.n() != null ? new Axis.Range(r.field(), r.log(), r.low(), r.high(), null) : x);
        }
        this.axes = List.copyOf(a);
        this.varying = axes.stream().filter(Axis::varies).toList();
        for (String t : spec.tasks()) {
            universes.put(t, TaskCatalog.create(TaskSpec.parse(t, "property.task"), 0L, "property.task").universeSize());
        }
    }

    public static SearchSpace of(GridSpec spec) {
        SearchSpace s = new SearchSpace(spec);
        if (s.varying.isEmpty()) {
            throw new UserError("axes", "the spec has no axis that varies: its space is a single config",
                    "give at least one axis a range ({log: [a, b]} or {lin: [a, b]}) or several values");
        }
        return s;
    }

    public GridSpec spec() { return spec; }

    /** The number of coordinates of a point: one per varying axis. */
    public int dims() { return varying.size(); }

    /** The varying axes, in coordinate order (ranges continuous). */
    public List<Axis> varying() { return varying; }

    /** The budgets every proposed config is labelled at; the largest is trained. */
    public List<Long> budgets() { return spec.budgets(); }

    /**
     * {@code n} points of the unit cube: {@code random}, {@code lhs} or {@code sobol} (Sobol ignores the
     * seed; random and Latin hypercube points are derived from it).
     */
    public List<double[]> points(Sampling.Method method, int n, long seed) {
        UnitSampler gen = UnitSampler.of(new Sampling(method, Math.max(1, n)), dims(), Seeds.derive(seed, "search-space:" + method.key()));
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(gen.next());
        return out;
    }

    /** The config at point {@code u} (replica 0), or empty when that combination is impossible (e.g. more examples than the task has). */
    public Optional<RunConfig> config(double[] u) {
        if (u.length != dims()) throw new IllegalArgumentException("a point of this space has " + dims() + " coordinates, not " + u.length);
        Map<Knob<?>, Object> p = new java.util.LinkedHashMap<>();
        int j = 0;
        for (Axis a : axes) p.put(a.field(), a.varies() ? a.at(u[j++]) : a.at(0));
        try {
            return Optional.of(spec.config(p, universes));
        } catch (UserError e) {
            return Optional.empty();
        }
    }

    /**
     * The point of a config in this space (its value on each varying axis, as a coordinate in [0, 1]);
     * values outside a range are clipped to its ends, a value not in a list gets NaN.
     */
    public double[] coordinates(RunConfig c) {
        double[] u = new double[dims()];
        for (int j = 0; j < u.length; j++) u[j] = coordinate(varying.get(j), c);
        return u;
    }

    private static double coordinate(Axis a, RunConfig c) {
        Object v = value(a.field(), c);
        if (a instanceof Axis.Range r) {
            if (!(v instanceof Number n)) return Double.NaN;
            double x = n.doubleValue();
            double t = r.log() ? (Math.log(Math.max(x, 1e-300)) - Math.log(r.low())) / (Math.log(r.high()) - Math.log(r.low()))
                    : (x - r.low()) / (r.high() - r.low());
            return Math.max(0, Math.min(1, t));
        }
        List<Object> levels = a.levels();
        for (int i = 0; i < levels.size(); i++) {
            Object l = levels.get(i);
            boolean same = l instanceof Number ln && v instanceof Number vn ? ln.doubleValue() == vn.doubleValue()
                    : String.valueOf(l).equalsIgnoreCase(String.valueOf(v));
            if (same) return (i + 0.5) / levels.size();
        }
        return Double.NaN;
    }

    /** A config's value of an axis field, as a spec writes it (numbers, or names for task, activation and optimiser). */
    public static Object value(Knob<?> f, RunConfig c) {
        Object v = f.get(c);
        return v instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT) : v;
    }

    /** One line per varying axis, for people. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Axis a : varying) {
            if (a instanceof Axis.Range r) out.add(a.field().key() + " " + (r.log() ? "log-uniform" : "uniform") + " in [" + Axis.show(r.low()) + ", " + Axis.show(r.high()) + "]");
            else out.add(a.field().key() + " one of " + String.join(", ", Axis.show(a)));
        }
        return out;
    }
}
