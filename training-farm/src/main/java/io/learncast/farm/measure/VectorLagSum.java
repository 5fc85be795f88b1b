package io.learncast.farm.measure;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link LagSum} on the Vector API: one lane-wise accumulator per row pair, reduced once per row. */
final class VectorLagSum extends LagSum {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    double sum(float[] data, int off, int stride, int cols, int p, int d) {
        int bound = S.loopBound(cols);
        double sum = 0;
        for (int a = 0; a < p; a++) {
            int o1 = off + a * stride;
            int b = a + d;
            int o2 = off + (b >= p ? b - p : b) * stride;
            FloatVector acc = FloatVector.zero(S);
            int c = 0;
            for (; c < bound; c += S.length()) acc = FloatVector.fromArray(S, data, o1 + c).fma(FloatVector.fromArray(S, data, o2 + c), acc);
            float tail = 0;
            for (; c < cols; c++) tail += data[o1 + c] * data[o2 + c];
            sum += acc.reduceLanes(VectorOperators.ADD) + tail;
        }
        return sum;
    }
}
