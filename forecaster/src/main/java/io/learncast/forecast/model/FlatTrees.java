package io.learncast.forecast.model;

import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.base.cart.RegressionNode;
import smile.regression.RegressionTree;

import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Smile regression trees flattened into arrays, summed in one tight loop. A forecast evaluates a few
 * hundred trees dozens of times (the interval and the attribution); walking Smile's node objects
 * through its {@code Tuple} interface costs ~10× more. Numeric splits only ({@code x[f] ≤ v} goes to the
 * true child, as in Smile's {@link OrdinalNode}); a test checks equality with Smile's own predictions.
 */
public final class FlatTrees implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] roots;
    private final int[] feature; // -1 for a leaf
    private final double[] threshold;
    private final int[] yes;
    private final int[] no;
    private final double[] value;

    private FlatTrees(int[] roots, int[] feature, double[] threshold, int[] yes, int[] no, double[] value) {
        this.roots = roots;
        this.feature = feature;
        this.threshold = threshold;
        this.yes = yes;
        this.no = no;
        this.value = value;
    }

    private static final Field VALUE;

    static {
        Field f;
        try {
            f = OrdinalNode.class.getDeclaredField("value");
            f.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            f = null;
        }
        VALUE = f;
    }

    /** Whether Smile's trees can be flattened here (the split value is read reflectively). */
    public static boolean available() { return VALUE != null; }

    public static FlatTrees of(RegressionTree[] trees) {
        List<Integer> feat = new ArrayList<>();
        List<Double> thr = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<Integer> n = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        int[] roots = new int[trees.length];
        for (int t = 0; t < trees.length; t++) roots[t] = add(trees[t].root(), feat, thr, y, n, val);
        return new FlatTrees(roots, feat.stream().mapToInt(Integer::intValue).toArray(), thr.stream().mapToDouble(Double::doubleValue).toArray(),
                y.stream().mapToInt(Integer::intValue).toArray(), n.stream().mapToInt(Integer::intValue).toArray(),
                val.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static int add(Node node, List<Integer> feat, List<Double> thr, List<Integer> y, List<Integer> n, List<Double> val) {
        int id = feat.size();
        feat.add(-1);
        thr.add(0.0);
        y.add(-1);
        n.add(-1);
        val.add(0.0);
        if (node instanceof RegressionNode leaf) {
            val.set(id, leaf.output());
        } else if (node instanceof OrdinalNode split) {
            try {
                feat.set(id, ((InternalNode) split).feature());
                thr.set(id, VALUE.getDouble(split));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read a Smile split", e);
            }
            int a = add(split.trueChild(), feat, thr, y, n, val);
            int b = add(split.falseChild(), feat, thr, y, n, val);
            y.set(id, a);
            n.set(id, b);
        } else {
            throw new IllegalStateException("unexpected tree node " + node.getClass().getSimpleName());
        }
        return id;
    }

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
}
