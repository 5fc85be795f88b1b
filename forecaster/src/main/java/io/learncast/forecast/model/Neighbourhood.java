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
 *
 * <p>"Near" is calibrated per task and property ({@link #nearThresholds}): each trained config is held
 * out in turn and its distance to the nearest other config measured; a query is far when its nearest
 * trained config lies farther than {@value #NEAR_QUANTILE} of those held-out configs' did. So the
 * warning fires for about one query in twenty drawn like the corpus, and for every query well outside
 * it. On a grid, a held-out point's neighbour is one step along its finest axis, while a new value
 * halfway along a coarser axis lies farther: so the threshold is at least half the diagonal of the
 * grid's cells (at the same quantile), and no point inside the trained grid is called far.
 */
public final class Neighbourhood {
    private final List<String> features;
    private final double[] scale;
    private final List<Group> groups;
    private final double far;
    private volatile Map<String, Double> near;
    private transient volatile Index index;
    private transient volatile Map<String, Box> boxes;

    @com.fasterxml.jackson.annotation.JsonCreator
    public Neighbourhood(@JsonProperty("features") List<String> features,
                         @JsonProperty("scale") double[] scale,
                         @JsonProperty("groups") List<Group> groups,
                         @JsonProperty("far") double far,
                         @JsonProperty("near") Map<String, Double> near) {
        this.features = features;
        this.scale = scale;
        this.groups = groups;
        this.far = far;
        this.near = near;
    }

    @JsonProperty("features") public List<String> features() { return features; }

    @JsonProperty("scale") public double[] scale() { return scale; }

    @JsonProperty("groups") public List<Group> groups() { return groups; }

    /** The pooled threshold of artifacts written before thresholds were kept per task (unused when {@link #near} is set). */
    @JsonProperty("far") public double far() { return far; }

    /**
     * Per task and property ({@link #bucket}): the distance to the nearest other trained config that
     * {@value #NEAR_QUANTILE} of held-out trained configs do not exceed. Artifacts written before it
     * existed compute it from their stored positions on first use.
     */
    @JsonProperty("near") public Map<String, Double> near() {
        Map<String, Double> n = near;
        if (n == null) {
            n = nearThresholds(0L);
            near = n;
        }
        return n;
    }

    /** The share of held-out configs whose nearest neighbour the threshold covers: the warning fires for about the rest. */
    public static final double NEAR_QUANTILE = 0.95;
    /** Fewer held-out configs than this in a task and property give no threshold of their own (the task's or the kind's is used). */
    static final int NEAR_MIN_GROUPS = 3;
    /** At most this many configs are held out in all (spread over the buckets), to bound the fit's cost on large corpora. */
    static final int NEAR_SAMPLE = 2000;

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
    static final List<String> DISTANCE = concat("log2_universe", "task_k", "log2_classes", "depth", "log2_width", "init_scale", "log10_lr", "log10_wd", "wd_zero",
            "log2_eff_batch", "log2_n_train", "train_fraction", "label_noise", "act_relu", "act_tanh", "act_gelu", "act_quadratic", "opt_sgd", "opt_adam", "opt_adamw",
            "threshold", "hold", Features.LATER_NAMES);

    private static List<String> concat(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String s) out.add(s);
            else for (Object x : (List<?>) p) out.add((String) x);
        }
        return List.copyOf(out);
    }

    /**
     * A trained config group: its description, position, property (null in older artifacts), and its runs' outcomes
     * (per run: confirm step or -1, steps trained, step budget, outcome).
     */
    public record Group(@JsonProperty("hash") String hash, @JsonProperty("config") String config, @JsonProperty("kind") String kind,
                        @JsonProperty("task") String task, @JsonProperty("z") double[] z, @JsonProperty("confirm") long[] confirm,
                        @JsonProperty("trained") long[] trained, @JsonProperty("steps") long[] steps, @JsonProperty("outcomes") String[] outcomes,
                        @JsonProperty("property") String property) {}

    /** A property as a short key: metric, threshold and hold. */
    static String property(Knobs k) {
        return k.metric().key() + " " + Coverage.num(k.threshold()) + " hold " + k.hold();
    }

    /** The calibration bucket of a config: its task and property. */
    static String bucket(String task, String property) {
        return property == null ? task : task + " | " + property;
    }

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
            groups.add(new Group(e.getKey(), describe(first), first.knobs().taskKind(), first.knobs().task(), z, confirm, trained, steps, outcomes,
                    property(first.knobs())));
        }
        Neighbourhood n = new Neighbourhood(DISTANCE, scale, groups, Double.NaN, null);
        return new Neighbourhood(DISTANCE, scale, groups, Double.NaN, n.nearThresholds(seed));
    }

    /**
     * How far a query lies outside the box its task's trained configs span, in the distance's own units: per
     * distance knob, the gap between the query and the nearest end of the task's trained values (0 inside), summed
     * as the distance sums. It is what the nearest distance misses: a knob the task held constant while other
     * tasks varied it is scaled by the corpus's spread, so changing it alone can look "near" (lr 0.001 on a corpus
     * that trained modadd:p=23 only at 0.003 and parity at 0.1–4 lies at 0.39, under the threshold 0.40).
     * {@code knobs}: the knobs outside, largest gap first (named as the range warnings name them).
     * Weight decay's log scale is boxed over the positive values (off is its own flag, as the range warnings treat
     * it). A task never trained has no box (its distance carries the task penalty): nothing.
     */
    public record Beyond(double excess, List<String> knobs) {
        static final Beyond NONE = new Beyond(0, List.of());
    }

    /** The per-task box of trained positions: ends per distance knob; {@code wd} over the positive weight decays only. */
    private record Box(double[] lo, double[] hi, double wdLo, double wdHi) {}

    public Beyond beyond(Knobs q) {
        Box b = boxes().get(q.task());
        if (b == null) return Beyond.NONE;
        double[] z = position(q);
        int logWd = features.indexOf("log10_wd"), wdZero = features.indexOf("wd_zero");
        double sum = 0;
        Map<String, Double> byKnob = new LinkedHashMap<>();
        for (int j = 0; j < z.length; j++) {
            double lo = b.lo()[j], hi = b.hi()[j];
            if (j == logWd && wdZero >= 0) {
                if (z[wdZero] != 0 || !(b.wdLo() <= b.wdHi())) continue; // off, or never on for this task: the flag says it
                lo = b.wdLo();
                hi = b.wdHi();
            }
            double tol = 1e-9 * Math.max(1, Math.abs(z[j]));
            double gap = z[j] > hi + tol ? z[j] - hi : z[j] < lo - tol ? lo - z[j] : 0;
            if (gap == 0) continue;
            sum += gap * gap;
            byKnob.merge(Features.knob(features.get(j)), gap * gap, Double::sum);
        }
        if (sum == 0) return Beyond.NONE;
        // an enumerated task's data is its fraction, a sampled one's its count (as the range warnings say it)
        if (byKnob.containsKey("train fraction") && byKnob.containsKey("training examples")) {
            byKnob.remove(q.universe() <= (1L << 22) ? "training examples" : "train fraction");
        }
        List<String> knobs = byKnob.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
        return new Beyond(Math.sqrt(sum), knobs);
    }

    private Map<String, Box> boxes() {
        Map<String, Box> m = boxes;
        if (m != null) return m;
        int d = features.size();
        int logWd = features.indexOf("log10_wd"), wdZero = features.indexOf("wd_zero");
        Map<String, double[][]> acc = new LinkedHashMap<>();
        for (Group g : groups) {
            double[][] a = acc.computeIfAbsent(g.task(), t -> {
                double[][] x = new double[3][];
                x[0] = new double[d];
                x[1] = new double[d];
                Arrays.fill(x[0], Double.POSITIVE_INFINITY);
                Arrays.fill(x[1], Double.NEGATIVE_INFINITY);
                x[2] = new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
                return x;
            });
            for (int j = 0; j < d; j++) {
                a[0][j] = Math.min(a[0][j], g.z()[j]);
                a[1][j] = Math.max(a[1][j], g.z()[j]);
            }
            if (logWd >= 0 && wdZero >= 0 && g.z()[wdZero] == 0) {
                a[2][0] = Math.min(a[2][0], g.z()[logWd]);
                a[2][1] = Math.max(a[2][1], g.z()[logWd]);
            }
        }
        Map<String, Box> out = new java.util.HashMap<>();
        acc.forEach((t, a) -> out.put(t, new Box(a[0], a[1], a[2][0], a[2][1])));
        boxes = out;
        return out;
    }

    /** A config in one short line, numbers to four significant digits (the seed left out: a group is all its seeds). */
    static String describe(RunRecord r) {
        io.learncast.farm.config.RunConfig c = r.config();
        if (c == null) return r.knobs().task();
        return c.task() + " " + c.model().describe() + " " + c.optimizer().key()
                + " lr=" + Coverage.num(c.lr()) + " wd=" + Coverage.num(c.wd()) + " batch=" + (c.fullBatch() ? "full" : Integer.toString(c.batch()))
                + (c.optim().dropLast().on() ? "" : " drop_last=off") // the distance does not read it (only the trees do, when the kept batch is tiny): the line says it
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
        java.util.TreeMap<Long, Integer> byBudget = new java.util.TreeMap<>();
        for (long b : g.steps()) byBudget.merge(b, 1, Integer::sum);
        List<Forecast.Budget> budgets = new ArrayList<>();
        byBudget.forEach((b, c) -> budgets.add(new Forecast.Budget(b, c)));
        String config = g.config();
        int at = config.lastIndexOf(" steps=");
        if (budgets.size() > 1 && at > 0) {
            // one config line, runs of several budgets: say so where the budget is read
            StringBuilder steps = new StringBuilder();
            for (Forecast.Budget b : budgets) steps.append(steps.length() == 0 ? "" : "/").append(b.steps());
            config = config.substring(0, at) + " steps=" + steps;
        }
        return new Forecast.Neighbour(config, g.hash(), g.confirm().length, known, learned, trained, median, sb.toString(),
                Math.round(distance * 1000) / 1000.0, budgets);
    }

    /**
     * The nearness warning for a query whose nearest trained config lies at {@code distance}, or null when that
     * is as near as held-out configs of its task and property usually are (or nothing is known to compare with).
     */
    public Forecast.Warning nearness(Knobs q, double distance) {
        if (!Double.isFinite(distance)) return null;
        Threshold t = threshold(q);
        if (t == null || !(distance > t.value())) return null;
        String msg = String.format(Locale.ROOT, "no trained config is close: the nearest lies at distance %.2f, while %d%% of held-out %s configs "
                + "have a trained neighbour within %.2f (and points inside its trained grid are that close)", distance, Math.round(100 * NEAR_QUANTILE),
                t.scope(), t.value());
        return new Forecast.Warning(Forecast.Warning.NEARNESS, "config", Math.round(distance * 1000) / 1000.0,
                List.of(0.0, Math.round(t.value() * 1000) / 1000.0), msg);
    }

    /** A nearness threshold and what it was measured on (for the message). */
    record Threshold(double value, String scope) {}

    /**
     * The query's threshold: its task and property's own; else the largest among its task's other properties or
     * its kind's tasks (a task never trained is judged leniently: its distance already carries the task penalty);
     * else, for old artifacts, the pooled one.
     */
    Threshold threshold(Knobs q) {
        Map<String, Double> n = near();
        Double own = n.get(bucket(q.task(), property(q)));
        if (own == null) own = n.get(q.task()); // an artifact whose groups had no property
        if (own != null) return new Threshold(own, q.task());
        double best = Double.NaN;
        for (Group g : groups) {
            if (!g.kind().equals(q.taskKind())) continue;
            Double v = n.get(bucket(g.task(), g.property()));
            if (v != null && !(v <= best)) best = v;
        }
        if (Double.isFinite(best)) return new Threshold(best, q.taskKind());
        return Double.isFinite(far) ? new Threshold(far, "trained") : null;
    }

    /**
     * Leave-one-config-out calibration: for each trained group (at most {@value #NEAR_SAMPLE} in all, drawn
     * evenly from each task and property), the distance to the nearest other group; per task and property,
     * the {@value #NEAR_QUANTILE} quantile of those distances (the higher order statistic, so that small
     * buckets are not tighter than their data), or, if larger, the same quantile of half the diagonal of
     * each group's grid cell (per knob, the larger gap to the next trained value of the task on either side).
     * Buckets with fewer than {@value #NEAR_MIN_GROUPS} groups get none.
     */
    Map<String, Double> nearThresholds(long seed) {
        int n = groups.size();
        Map<String, List<Integer>> byBucket = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) byBucket.computeIfAbsent(bucket(groups.get(i).task(), groups.get(i).property()), k -> new ArrayList<>()).add(i);
        Index ix = index();
        int[] positionOf = new int[n];
        for (int p = 0; p < n; p++) positionOf[ix.group[p]] = p;
        int perBucket = Math.max(50, NEAR_SAMPLE / Math.max(1, byBucket.size()));
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Double> out = new java.util.TreeMap<>();
        for (Map.Entry<String, List<Integer>> e : byBucket.entrySet()) {
            List<Integer> members = e.getValue();
            if (members.size() < NEAR_MIN_GROUPS) continue;
            int[] sample = members.stream().mapToInt(Integer::intValue).toArray();
            if (sample.length > perBucket) {
                for (int i = 0; i < perBucket; i++) {
                    int j = i + r.nextInt(sample.length - i);
                    int t = sample[i];
                    sample[i] = sample[j];
                    sample[j] = t;
                }
                sample = Arrays.copyOf(sample, perBucket);
            }
            // the bucket's trained values along each ordered knob, for the grid cells (categories have no "between";
            // weight decay's cells are among the positive values, "off" is a category of its own)
            int wdZero = features.indexOf("wd_zero");
            int logWd = features.indexOf("log10_wd");
            double[][] values = new double[features.size()][];
            for (int j = 0; j < values.length; j++) {
                final int jj = j;
                values[j] = !CELL_FEATURES.contains(features.get(j)) ? new double[0]
                        : members.stream().filter(i -> jj != logWd || wdZero < 0 || groups.get(i).z()[wdZero] == 0)
                                .mapToDouble(i -> groups.get(i).z()[jj]).sorted().distinct().toArray();
            }
            double[] nn = new double[sample.length];
            double[] cell = new double[sample.length];
            for (int s = 0; s < sample.length; s++) {
                Group a = groups.get(sample[s]);
                int[] best = nearestPositions(a.z(), a.kind(), a.task(), 1, positionOf[sample[s]]);
                nn[s] = best[0] < 0 ? Double.POSITIVE_INFINITY : distance(a.z(), a.kind(), a.task(), groups.get(ix.group[best[0]]));
                double sum = 0;
                for (int j = 0; j < values.length; j++) {
                    double[] v = values[j];
                    int at = v.length == 0 ? -1 : Arrays.binarySearch(v, a.z()[j]);
                    double gap = 0;
                    if (at > 0) gap = v[at] - v[at - 1];
                    if (at >= 0 && at < v.length - 1) gap = Math.max(gap, v[at + 1] - v[at]);
                    sum += gap * gap;
                }
                cell[s] = 0.5 * Math.sqrt(sum);
            }
            double q = Math.max(quantile(nn), quantile(cell));
            if (Double.isFinite(q)) out.put(e.getKey(), Math.round(q * 1e6) / 1e6);
        }
        return out;
    }

    /** The ordered knobs a grid steps along (the others are categories, or fixed for a task and property). */
    static final java.util.Set<String> CELL_FEATURES = java.util.Set.of("depth", "log2_width", "init_scale", "log10_lr", "log10_wd",
            "log2_eff_batch", "log2_n_train", "train_fraction", "label_noise");

    /** The {@value #NEAR_QUANTILE} quantile as the higher order statistic. */
    private static double quantile(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(NEAR_QUANTILE * s.length) - 1)];
    }
}
