package io.learncast.forecast.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Gradient-boosted trees for a binary label with the algorithm and hyperparameters of Smile 3.1.1's
 * {@code GradientTreeBoost} (binary case): Friedman's logistic boosting with labels ±1, intercept
 * ½·log((1+ȳ)/(1−ȳ)), least-squares regression trees on the residuals 2y/(1+e^{2yF}) grown best-first
 * to {@code maxNodes} leaves (a child needs {@code nodeSize} rows, depth at most {@code maxDepth}), leaf
 * outputs Σr/Σ|r|(2−|r|), stratified subsampling without replacement, P = 1/(1+e^{−2F}).
 *
 * <p>Why not Smile itself: its exact CART re-sorts and partitions one index array per column at every
 * split, so on eval's folds of a 100,000-run corpus (several hundred thousand rows with the extra budget
 * points) one fit took longer than the forecaster's whole model search. Here each column is cut once
 * into at most {@value #MAX_BINS} bins, between <em>every pair</em> of neighbouring distinct values when
 * it has no more (knob grids, log learning rates of up to 65,536 configs: exactly Smile's candidate
 * thresholds, the midpoints), at rank quantiles otherwise (a bin then holds a few rows of a column whose
 * values are nearly all distinct); a node's split comes from per-bin sums of the residual, the larger
 * child's sums are its parent's minus the smaller child's, and columns with one value are skipped. The
 * 128-bin histograms of {@link HistogramTrees} were tried as the baseline and scored clearly worse than
 * Smile (README, "Eval at scale"); a test fits both on the same folds and checks this one's held-out Brier
 * against Smile's. Deterministic for a seed (one thread, its own generator).
 */
public final class FineHistogramGbt implements ProbabilityModel {
    /** Bins per column at most: bin indices are {@code char}s. */
    static final int MAX_BINS = 65_536;

    private final FlatTrees trees;
    private final double intercept, shrinkage;

    private FineHistogramGbt(FlatTrees trees, double intercept, double shrinkage) {
        this.trees = trees;
        this.intercept = intercept;
        this.shrinkage = shrinkage;
    }

    @Override public String name() { return "gbt"; }

    @Override
    public double probability(double[] x) {
        double f = intercept + shrinkage * trees.sum(x);
        return 1 / (1 + Math.exp(-2 * f));
    }

    /** The trees (feature indices into the rows they were fitted on). */
    public FlatTrees trees() { return trees; }

    /** Fits on rows {@code x} with labels {@code y} (0/1), Smile's hyperparameters {@code p}. */
    public static FineHistogramGbt fit(double[][] x, int[] y, TreeModel.BoostParams p, long seed) {
        int n = x.length;
        if (n == 0) throw new IllegalArgumentException("no rows to fit on");
        int positives = 0;
        for (int v : y) positives += v;
        // one class only: a constant forecast, as TreeModel gives
        if (positives == 0 || positives == n) return new FineHistogramGbt(FlatTrees.EMPTY, positives == 0 ? -20 : 20, 1);
        Columns cols = new Columns(x);
        double[] label = new double[n];
        int[] pos = new int[positives], neg = new int[n - positives];
        int a = 0, z = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            label[i] = y[i] == 1 ? 1 : -1;
            mean += label[i];
            if (y[i] == 1) pos[a++] = i; else neg[z++] = i;
        }
        mean /= n;
        double b = 0.5 * Math.log((1 + mean) / (1 - mean));
        double[] f = new double[n], r = new double[n];
        Arrays.fill(f, b);
        SplittableRandom rng = new SplittableRandom(seed);
        int takePos = (int) Math.round(positives * p.subsample()), takeNeg = (int) Math.round((n - positives) * p.subsample());
        boolean[] in = new boolean[n];
        FlatTrees.Builder out = new FlatTrees.Builder();
        Grower grower = new Grower(cols, r, p);
        for (int t = 0; t < p.trees(); t++) {
            Arrays.fill(in, false);
            pick(pos, takePos, rng, in);
            pick(neg, takeNeg, rng, in);
            int[] rows = new int[takePos + takeNeg];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (!in[i]) continue;
                rows[k++] = i;
                r[i] = 2 * label[i] / (1 + Math.exp(2 * label[i] * f[i]));
            }
            BinnedTree tree = grower.grow(rows);
            for (int i = 0; i < n; i++) f[i] += p.shrinkage() * tree.value(cols, i);
            tree.appendTo(out, cols);
        }
        return new FineHistogramGbt(out.build(), b, p.shrinkage());
    }

    /** Marks {@code take} of {@code rows} drawn without replacement (a partial Fisher–Yates shuffle of a copy). */
    private static void pick(int[] rows, int take, SplittableRandom rng, boolean[] in) {
        int[] c = rows.clone();
        for (int i = 0; i < take; i++) {
            int j = i + rng.nextInt(c.length - i);
            int s = c[i];
            c[i] = c[j];
            c[j] = s;
            in[c[i]] = true;
        }
    }

    /** The columns with more than one value, cut into bins once: {@code bin[c][i]} = number of {@code edges[c]} below x[i][column[c]]. */
    static final class Columns {
        final int[] column;
        final double[][] edges;
        final char[][] bin;
        final int n;

        Columns(double[][] x) {
            n = x.length;
            int width = x[0].length;
            List<double[]> e = new ArrayList<>();
            List<char[]> b = new ArrayList<>();
            List<Integer> c = new ArrayList<>();
            double[] v = new double[n];
            for (int col = 0; col < width; col++) {
                for (int i = 0; i < n; i++) v[i] = x[i][col];
                double[] sorted = v.clone();
                Arrays.sort(sorted);
                if (sorted[0] == sorted[n - 1]) continue; // one value: it can never split
                double[] cuts = cuts(sorted);
                char[] bins = new char[n];
                for (int i = 0; i < n; i++) {
                    int at = Arrays.binarySearch(cuts, v[i]);
                    bins[i] = (char) (at >= 0 ? at : -at - 1);
                }
                c.add(col);
                e.add(cuts);
                b.add(bins);
            }
            column = c.stream().mapToInt(Integer::intValue).toArray();
            edges = e.toArray(double[][]::new);
            bin = b.toArray(char[][]::new);
        }

        /** Cut points: midpoints between all neighbouring distinct values when they fit, else between values at rank quantiles. */
        static double[] cuts(double[] sorted) {
            int n = sorted.length, distinct = 1;
            for (int i = 1; i < n; i++) if (sorted[i] != sorted[i - 1]) distinct++;
            double[] cuts = new double[Math.min(distinct, MAX_BINS) - 1];
            int m = 0;
            if (distinct <= MAX_BINS) {
                for (int i = 1; i < n; i++) if (sorted[i] != sorted[i - 1]) cuts[m++] = 0.5 * (sorted[i - 1] + sorted[i]);
                return cuts;
            }
            for (int k = 1; k < MAX_BINS; k++) {
                int at = (int) ((long) k * n / MAX_BINS);
                // move to the next change of value at or after the quantile, so that a cut never splits equal values
                while (at < n && sorted[at] == sorted[at - 1]) at++;
                if (at >= n) break;
                double cut = 0.5 * (sorted[at - 1] + sorted[at]);
                if (m == 0 || cut > cuts[m - 1]) cuts[m++] = cut;
            }
            return Arrays.copyOf(cuts, m);
        }

        int bins(int c) { return edges[c].length + 1; }
    }

    /** A fitted tree on bins: node k splits column {@code col[k]} (bin ≤ {@code cut[k]} goes to {@code yes}) or is a leaf ({@code col = -1}). */
    private record BinnedTree(int[] col, int[] cut, int[] yes, int[] no, double[] value) {
        double value(Columns cols, int i) {
            int k = 0;
            while (col[k] >= 0) k = cols.bin[col[k]][i] <= cut[k] ? yes[k] : no[k];
            return value[k];
        }

        void appendTo(FlatTrees.Builder out, Columns cols) {
            out.startTree();
            int base = out.size();
            for (int k = 0; k < col.length; k++) {
                if (col[k] < 0) out.node(-1, 0, value[k]);
                else out.node(cols.column[col[k]], cols.edges[col[k]][cut[k]], 0);
            }
            for (int k = 0; k < col.length; k++) if (col[k] >= 0) out.children(base + k, base + yes[k], base + no[k]);
        }
    }

    /** Grows least-squares trees on the residuals {@code r}, best-first, as Smile's CART does. */
    private static final class Grower {
        private final Columns cols;
        private final double[] r;
        private final TreeModel.BoostParams p;

        Grower(Columns cols, double[] r, TreeModel.BoostParams p) {
            this.cols = cols;
            this.r = r;
            this.p = p;
        }

        /** A node being grown: its rows, per-bin residual sums and counts, and its best split. */
        private final class Node implements Comparable<Node> {
            final int id, depth;
            final int[] rows;
            double[][] sum;
            int[][] count;
            final double total;
            int splitCol = -1, splitBin;
            double gain;

            Node(int id, int depth, int[] rows) {
                this.id = id;
                this.depth = depth;
                this.rows = rows;
                double s = 0;
                for (int i : rows) s += r[i];
                total = s;
            }

            @Override
            public int compareTo(Node o) {
                int c = Double.compare(o.gain, gain);
                return c != 0 ? c : Integer.compare(id, o.id);
            }
        }

        BinnedTree grow(int[] rows) {
            List<int[]> shape = new ArrayList<>(); // per node: col, cut, yes, no
            List<Double> values = new ArrayList<>();
            Node root = new Node(newNode(shape, values), 1, rows);
            histogram(root);
            findSplit(root);
            PriorityQueue<Node> open = new PriorityQueue<>();
            List<Node> leaves = new ArrayList<>();
            if (root.splitCol >= 0) open.add(root); else leaves.add(root);
            int count = 1;
            while (!open.isEmpty()) {
                Node l = open.poll();
                if (count >= p.maxNodes()) {
                    leaves.add(l);
                    continue;
                }
                char[] bc = cols.bin[l.splitCol];
                int nLeft = 0;
                for (int i : l.rows) if (bc[i] <= l.splitBin) nLeft++;
                int[] left = new int[nLeft], right = new int[l.rows.length - nLeft];
                int a = 0, z = 0;
                for (int i : l.rows) {
                    if (bc[i] <= l.splitBin) left[a++] = i; else right[z++] = i;
                }
                Node yes = new Node(newNode(shape, values), l.depth + 1, left), no = new Node(newNode(shape, values), l.depth + 1, right);
                shape.set(l.id, new int[] {l.splitCol, l.splitBin, yes.id, no.id});
                count++;
                if (count >= p.maxNodes()) {
                    // no further split: the children need no sums
                    leaves.add(yes);
                    leaves.add(no);
                    l.sum = null;
                    l.count = null;
                    continue;
                }
                // sums of the smaller child; the larger child's are the parent's minus them
                Node small = left.length <= right.length ? yes : no, large = small == yes ? no : yes;
                histogram(small);
                large.sum = l.sum;
                large.count = l.count;
                for (int c = 0; c < large.sum.length; c++) {
                    double[] ls = large.sum[c], ss = small.sum[c];
                    int[] lc = large.count[c], sc = small.count[c];
                    for (int k = 0; k < ls.length; k++) {
                        ls[k] -= ss[k];
                        lc[k] -= sc[k];
                    }
                }
                l.sum = null;
                l.count = null;
                for (Node child : new Node[] {yes, no}) {
                    findSplit(child);
                    if (child.splitCol >= 0) open.add(child); else leaves.add(child);
                }
            }
            for (Node l : leaves) values.set(l.id, newton(l.rows));
            int size = shape.size();
            int[] col = new int[size], cut = new int[size], yes = new int[size], no = new int[size];
            double[] value = new double[size];
            for (int k = 0; k < size; k++) {
                int[] s = shape.get(k);
                col[k] = s[0];
                cut[k] = s[1];
                yes[k] = s[2];
                no[k] = s[3];
                value[k] = values.get(k);
            }
            return new BinnedTree(col, cut, yes, no, value);
        }

        private static int newNode(List<int[]> shape, List<Double> values) {
            shape.add(new int[] {-1, 0, -1, -1});
            values.add(0.0);
            return shape.size() - 1;
        }

        /** The leaf output of Smile's logistic loss: a Newton step Σr / Σ|r|(2 − |r|). */
        private double newton(int[] rows) {
            double nu = 0, de = 0;
            for (int i : rows) {
                double abs = Math.abs(r[i]);
                nu += r[i];
                de += abs * (2 - abs);
            }
            return de == 0 ? 0 : nu / de;
        }

        private void histogram(Node node) {
            int m = cols.column.length;
            node.sum = new double[m][];
            node.count = new int[m][];
            for (int c = 0; c < m; c++) {
                double[] s = new double[cols.bins(c)];
                int[] k = new int[s.length];
                char[] bc = cols.bin[c];
                for (int i : node.rows) {
                    int b = bc[i];
                    s[b] += r[i];
                    k[b]++;
                }
                node.sum[c] = s;
                node.count[c] = k;
            }
        }

        /**
         * The split with the largest drop in squared error, ts²/tc + fs²/fc − S²/n, over all columns and cuts between
         * bins holding rows (ties: the lower column, then the lower cut, as Smile's strict comparisons keep the first).
         */
        private void findSplit(Node node) {
            int n = node.rows.length, min = p.nodeSize();
            if (n < 2 * min || node.depth >= p.maxDepth()) return;
            double base = node.total * node.total / n;
            double best = 0;
            for (int c = 0; c < node.sum.length; c++) {
                double[] s = node.sum[c];
                int[] k = node.count[c];
                double ts = 0;
                int tc = 0;
                for (int b = 0; b < s.length - 1; b++) {
                    if (k[b] == 0) continue;
                    ts += s[b];
                    tc += k[b];
                    if (tc < min) continue;
                    int fc = n - tc;
                    if (fc < min) break;
                    double fs = node.total - ts;
                    double gain = ts * ts / tc + fs * fs / fc - base;
                    if (gain > best) {
                        best = gain;
                        node.splitCol = c;
                        node.splitBin = b;
                    }
                }
            }
            node.gain = best;
        }
    }
}
