package io.learncast.farm.train;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/** f(x) = x², the quadratic activation of grokking toy models (DL4J has none built in). */
final class SquareActivation extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return in.muli(in);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray dLdz = in.mul(2).muli(epsilon);
        return new Pair<>(dLdz, null);
    }

    @Override
    public String toString() { return "square"; }
}
