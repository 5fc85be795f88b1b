package io.learncast.farm.grid;

import org.apache.commons.math3.random.SobolSequenceGenerator;

import java.util.SplittableRandom;

/**
 * Points in the unit cube [0, 1)^d, one coordinate per varying axis: independent uniforms
 * ({@code random}), the Sobol sequence from its first point (so the first 2^m points form a
 * (t, m, d)-net: every dyadic box of volume 2^-m holds exactly one in 1 and 2 dimensions), or
 * successive Latin hypercubes of {@code n} points (each axis cut into n equal strata, one point in each).
 */
abstract class UnitSampler {
    final int dims;

    private UnitSampler(int dims) {
        this.dims = dims;
    }

    abstract double[] next();

    static UnitSampler of(Sampling s, int dims, long seed) {
        return switch (s.method()) {
            case RANDOM -> new Uniform(dims, seed);
            case SOBOL -> new Sobol(dims);
            case LHS -> new LatinHypercube(dims, s.n(), seed);
            case GRID -> throw new IllegalArgumentException("a full grid is enumerated, not sampled");
        };
    }

    private static final class Uniform extends UnitSampler {
        private final SplittableRandom rnd;

        Uniform(int dims, long seed) {
            super(dims);
            this.rnd = new SplittableRandom(seed);
        }

        @Override
        double[] next() {
            double[] u = new double[dims];
            for (int i = 0; i < dims; i++) u[i] = rnd.nextDouble();
            return u;
        }
    }

    private static final class Sobol extends UnitSampler {
        private final SobolSequenceGenerator gen;

        Sobol(int dims) {
            super(dims);
            this.gen = dims == 0 ? null : new SobolSequenceGenerator(dims);
        }

        @Override
        double[] next() { return gen == null ? new double[0] : gen.nextVector(); }
    }

    private static final class LatinHypercube extends UnitSampler {
        private final SplittableRandom rnd;
        private final int n;
        private double[][] design;
        private int next;

        LatinHypercube(int dims, int n, long seed) {
            super(dims);
            this.rnd = new SplittableRandom(seed);
            this.n = n;
        }

        @Override
        double[] next() {
            if (design == null || next == n) {
                design = newDesign();
                next = 0;
            }
            return design[next++];
        }

        private double[][] newDesign() {
            double[][] d = new double[n][dims];
            int[] perm = new int[n];
            for (int j = 0; j < dims; j++) {
                for (int i = 0; i < n; i++) perm[i] = i;
                for (int i = n - 1; i > 0; i--) {
                    int k = rnd.nextInt(i + 1);
                    int t = perm[i];
                    perm[i] = perm[k];
                    perm[k] = t;
                }
                for (int i = 0; i < n; i++) d[i][j] = (perm[i] + rnd.nextDouble()) / n;
            }
            return d;
        }
    }
}
