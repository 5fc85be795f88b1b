package io.learncast.farm.grid;

import java.util.Locale;
import java.util.Map;

/**
 * How a spec picks configs from its axes: every combination ({@code grid}), {@code n} uniformly random
 * points ({@code random}), or a low-discrepancy sample of {@code n}: a Sobol sequence ({@code sobol}) or
 * a Latin hypercube ({@code lhs}). Sampled points are distinct configs; each gets {@code seeds} replicas.
 */
public record Sampling(Method method, int n) {

    public enum Method {
        GRID, RANDOM, SOBOL, LHS;

        public String key() { return name().toLowerCase(Locale.ROOT); }
    }

    public static final Sampling GRID = new Sampling(Method.GRID, 0);

    public static Sampling random(int n) { return new Sampling(Method.RANDOM, n); }

    public static Sampling sobol(int n) { return new Sampling(Method.SOBOL, n); }

    public static Sampling lhs(int n) { return new Sampling(Method.LHS, n); }

    public boolean grid() { return method == Method.GRID; }

    /** As a spec writes it: {@code grid} or {@code {sobol: 64}}. */
    public Object canonical() { return grid() ? "grid" : Map.of(method.key(), n); }

    public String describe() { return grid() ? "full grid" : method == Method.LHS ? "Latin hypercube of " + n : method.key() + " sample of " + n; }
}
