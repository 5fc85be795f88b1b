package io.learncast.farm.train.fast;

import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;

/**
 * One transformer run's parameters, gradients and optimiser state, flat in {@link TransformerLayout}
 * order. The update is {@link Net}'s (DL4J's semantics: summed gradients divided by the minibatch size,
 * Adam's L2 added to the gradient, SGD/AdamW decay {@code lr·wd·w} added to the step), segment by
 * segment, with decay on weight tensors only.
 */
final class TransformerNet {
    final TransformerLayout layout;
    final float[] w;
    final float[] g;
    private final float[] m;
    private final float[] v;
    private final Optimizer optimizer;
    private final float lr;
    private final float l2;
    private final float decoupled;
    private int iteration;

    TransformerNet(TransformerLayout layout, RunConfig c, float[][] canonical) {
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
        layout.scatter(layout.model.tensors(), canonical, w);
    }

    void clearGradients() {
        java.util.Arrays.fill(g, 0f);
    }

    /** Applies the optimiser to the summed gradients of a minibatch of {@code batch} examples. */
    void update(Kernels k, int batch) {
        float b = batch;
        TransformerLayout lay = layout;
        if (optimizer == Optimizer.SGD) {
            for (int s = 0; s < lay.segOff.length; s++) k.sgd(w, g, lay.segOff[s], lay.segLen[s], b, lr, lay.segDecay[s] ? decoupled : 0f);
        } else {
            float alphaT = Net.adamStepSize(lr, iteration);
            float beta1 = (float) Optimizer.BETA1;
            float beta2 = (float) Optimizer.BETA2;
            float eps = (float) Optimizer.EPSILON;
            for (int s = 0; s < lay.segOff.length; s++) {
                boolean dec = lay.segDecay[s];
                k.adam(w, g, m, v, lay.segOff[s], lay.segLen[s], b, dec ? l2 : 0f, dec ? decoupled : 0f, alphaT, beta1, beta2, eps);
            }
        }
        iteration++;
    }

    /** The L2 norm of all parameters (padding is zero). */
    double norm() {
        double s = 0;
        for (float x : w) s += (double) x * x;
        return Math.sqrt(s);
    }
}
