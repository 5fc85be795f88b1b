package io.learncast.farm.measure;

/**
 * The inner sum of the Fourier measure: Σ_a ⟨row a, row (a+d) mod p⟩ over p rows. Two implementations, as
 * the fast trainer's kernels: the JDK's incubating Vector API when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (as {@code learncast} starts it), plain loops otherwise; the
 * same sum, only the rounding order differs.
 */
abstract class LagSum {
    /** Σ_a ⟨row a, row (a+d) mod p⟩ of the p rows at {@code off}, {@code stride} floats apart, {@code cols} long. */
    abstract double sum(float[] data, int off, int stride, int cols, int p, int d);

    static final LagSum BEST = choose();

    private static LagSum choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return new Scalar();
        try {
            // loaded reflectively so that a JVM without the module never links the Vector API classes
            return (LagSum) Class.forName("io.learncast.farm.measure.VectorLagSum").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new Scalar();
        }
    }

    /** Plain loops, four independent accumulators (the CPU overlaps them). */
    static final class Scalar extends LagSum {
        @Override
        double sum(float[] data, int off, int stride, int cols, int p, int d) {
            int bound = cols & ~3;
            double sum = 0;
            for (int a = 0; a < p; a++) {
                int o1 = off + a * stride;
                int b = a + d;
                int o2 = off + (b >= p ? b - p : b) * stride;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int c = 0;
                for (; c < bound; c += 4) {
                    s0 += data[o1 + c] * data[o2 + c];
                    s1 += data[o1 + c + 1] * data[o2 + c + 1];
                    s2 += data[o1 + c + 2] * data[o2 + c + 2];
                    s3 += data[o1 + c + 3] * data[o2 + c + 3];
                }
                for (; c < cols; c++) s0 += data[o1 + c] * data[o2 + c];
                sum += (s0 + s1) + (s2 + s3);
            }
            return sum;
        }
    }
}
