package io.learncast.forecast.grow;

import io.learncast.farm.config.RunConfig;
import io.learncast.farm.grid.Sampling;
import io.learncast.farm.grid.SearchSpace;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Proposes the next configs to train. With {@link Strategy#UNCERTAINTY} every candidate is scored by
 * how unsure the forecaster is about it — closeness of P to 0.5 plus the width of its 80 % interval,
 * averaged over the space's budgets — and the batch is chosen greedily, each pick maximising
 * score × (1 − e^−(d/ρ)²), d its distance to the configs already picked (RMS over the standardised
 * log-knob coordinates of the space), so a batch does not pile up on one stretch of the boundary.
 * {@link Strategy#RANDOM} takes candidates in their (uniformly random) order.
 */
public final class Proposer {
    private Proposer() {}

    /**
     * @param poolSize      candidates drawn from the space per proposal (more find the boundary more precisely; each costs one forecast per budget)
     * @param radius        ρ, the distance (RMS per coordinate in [0, 1]) below which a second pick is penalised; 0 = no diversity
     * @param widthWeight   weight of the interval width against closeness to 0.5
     * @param explore       share of each uncertainty batch taken at random instead (keeps the corpus covering the whole space)
     */
    public record Options(int poolSize, double radius, double widthWeight, double explore) {
        public static Options defaults() { return new Options(1024, Double.NaN, 1.0, 0.0); }

        public Options withRadius(double r) { return new Options(poolSize, r, widthWeight, explore); }

        public Options withPoolSize(int n) { return new Options(n, radius, widthWeight, explore); }

        public Options withExplore(double e) { return new Options(poolSize, radius, widthWeight, e); }

        /** ρ for a batch of {@code b} in {@code dims} dimensions: a quarter of the spacing of b evenly spread points, unless set. */
        double radiusFor(int b, int dims) {
            if (!Double.isNaN(radius)) return radius;
            return 0.25 * Math.pow(Math.max(1, b), -1.0 / Math.max(1, dims));
        }
    }

    /** A config of the space and its point in the unit cube. */
    public record Candidate(RunConfig config, double[] point) {}

    /** A chosen config with its score and the forecasts (one per budget; empty without a forecaster). */
    public record Proposal(RunConfig config, double[] point, double score, List<Forecast> forecasts) {}

    /**
     * {@code n} distinct candidates of the space drawn by {@code method}, skipping impossible
     * combinations and configs whose group hash is in {@code exclude} (already trained).
     */
    public static List<Candidate> candidates(SearchSpace space, Sampling.Method method, int n, long seed, Set<String> exclude) {
        List<Candidate> out = new ArrayList<>(n);
        Set<String> seen = new HashSet<>(exclude);
        // a few draws per wanted candidate: discrete axes and rounding make duplicates. A Latin hypercube is of exactly n
        // points (so n of them are stratified), topped up at random when some are impossible or repeated
        List<double[]> points = new ArrayList<>();
        if (method == Sampling.Method.LHS) {
            points.addAll(space.points(method, n, seed));
            points.addAll(space.points(Sampling.Method.RANDOM, n * 3 + 16, seed));
        } else {
            points.addAll(space.points(method, n * 4 + 16, seed));
        }
        for (double[] u : points) {
            if (out.size() == n) break;
            RunConfig c = space.config(u).orElse(null);
            if (c == null || !seen.add(c.groupHash())) continue;
            out.add(new Candidate(c, u));
        }
        return out;
    }

    /** Picks {@code batch} of the candidates. Without a forecaster both strategies take the candidates in order. */
    public static List<Proposal> propose(Strategy strategy, FittedForecaster f, List<Candidate> candidates, List<Long> budgets, int batch, Options o) {
        int b = Math.min(batch, candidates.size());
        List<Proposal> out = new ArrayList<>(b);
        if (strategy == Strategy.RANDOM || f == null) {
            for (int i = 0; i < b; i++) {
                Candidate c = candidates.get(i);
                List<Forecast> fs = new ArrayList<>();
                double s = f == null ? Double.NaN : score(f, c.config(), budgets, o, fs);
                out.add(new Proposal(c.config(), c.point(), s, fs));
            }
            return out;
        }
        int n = candidates.size();
        double[] scores = new double[n];
        List<List<Forecast>> forecasts = new ArrayList<>(n);
        List<double[]> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Forecast> fs = new ArrayList<>();
            scores[i] = score(f, candidates.get(i).config(), budgets, o, fs);
            forecasts.add(fs);
            points.add(candidates.get(i).point());
        }
        int dims = points.isEmpty() ? 1 : points.get(0).length;
        int random = (int) Math.round(o.explore() * b);
        Set<Integer> taken = new HashSet<>();
        for (int i : diverse(scores, points, b - random, o.radiusFor(b, dims))) {
            Candidate c = candidates.get(i);
            taken.add(i);
            out.add(new Proposal(c.config(), c.point(), scores[i], forecasts.get(i)));
        }
        // the exploring share: candidates in their (random) order
        for (int i = 0; i < n && out.size() < b; i++) {
            if (!taken.add(i)) continue;
            Candidate c = candidates.get(i);
            out.add(new Proposal(c.config(), c.point(), scores[i], forecasts.get(i)));
        }
        return out;
    }

    /** How unsure the forecaster is about a config: mean over budgets of (1 − |2p − 1|) + w·(p_high − p_low); fills {@code out} with the forecasts. */
    public static double score(FittedForecaster f, RunConfig c, List<Long> budgets, Options o, List<Forecast> out) {
        double s = 0;
        for (long b : budgets) {
            Forecast fc = f.predict(c, b, FittedForecaster.Detail.PROBABILITY);
            out.add(fc);
            s += (1 - Math.abs(2 * fc.p() - 1)) + o.widthWeight() * (fc.pHigh() - fc.pLow());
        }
        return s / budgets.size();
    }

    /** Greedy: each pick maximises score × (1 − e^−(d/ρ)²), d the RMS distance to the picks so far. */
    static List<Integer> diverse(double[] scores, List<double[]> points, int batch, double radius) {
        int n = scores.length;
        double[] nearest = new double[n];
        java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        boolean[] taken = new boolean[n];
        List<Integer> out = new ArrayList<>(batch);
        while (out.size() < Math.min(batch, n)) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (taken[i]) continue;
                double penalty = radius <= 0 || Double.isInfinite(nearest[i]) ? 1 : 1 - Math.exp(-(nearest[i] * nearest[i]) / (radius * radius));
                double v = scores[i] * penalty;
                if (v > bestValue) {
                    bestValue = v;
                    best = i;
                }
            }
            taken[best] = true;
            out.add(best);
            for (int i = 0; i < n; i++) if (!taken[i]) nearest[i] = Math.min(nearest[i], distance(points.get(i), points.get(best)));
        }
        return out;
    }

    /** RMS difference of two points' coordinates (each in [0, 1]). */
    public static double distance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return Math.sqrt(s / Math.max(1, a.length));
    }
}
