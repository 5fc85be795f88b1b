package io.learncast.farm.train;

/** Mean cross-entropy and accuracy from class probabilities (row-major n × classes). */
public final class Scores {
    private Scores() {}

    /** {@code [loss, accuracy]} of probabilities {@code probs} against {@code labels[0 … n)}. */
    public static double[] of(float[] probs, int[] labels, int n, int classes) {
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int base = i * classes;
            int best = 0;
            float bestP = probs[base];
            for (int k = 1; k < classes; k++) {
                if (probs[base + k] > bestP) {
                    bestP = probs[base + k];
                    best = k;
                }
            }
            if (best == labels[i]) correct++;
            double p = probs[base + labels[i]];
            loss -= Math.log(Math.max(p, 1e-30));
            if (Float.isNaN(bestP)) loss = Double.NaN;
        }
        return new double[] {loss / n, correct / (double) n};
    }
}
