package io.learncast.farm.train;

import io.learncast.farm.config.RunConfig;

import java.util.SplittableRandom;

/**
 * Initial parameters of the MLP, generated in plain Java from the run's init seed so that every
 * trainer starts from the same numbers: weights ~ N(0, (initScale / √fan_in)²), biases 0. Layer
 * {@code l}'s weights are row-major [fan_in][fan_out].
 */
public final class InitialWeights {
    private InitialWeights() {}

    /** Layer sizes: input, depth × width, classes. */
    public static int[] sizes(RunConfig c, int inputWidth, int classes) {
        int[] s = new int[c.depth() + 2];
        s[0] = inputWidth;
        for (int i = 1; i <= c.depth(); i++) s[i] = c.width();
        s[s.length - 1] = classes;
        return s;
    }

    /** Weights per layer (row-major [fan_in][fan_out]). */
    public static float[][] weights(RunConfig c, int inputWidth, int classes) {
        int[] s = sizes(c, inputWidth, classes);
        SplittableRandom rnd = new SplittableRandom(c.initSeed());
        float[][] w = new float[s.length - 1][];
        for (int l = 0; l < w.length; l++) {
            double sd = c.initScale() / Math.sqrt(s[l]);
            w[l] = new float[s[l] * s[l + 1]];
            for (int i = 0; i < w[l].length; i++) w[l][i] = (float) (gaussian(rnd) * sd);
        }
        return w;
    }

    /** A standard normal draw (Box–Muller; one draw per call keeps the stream simple to reproduce elsewhere). */
    public static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
