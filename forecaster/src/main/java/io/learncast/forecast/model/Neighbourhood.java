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
public final class Neighbourhood {
    private final List<String> features;
    private final double[] scale;
    private final List<Group> groups;
    private final double far;
    private transient volatile Index index;

    @com.fasterxml.jackson.annotation.JsonCreator
    public Neighbourhood(@JsonProperty("features") List<String> features,
                         @JsonProperty("scale") double[] scale,
                         @JsonProperty("groups") List<Group> groups,
                         @JsonProperty("far") double far) {
        this.features = features;
        this.scale = scale;
        this.groups = groups;
        this.far = far;
    }

    @JsonProperty("features") public List<String> features() { return features; }

    @JsonProperty("scale") public double[] scale() { return scale; }

    @JsonProperty("groups") public List<Group> groups() { return groups; }

    @JsonProperty("far") public double far() { return far; }

    /**
     * The groups laid out for fast search: positions in one flat array, task kinds and tasks as small
     * integers, and the groups of each kind contiguous, so a query scans its own kind first and the others
     * only while one of them could still be nearer (another kind is at least {@value #OTHER_KIND} away).
     */
    private static final class Index {
        final int dims;
        final double[] z;        // groups in kind order, dims values each
        final int[] group;       // position → index into groups
        final int[] task;        // position → task id
        final Map<String, int[]> kindRange = new LinkedHashMap<>(); // kind → [from, to)
        final Map<String, Integer> taskId = new java.util.HashMap<>();

        Index(List<Group> groups, int dims) {
            this.dims = dims;
            int n = groups.size();
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            java.util.Arrays.sort(order, java.util.Comparator.comparing((Integer i) -> groups.get(i).kind()).thenComparingInt(i -> i));
            z = new double[n * dims];
            group = new int[n];
            task = new int[n];
            for (int p = 0; p < n; p++) {
                Group g = groups.get(order[p]);
                group[p] = order[p];
                System.arraycopy(g.z(), 0, z, p * dims, dims);
                task[p] = taskId.computeIfAbsent(g.task(), t -> taskId.size());
                int[] r = kindRange.computeIfAbsent(g.kind(), k -> new int[] {-1, -1});
                if (r[0] < 0) r[0] = p;
                r[1] = p + 1;
            }
        }
    }

    private Index index() {
        Index i = index;
        if (i == null) {
            i = new Index(groups, features.size());
            index = i;
        }
        return i;
    }

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
        int[] best = nearestPositions(z, q.taskKind(), q.task(), k, -1);
        Index ix = index();
        List<Forecast.Neighbour> out = new ArrayList<>();
        double first = Double.POSITIVE_INFINITY;
        for (int j = 0; j < best.length; j++) {
            if (best[j] < 0) break;
            double d = distance(z, q.taskKind(), q.task(), groups.get(ix.group[best[j]]));
            if (j == 0) first = d;
            out.add(neighbour(groups.get(ix.group[best[j]]), budget, d));
        }
        return new Nearest(out, first);
    }

    /**
     * Positions (in index order) of the {@code k} nearest groups, nearest first, skipping position
     * {@code skip}; -1 where fewer exist. Squared distances are compared, and a group's sum stops as
     * soon as it exceeds the current k-th best.
     */
    private int[] nearestPositions(double[] z, String kind, String task, int k, int skip) {
        Index ix = index();
        int dims = ix.dims;
        int[] best = new int[k];
        double[] bestD = new double[k];
        java.util.Arrays.fill(best, -1);
        java.util.Arrays.fill(bestD, Double.POSITIVE_INFINITY);
        Integer tid = ix.taskId.get(task);
        int myTask = tid == null ? -2 : tid;
        int[] own = ix.kindRange.get(kind);
        List<int[]> ranges = new ArrayList<>();
        if (own != null) ranges.add(new int[] {own[0], own[1], 0});
        for (Map.Entry<String, int[]> e : ix.kindRange.entrySet()) {
            if (!e.getKey().equals(kind)) ranges.add(new int[] {e.getValue()[0], e.getValue()[1], 1});
        }
        for (int[] r : ranges) {
            double base = r[2] == 1 ? OTHER_KIND * OTHER_KIND : 0;
            if (base >= bestD[k - 1]) continue;
            for (int p = r[0]; p < r[1]; p++) {
                if (p == skip) continue;
                double limit = bestD[k - 1];
                double s = base + (r[2] == 0 && ix.task[p] != myTask ? OTHER_TASK * OTHER_TASK : 0);
                int o = p * dims;
                for (int j = 0; j < dims && s < limit; j++) {
                    double d = z[j] - ix.z[o + j];
                    s += d * d;
                }
                if (s >= limit) continue;
                int pos = k - 1;
                while (pos > 0 && bestD[pos - 1] > s) {
                    bestD[pos] = bestD[pos - 1];
                    best[pos] = best[pos - 1];
                    pos--;
                }
                bestD[pos] = s;
                best[pos] = p;
            }
        }
        return best;
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
        Index ix = index();
        int[] positionOf = new int[n];
        for (int p = 0; p < n; p++) positionOf[ix.group[p]] = p;
        for (int s = 0; s < sample.length; s++) {
            Group a = groups.get(sample[s]);
            int[] best = nearestPositions(a.z(), a.kind(), a.task(), 1, positionOf[sample[s]]);
            nn[s] = best[0] < 0 ? Double.POSITIVE_INFINITY : distance(a.z(), a.kind(), a.task(), groups.get(ix.group[best[0]]));
        }
        Arrays.sort(nn);
        return nn[(int) Math.floor(0.95 * (nn.length - 1))];
    }
}
