package io.learncast.eval.archfixture;

/** Breaks "Smile only in the forecaster" on purpose (ArchitectureTest checks that the rule notices). */
public final class EvalUsesSmile {
    public static double sum(double[] x) { return smile.math.MathEx.sum(x); }
}
