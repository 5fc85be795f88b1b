package io.learncast.farm.train.fast;

import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;

/**
 * One run's parameters, gradients and optimiser state, flat in {@link Layout} order. The update mirrors
 * what DL4J does for the reference trainer's configuration: gradients are summed over the minibatch and
 * divided by its size; Adam adds L2 {@code wd·w} to the gradient; SGD and AdamW add {@code lr·wd·w} to
 * the step after the updater ({@code weightDecay(wd, true)}); decay touches weights, never biases; Adam's
 * step size is {@code lr·√(1−β₂ᵗ)/(1−β₁ᵗ)} with ε added to √v, as in DL4J's {@code AdamUpdater}.
 */
final class Net {
    final Layout layout;
    final float[] w;
    final float[] g;
    private final float[] m;
    private final float[] v;
    private final Optimizer optimizer;
    private final float lr;
    private final float l2;
    private final float decoupled;
    /** DL4J's iteration counter: the number of updates made so far. */
    private int iteration;

    Net(Layout layout, RunConfig c, float[][] initial) {
        this.layout = layout;
        this.w = new float[layout.size];
        this.g = new float[layout.size];
        boolean adam = c.optimizer() != Optimizer.SGD;
        this.m = adam ? new float[layout.size] : null;
        this.v = adam ? new float[layout.size] : null;
        this.optimizer = c.optimizer();
        this.lr = (float) c.lr();
        boolean decay = c.wd() > 0;
        this.l2 = decay && c.optimizer() == Optimizer.ADAM ? (float) c.wd() : 0f;
        this.decoupled = decay && c.optimizer() != Optimizer.ADAM ? (float) (c.lr() * c.wd()) : 0f;
        for (int l = 0; l < layout.layers(); l++) {
            int real = layout.realCols[l];
            for (int i = 0; i < layout.rows[l]; i++) {
                System.arraycopy(initial[l], i * real, w, layout.wOff[l] + i * layout.cols[l], real);
            }
        }
    }

    void clearGradients() {
        java.util.Arrays.fill(g, 0f);
    }

    /** Applies the optimiser to the summed gradients of a minibatch of {@code batch} examples. */
    void update(Kernels k, int batch) {
        float b = batch;
        if (optimizer == Optimizer.SGD) {
            for (int l = 0; l < layout.layers(); l++) {
                k.sgd(w, g, layout.wOff[l], layout.rows[l] * layout.cols[l], b, lr, decoupled);
                k.sgd(w, g, layout.bOff[l], layout.cols[l], b, lr, 0f);
            }
        } else {
            float alphaT = adamStepSize(lr, iteration);
            float beta1 = (float) Optimizer.BETA1;
            float beta2 = (float) Optimizer.BETA2;
            float eps = (float) Optimizer.EPSILON;
            for (int l = 0; l < layout.layers(); l++) {
                k.adam(w, g, m, v, layout.wOff[l], layout.rows[l] * layout.cols[l], b, l2, decoupled, alphaT, beta1, beta2, eps);
                k.adam(w, g, m, v, layout.bOff[l], layout.cols[l], b, 0f, 0f, alphaT, beta1, beta2, eps);
            }
        }
        iteration++;
    }

    /** libnd4j's {@code epsilonT = lr·√(1−β₂^(t+1)) / (1−β₁^(t+1))}, in its mix of float and double arithmetic. */
    static float adamStepSize(float lr, int iteration) {
        float t = iteration + 1;
        float beta1T = (float) Math.pow((float) Optimizer.BETA1, t);
        float beta2T = (float) Math.pow((float) Optimizer.BETA2, t);
        float root = (float) Math.sqrt((float) (1.0 - beta2T));
        float alpha = (float) ((double) (lr * root) / (1.0 - beta1T));
        if (Float.isNaN(alpha) || alpha == 0f || Float.isInfinite(alpha)) alpha = (float) Optimizer.EPSILON;
        return alpha;
    }

    /** The L2 norm of all parameters (weights and biases), as DL4J's {@code params().norm2()}. */
    double norm() {
        double s = 0;
        for (float x : w) s += (double) x * x;
        return Math.sqrt(s);
    }
}
