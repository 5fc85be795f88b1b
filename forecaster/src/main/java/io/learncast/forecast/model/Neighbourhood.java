package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.farm.result.Outcome;
import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trained configs of the corpus, for "nearest configs actually trained" and for the check that a
 * query lies near what was trained. Distance: Euclidean over the config's log-scale knobs, each divided
 * by its spread in the corpus; another task kind adds {@value #OTHER_KIND}, another task of the same
 * kind {@value #OTHER_TASK}.
 */
public record Neighbourhood(@JsonProperty("features") List<String> features,
                            @JsonProperty("scale") double[] scale,
                            @JsonProperty("groups") List<Group> groups,
                            @JsonProperty("far") double far) {

    public static final double OTHER_KIND = 10;
    public static final double OTHER_TASK = 2;

    /** The distance features (config features, see {@link Features#CONFIG}). */
    static final List<String> DISTANCE = List.of("log2_universe", "task_k", "log2_classes", "depth", "log2_width", "init_scale", "log10_lr", "log10_wd", "wd_zero",
            "log2_eff_batch", "log2_n_train", "train_fraction", "label_noise", "act_relu", "act_tanh", "act_gelu", "act_quadratic", "opt_sgd", "opt_adam", "opt_adamw",
            "threshold", "hold");

    /** A trained config group: its description, position, and its runs' outcomes (per run: confirm step or -1, steps trained, outcome). */
    public record Group(@JsonProperty("hash") String hash, @JsonProperty("config") String config, @JsonProperty("kind") String kind,
                        @JsonProperty("task") String task, @JsonProperty("z") double[] z, @JsonProperty("confirm") long[] confirm,
                        @JsonProperty("trained") long[] trained, @JsonProperty("steps") long[] steps, @JsonProperty("outcomes") String[] outcomes) {}

    public static Neighbourhood of(List<RunRecord> runs, long seed) {
        Map<String, List<RunRecord>> byGroup = new LinkedHashMap<>();
        for (RunRecord r : runs) byGroup.computeIfAbsent(r.groupHash(), k -> new ArrayList<>()).add(r);
        int[] idx = DISTANCE.stream().mapToInt(Features.CONFIG::indexOf).toArray();
        List<double[]> raw = new ArrayList<>();
        for (List<RunRecord> g : byGroup.values()) {
            double[] c = Features.config(g.get(0).knobs());
            double[] v = new double[idx.length];
            for (int j = 0; j < idx.length; j++) v[j] = c[idx[j]];
            raw.add(v);
        }
        double[] scale = new double[idx.length];
        for (int j = 0; j < idx.length; j++) {
            double m = 0, s = 0;
            for (double[] v : raw) m += v[j] / raw.size();
            for (double[] v : raw) s += (v[j] - m) * (v[j] - m) / raw.size();
            scale[j] = s > 1e-12 ? Math.sqrt(s) : 1;
        }
        List<Group> groups = new ArrayList<>();
        int gi = 0;
        for (Map.Entry<String, List<RunRecord>> e : byGroup.entrySet()) {
            List<RunRecord> rs = e.getValue();
            double[] z = raw.get(gi++).clone();
            for (int j = 0; j < z.length; j++) z[j] /= scale[j];
            RunRecord first = rs.get(0);
            long[] confirm = rs.stream().mapToLong(r -> r.confirmStep() == null ? -1 : r.confirmStep()).toArray();
            long[] trained = rs.stream().mapToLong(RunRecord::stepsTrained).toArray();
            long[] steps = rs.stream().mapToLong(RunRecord::steps).toArray();
            String[] outcomes = rs.stream().map(r -> r.outcome().name()).toArray(String[]::new);
            groups.add(new Group(e.getKey(), describe(first), first.knobs().taskKind(), first.knobs().task(), z, confirm, trained, steps, outcomes));
        }
        Neighbourhood n = new Neighbourhood(DISTANCE, scale, groups, Double.NaN);
        return new Neighbourhood(DISTANCE, scale, groups, n.farThreshold(seed));
    }

    /** A config in one short line, numbers to four significant digits (the seed left out: a group is all its seeds). */
    static String describe(RunRecord r) {
        io.learncast.farm.config.RunConfig c = r.config();
        if (c == null) return r.knobs().task();
        return c.task() + " d" + c.depth() + "×w" + c.width() + " " + c.activation().key() + " " + c.optimizer().key()
                + " lr=" + Coverage.num(c.lr()) + " wd=" + Coverage.num(c.wd()) + " batch=" + (c.fullBatch() ? "full" : Integer.toString(c.batch()))
                + (c.trainFrac() != null ? " frac=" + Coverage.num(c.trainFrac()) : " n=" + c.nTrain())
                + (c.labelNoise() > 0 ? " noise=" + Coverage.num(c.labelNoise()) : "") + " steps=" + c.steps();
    }

    /** The position of a config in distance space. */
    public double[] position(Knobs k) {
        double[] c = Features.config(k);
        double[] z = new double[features.size()];
        for (int j = 0; j < z.length; j++) z[j] = c[Features.CONFIG.indexOf(features.get(j))] / scale[j];
        return z;
    }

    public double distance(double[] z, String kind, String task, Group g) {
        double s = 0;
        for (int j = 0; j < z.length; j++) {
            double d = z[j] - g.z()[j];
            s += d * d;
        }
        if (!g.kind().equals(kind)) s += OTHER_KIND * OTHER_KIND;
        else if (!g.task().equals(task)) s += OTHER_TASK * OTHER_TASK;
        return Math.sqrt(s);
    }

    /** The nearest trained groups and the distance to the nearest one. */
    public record Nearest(List<Forecast.Neighbour> neighbours, double distance) {}

    /** The {@code k} nearest trained groups to a config, with outcomes read at {@code budget}. */
    public Nearest nearest(Knobs q, long budget, int k) {
        double[] z = position(q);
        int n = groups.size();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = distance(z, q.taskKind(), q.task(), groups.get(i));
        // partial selection of the k smallest, ties by corpus order
        List<Integer> best = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int pos = best.size();
            while (pos > 0 && d[best.get(pos - 1)] > d[i]) pos--;
            if (pos < k) {
                best.add(pos, i);
                if (best.size() > k) best.remove(best.size() - 1);
            }
        }
        List<Forecast.Neighbour> out = new ArrayList<>();
        for (int i : best) out.add(neighbour(groups.get(i), budget, d[i]));
        return new Nearest(out, best.isEmpty() ? Double.POSITIVE_INFINITY : d[best.get(0)]);
    }

    private static Forecast.Neighbour neighbour(Group g, long budget, double distance) {
        int known = 0, learned = 0;
        List<Long> confirms = new ArrayList<>();
        long trained = 0;
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (int r = 0; r < g.confirm().length; r++) {
            long c = g.confirm()[r];
            trained = Math.max(trained, g.trained()[r]);
            outcomes.merge(g.outcomes()[r].toLowerCase(Locale.ROOT).replace('_', ' '), 1, Integer::sum);
            if (c >= 0) {
                confirms.add(c);
                known++;
                if (c <= budget) learned++;
            } else {
                Outcome o = Outcome.valueOf(g.outcomes()[r]);
                long upTo = o == Outcome.DIVERGED ? g.steps()[r] : g.trained()[r];
                if (budget <= upTo || o == Outcome.DIVERGED) known++;
            }
        }
        Long median = null;
        if (!confirms.isEmpty()) {
            long[] c = confirms.stream().mapToLong(Long::longValue).sorted().toArray();
            median = c[c.length / 2];
        }
        StringBuilder sb = new StringBuilder();
        outcomes.forEach((o, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(c).append(' ').append(o));
        return new Forecast.Neighbour(g.config(), g.hash(), g.confirm().length, known, learned, trained, median, sb.toString(),
                Math.round(distance * 1000) / 1000.0);
    }

    /**
     * The 95th percentile of the distance from a trained group to its nearest other group (on a sample of
     * at most 1,000 groups): a query farther than this from every trained config is "far".
     */
    double farThreshold(long seed) {
        int n = groups.size();
        if (n < 3) return Double.POSITIVE_INFINITY;
        int[] sample = new int[Math.min(n, 1000)];
        if (sample.length == n) Arrays.setAll(sample, i -> i);
        else {
            SplittableRandom r = new SplittableRandom(seed);
            int[] perm = new int[n];
            Arrays.setAll(perm, i -> i);
            for (int i = 0; i < sample.length; i++) {
                int j = i + r.nextInt(n - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
                sample[i] = perm[i];
            }
        }
        double[] nn = new double[sample.length];
        for (int s = 0; s < sample.length; s++) {
            Group a = groups.get(sample[s]);
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (i == sample[s]) continue;
                best = Math.min(best, distance(a.z(), a.kind(), a.task(), groups.get(i)));
            }
            nn[s] = best;
        }
        Arrays.sort(nn);
        return nn[(int) Math.floor(0.95 * (nn.length - 1))];
    }
}
