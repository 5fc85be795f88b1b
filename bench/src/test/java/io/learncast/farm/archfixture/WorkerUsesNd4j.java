package io.learncast.farm.archfixture;

/** Breaks "DL4J/ND4J only in the trainers" on purpose (ArchitectureTest checks that the rule notices). */
public final class WorkerUsesNd4j {
    public static Object zeros() { return org.nd4j.linalg.factory.Nd4j.zeros(2); }
}
