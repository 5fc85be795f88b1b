package io.learncast.forecast.model;

import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.base.cart.RegressionNode;
import smile.classification.GradientTreeBoost;
import smile.regression.RegressionTree;

import java.lang.reflect.Field;

/**
 * Reads Smile 3.1.1's gradient-boosted trees into {@link FlatTrees}, so that a forecast that evaluates
 * them dozens of times (budget envelope, interval, attribution) walks arrays instead of Smile's node
 * objects through its {@code Tuple} interface (about 10× faster). Smile keeps a split's value and the
 * model's intercept and shrinkage in non-public fields, read here reflectively; if that ever fails,
 * {@link #boost} returns null and Smile's own prediction is used. A test checks equality with Smile.
 */
final class SmileFlattener {
    private SmileFlattener() {}

    /** A binary GBT as flat trees: P(class 1) = 1 − 1/(1 + exp(2·(b + shrinkage·Σ trees))), as Smile computes it. */
    record Boost(FlatTrees trees, double intercept, double shrinkage) {
        double probability(double[] x) {
            double y = intercept + shrinkage * trees.sum(x);
            return 1 - 1 / (1 + Math.exp(2 * y));
        }
    }

    private static final Field SPLIT_VALUE = field(OrdinalNode.class, "value");
    private static final Field INTERCEPT = field(GradientTreeBoost.class, "b");
    private static final Field SHRINKAGE = field(GradientTreeBoost.class, "shrinkage");

    private static Field field(Class<?> c, String name) {
        try {
            Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static Boost boost(GradientTreeBoost gbt) {
        if (SPLIT_VALUE == null || INTERCEPT == null || SHRINKAGE == null) return null;
        try {
            RegressionTree[] trees = gbt.trees();
            if (trees == null) return null; // a multi-class forest: not ours
            FlatTrees.Builder b = new FlatTrees.Builder();
            for (RegressionTree t : trees) {
                b.startTree();
                add(t.root(), b);
            }
            return new Boost(b.build(), INTERCEPT.getDouble(gbt), SHRINKAGE.getDouble(gbt));
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static int add(Node node, FlatTrees.Builder b) throws IllegalAccessException {
        if (node instanceof RegressionNode leaf) return b.node(-1, 0, leaf.output());
        if (node instanceof OrdinalNode split) {
            int id = b.node(((InternalNode) split).feature(), SPLIT_VALUE.getDouble(split), 0);
            int yes = add(split.trueChild(), b);
            int no = add(split.falseChild(), b);
            b.children(id, yes, no);
            return id;
        }
        throw new IllegalStateException("unexpected node " + node.getClass().getSimpleName());
    }
}
