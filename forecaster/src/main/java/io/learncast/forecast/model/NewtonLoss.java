package io.learncast.forecast.model;

import smile.base.cart.Loss;

/**
 * A Smile tree loss for boosting any likelihood: the tree splits on the per-run gradient {@code g}
 * (least squares) and each leaf outputs the Newton step Σg / (Σh + λ), with {@code h} the negative
 * second derivative. Smile's own losses are for plain regression and classification targets.
 */
final class NewtonLoss implements Loss {
    private final double[] g;
    private final double[] h;
    private final double lambda;

    NewtonLoss(double[] g, double[] h, double lambda) {
        this.g = g;
        this.h = h;
        this.lambda = lambda;
    }

    @Override
    public double output(int[] nodeSamples, int[] sampleCount) {
        double sg = 0, sh = 0;
        for (int i : nodeSamples) {
            int c = sampleCount[i];
            if (c == 0) continue;
            sg += c * g[i];
            sh += c * h[i];
        }
        return sg / (sh + lambda);
    }

    @Override
    public double intercept(double[] y) { return 0; }

    @Override
    public double[] response() { return g; }

    @Override
    public double[] residual() { return g; }
}
