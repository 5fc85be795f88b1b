package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A tree ensemble as flat arrays, summed in one tight loop: node k splits on {@code feature[k]}
 * ({@code x[f] ≤ threshold} goes to {@code yes}), or is a leaf ({@code feature = -1}) with {@code value}.
 * Feature indices are into the vector the trees were grown on (the config features).
 */
public record FlatTrees(@JsonProperty("roots") int[] roots,
                        @JsonProperty("feature") int[] feature,
                        @JsonProperty("threshold") double[] threshold,
                        @JsonProperty("yes") int[] yes,
                        @JsonProperty("no") int[] no,
                        @JsonProperty("value") double[] value) {

    public static final FlatTrees EMPTY = new FlatTrees(new int[0], new int[0], new double[0], new int[0], new int[0], new double[0]);

    public int size() { return roots.length; }

    /** Sum of the first {@code count} trees at {@code x}. */
    public double sum(double[] x, int count) {
        double s = 0;
        for (int t = 0; t < count; t++) {
            int k = roots[t];
            while (feature[k] >= 0) k = x[feature[k]] <= threshold[k] ? yes[k] : no[k];
            s += value[k];
        }
        return s;
    }

    public double sum(double[] x) { return sum(x, roots.length); }

    /**
     * {@code out[k]} = the sum of the first {@code counts[k]} trees at {@code x} (all of them where that is more), in one
     * pass over the longest prefix: each equals {@code first(counts[k]).sum(x)} exactly (the same additions in the same order).
     */
    public double[] prefixSums(double[] x, int[] counts) {
        int max = 0;
        for (int c : counts) max = Math.max(max, Math.min(c, roots.length));
        double[] partial = new double[max + 1];
        double s = 0;
        for (int t = 0; t < max; t++) {
            int k = roots[t];
            while (feature[k] >= 0) k = x[feature[k]] <= threshold[k] ? yes[k] : no[k];
            s += value[k];
            partial[t + 1] = s;
        }
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) out[i] = partial[Math.max(0, Math.min(counts[i], roots.length))];
        return out;
    }

    /** The first {@code count} trees (nodes are stored tree by tree, so a prefix of trees is a prefix of nodes). */
    public FlatTrees first(int count) {
        if (count >= roots.length) return this;
        int nodes = count == 0 ? 0 : roots[count];
        return new FlatTrees(java.util.Arrays.copyOf(roots, count), java.util.Arrays.copyOf(feature, nodes), java.util.Arrays.copyOf(threshold, nodes),
                java.util.Arrays.copyOf(yes, nodes), java.util.Arrays.copyOf(no, nodes), java.util.Arrays.copyOf(value, nodes));
    }

    /** The trees of several ensembles, in order, as one. */
    public static FlatTrees concat(List<FlatTrees> parts) {
        int trees = 0, nodes = 0;
        for (FlatTrees p : parts) {
            trees += p.roots.length;
            nodes += p.feature.length;
        }
        int[] roots = new int[trees], feature = new int[nodes], yes = new int[nodes], no = new int[nodes];
        double[] threshold = new double[nodes], value = new double[nodes];
        int t = 0, k = 0;
        for (FlatTrees p : parts) {
            for (int r : p.roots) roots[t++] = r + k;
            for (int j = 0; j < p.feature.length; j++) {
                feature[k + j] = p.feature[j];
                threshold[k + j] = p.threshold[j];
                value[k + j] = p.value[j];
                yes[k + j] = p.yes[j] < 0 ? -1 : p.yes[j] + k;
                no[k + j] = p.no[j] < 0 ? -1 : p.no[j] + k;
            }
            k += p.feature.length;
        }
        return new FlatTrees(roots, feature, threshold, yes, no, value);
    }

    /** Builds an ensemble tree by tree. */
    static final class Builder {
        private final IntList roots = new IntList(), feature = new IntList(), yes = new IntList(), no = new IntList();
        private final DoubleList threshold = new DoubleList(), value = new DoubleList();

        int size() { return feature.size; }

        void startTree() { roots.add(feature.size); }

        /** Adds a node; returns its index. */
        int node(int f, double t, double v) {
            feature.add(f);
            threshold.add(t);
            value.add(v);
            yes.add(-1);
            no.add(-1);
            return feature.size - 1;
        }

        void children(int node, int y, int n) {
            yes.data[node] = y;
            no.data[node] = n;
        }

        void split(int node, int f, double t) {
            feature.data[node] = f;
            threshold.data[node] = t;
        }

        void leaf(int node, double v) {
            feature.data[node] = -1;
            value.data[node] = v;
        }

        FlatTrees build() {
            return new FlatTrees(roots.toArray(), feature.toArray(), threshold.toArray(), yes.toArray(), no.toArray(), value.toArray());
        }
    }

    private static final class IntList {
        int[] data = new int[64];
        int size;

        void add(int v) {
            if (size == data.length) data = java.util.Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }

        int[] toArray() { return java.util.Arrays.copyOf(data, size); }
    }

    private static final class DoubleList {
        double[] data = new double[64];
        int size;

        void add(double v) {
            if (size == data.length) data = java.util.Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }

        double[] toArray() { return java.util.Arrays.copyOf(data, size); }
    }
}
