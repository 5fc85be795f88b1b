package io.learncast.forecast.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Newton regression trees on binned features, for boosting the structured model's likelihood: each
 * feature is cut at up to {@value #MAX_BINS} quantiles once, a node's best split comes from per-bin
 * sums of the gradient g and curvature h (gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)), leaves output
 * the Newton step G/(H+λ) (capped at ± maxStep), and trees grow best-first to a number of leaves; a
 * child needs {@code minNode} rows and a curvature sum of at least {@code minHessian}, which keeps
 * leaves from chasing runs the model is already sure about. A tree costs O(n·features)
 * per level instead of the O(n·features) per node of exact CART, which makes boosting 30,000 runs a
 * matter of seconds. Deterministic: no randomness inside a tree.
 */
final class HistogramTrees {
    static final int MAX_BINS = 128;

    /** Binned columns of a matrix: {@code edges[c]} ascending cut values, {@code bin[c][i]} = number of edges below x[i][c]. */
    static final class Bins {
        final int[] columns;
        final double[][] edges;
        final byte[][] bin;
        final int n;

        Bins(double[][] x, int[] columns) {
            this.columns = columns;
            this.n = x.length;
            edges = new double[columns.length][];
            bin = new byte[columns.length][n];
            for (int c = 0; c < columns.length; c++) {
                int col = columns[c];
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = x[i][col];
                double[] sorted = v.clone();
                Arrays.sort(sorted);
                double[] distinct = Arrays.stream(sorted).distinct().toArray();
                double[] e;
                if (distinct.length <= MAX_BINS) {
                    // cut between every pair of distinct values: exact splits
                    e = new double[Math.max(0, distinct.length - 1)];
                    for (int k = 0; k < e.length; k++) e[k] = 0.5 * (distinct[k] + distinct[k + 1]);
                } else {
                    double[] q = new double[MAX_BINS - 1];
                    int m = 0;
                    for (int k = 1; k < MAX_BINS; k++) {
                        double a = sorted[(int) ((long) k * n / MAX_BINS) - 1], b = sorted[(int) ((long) k * n / MAX_BINS)];
                        double cut = 0.5 * (a + b);
                        if (a != b && (m == 0 || cut > q[m - 1])) q[m++] = cut;
                    }
                    e = Arrays.copyOf(q, m);
                }
                edges[c] = e;
                for (int i = 0; i < n; i++) {
                    int pos = Arrays.binarySearch(e, v[i]);
                    bin[c][i] = (byte) (pos >= 0 ? pos : -pos - 1);
                }
            }
        }

        int bins(int c) { return edges[c].length + 1; }
    }

    private static final class Leaf implements Comparable<Leaf> {
        final int node;
        final int[] rows;
        final double[][] g, h;   // per column, per bin
        final int[][] count;
        final double gSum, hSum;
        int splitColumn = -1, splitBin;
        double gain;
        double lo = Double.NEGATIVE_INFINITY, hi = Double.POSITIVE_INFINITY; // bounds on this leaf's value (monotone constraints)
        double wLeft, wRight;                                                // the children's values of the chosen split

        Leaf(int node, int[] rows, double[][] g, double[][] h, int[][] count, double gSum, double hSum) {
            this.node = node;
            this.rows = rows;
            this.g = g;
            this.h = h;
            this.count = count;
            this.gSum = gSum;
            this.hSum = hSum;
        }

        @Override
        public int compareTo(Leaf o) {
            int c = Double.compare(o.gain, gain);
            return c != 0 ? c : Integer.compare(node, o.node);
        }
    }

    private HistogramTrees() {}

    /** Grows one tree on rows {@code rows} (each counted once). */
    static FlatTrees grow(Bins b, double[] g, double[] h, int[] rows, int maxLeaves, int minNode, double lambda, double minHessian, double maxStep) {
        return grow(b, g, h, rows, maxLeaves, minNode, lambda, minHessian, maxStep, null);
    }

    /**
     * Grows one tree whose output never decreases in column c where {@code monotone[c] > 0} and never increases
     * where it is {@code < 0} (null: no constraints). As in XGBoost: a split on a constrained column is taken only
     * if its children's values are ordered that way, its children's values are bounded by their midpoint (the lower
     * side's above by it, the higher side's below), and every descendant inherits its node's bounds, so each leaf on
     * the higher side of a constrained split is at least every leaf on its lower side.
     */
    static FlatTrees grow(Bins b, double[] g, double[] h, int[] rows, int maxLeaves, int minNode, double lambda, double minHessian, double maxStep,
                          int[] monotone) {
        return grow(b, g, h, rows, maxLeaves, minNode, lambda, minHessian, maxStep, monotone, null);
    }

    /**
     * As above; when {@code rowValue} is not null, {@code rowValue[r]} is set to the value of the leaf each of the rows
     * lands in (the rows the tree was grown on: where the tree's own walk from the root takes them, since a row goes
     * left exactly when its bin is at most the split's, i.e. its value at most the edge), so boosting needs no walk for them.
     */
    static FlatTrees grow(Bins b, double[] g, double[] h, int[] rows, int maxLeaves, int minNode, double lambda, double minHessian, double maxStep,
                          int[] monotone, double[] rowValue) {
        FlatTrees.Builder out = new FlatTrees.Builder();
        out.startTree();
        Leaf root = leaf(b, out.node(-1, 0, 0), rows, g, h);
        List<Leaf> leaves = new ArrayList<>();
        PriorityQueue<Leaf> open = new PriorityQueue<>();
        findSplit(b, root, minNode, lambda, minHessian, monotone);
        if (root.splitColumn >= 0) open.add(root); else leaves.add(root);
        int count = 1;
        while (!open.isEmpty()) {
            Leaf l = open.poll();
            if (count >= maxLeaves) {
                leaves.add(l);
                continue;
            }
            int c = l.splitColumn;
            byte[] bc = b.bin[c];
            int nLeft = 0;
            for (int r : l.rows) if ((bc[r] & 0xff) <= l.splitBin) nLeft++;
            int[] left = new int[nLeft], right = new int[l.rows.length - nLeft];
            int a = 0, z = 0;
            for (int r : l.rows) {
                if ((bc[r] & 0xff) <= l.splitBin) left[a++] = r; else right[z++] = r;
            }
            out.split(l.node, b.columns[c], b.edges[c][l.splitBin]);
            int yesNode = out.node(-1, 0, 0), noNode = out.node(-1, 0, 0);
            out.children(l.node, yesNode, noNode);
            // histogram of the smaller child; the larger one is the parent minus it
            boolean leftSmall = left.length <= right.length;
            Leaf small = leaf(b, leftSmall ? yesNode : noNode, leftSmall ? left : right, g, h);
            Leaf large = subtract(l, small, leftSmall ? noNode : yesNode, leftSmall ? right : left);
            count++;
            Leaf yes = leftSmall ? small : large, no = leftSmall ? large : small;
            yes.lo = no.lo = l.lo;
            yes.hi = no.hi = l.hi;
            int m = monotone == null ? 0 : monotone[c];
            if (m != 0) {
                double mid = 0.5 * (l.wLeft + l.wRight);
                if (m > 0) {
                    yes.hi = mid;
                    no.lo = mid;
                } else {
                    yes.lo = mid;
                    no.hi = mid;
                }
            }
            for (Leaf child : new Leaf[] {yes, no}) {
                findSplit(b, child, minNode, lambda, minHessian, monotone);
                if (child.splitColumn >= 0) open.add(child); else leaves.add(child);
            }
        }
        for (Leaf l : leaves) {
            double v = Math.max(-maxStep, Math.min(maxStep, bounded(l.gSum / (l.hSum + lambda), l)));
            out.leaf(l.node, v);
            if (rowValue != null) for (int r : l.rows) rowValue[r] = v;
        }
        return out.build();
    }

    private static Leaf leaf(Bins b, int node, int[] rows, double[] g, double[] h) {
        int cols = b.columns.length;
        double[][] gh = new double[cols][], hh = new double[cols][];
        int[][] ch = new int[cols][];
        double gs = 0, hs = 0;
        // the rows' g and h gathered once (not once per column), summed in the same order: the same sums
        int m = rows.length;
        double[] gr = new double[m], hr = new double[m];
        for (int i = 0; i < m; i++) {
            int r = rows[i];
            gr[i] = g[r];
            hr[i] = h[r];
            gs += gr[i];
            hs += hr[i];
        }
        for (int c = 0; c < cols; c++) {
            int nb = b.bins(c);
            double[] gc = new double[nb], hc = new double[nb];
            int[] cc = new int[nb];
            byte[] bc = b.bin[c];
            for (int i = 0; i < m; i++) {
                int k = bc[rows[i]] & 0xff;
                gc[k] += gr[i];
                hc[k] += hr[i];
                cc[k]++;
            }
            gh[c] = gc;
            hh[c] = hc;
            ch[c] = cc;
        }
        return new Leaf(node, rows, gh, hh, ch, gs, hs);
    }

    private static Leaf subtract(Leaf parent, Leaf child, int node, int[] rows) {
        int cols = parent.g.length;
        double[][] gh = new double[cols][], hh = new double[cols][];
        int[][] ch = new int[cols][];
        for (int c = 0; c < cols; c++) {
            int nb = parent.g[c].length;
            gh[c] = new double[nb];
            hh[c] = new double[nb];
            ch[c] = new int[nb];
            for (int k = 0; k < nb; k++) {
                gh[c][k] = parent.g[c][k] - child.g[c][k];
                hh[c][k] = parent.h[c][k] - child.h[c][k];
                ch[c][k] = parent.count[c][k] - child.count[c][k];
            }
        }
        return new Leaf(node, rows, gh, hh, ch, parent.gSum - child.gSum, parent.hSum - child.hSum);
    }

    private static double bounded(double w, Leaf l) { return w < l.lo ? l.lo : w > l.hi ? l.hi : w; }

    /** The objective's gain from value w on a node with sums G, H: 2Gw − (H+λ)w² (G²/(H+λ) at the unbounded optimum). */
    private static double score(double g, double h, double lambda, double w) { return 2 * g * w - (h + lambda) * w * w; }

    private static void findSplit(Bins b, Leaf l, int minNode, double lambda, double minHessian, int[] monotone) {
        boolean bounded = l.lo > Double.NEGATIVE_INFINITY || l.hi < Double.POSITIVE_INFINITY;
        double base = bounded ? score(l.gSum, l.hSum, lambda, bounded(l.gSum / (l.hSum + lambda), l)) : l.gSum * l.gSum / (l.hSum + lambda);
        double best = 1e-12;
        int n = l.rows.length;
        if (n < 2 * minNode) return;
        for (int c = 0; c < l.g.length; c++) {
            int m = monotone == null ? 0 : monotone[c];
            double gl = 0, hl = 0;
            int nl = 0;
            double[] gc = l.g[c], hc = l.h[c];
            int[] cc = l.count[c];
            for (int k = 0; k < gc.length - 1; k++) {
                gl += gc[k];
                hl += hc[k];
                nl += cc[k];
                if (nl < minNode || hl < minHessian) continue;
                if (n - nl < minNode) break;
                double gr = l.gSum - gl, hr = l.hSum - hl;
                if (hr < minHessian) continue;
                double gain, wl = 0, wr = 0;
                if (m == 0 && !bounded) {
                    gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - base;
                } else {
                    wl = bounded(gl / (hl + lambda), l);
                    wr = bounded(gr / (hr + lambda), l);
                    if (m > 0 && wl > wr || m < 0 && wl < wr) continue;
                    gain = score(gl, hl, lambda, wl) + score(gr, hr, lambda, wr) - base;
                }
                if (gain > best) {
                    best = gain;
                    l.splitColumn = c;
                    l.splitBin = k;
                    l.wLeft = wl;
                    l.wRight = wr;
                }
            }
        }
        l.gain = best;
    }
}
