package io.learncast.data;

import io.learncast.common.UserError;

/**
 * The data knobs of a run: the training set as a fraction of a finite task's universe
 * ({@code trainFrac}) or as a number of sampled examples ({@code nTrain}), an optional cap on the
 * test set, and the fraction of training labels replaced by a random other class.
 */
public record DataSpec(Double trainFrac, Integer nTrain, Integer testSize, double labelNoise) {

    /** Test sets are capped at this size by default: enough for a ±0.5 % accuracy estimate, cheap to evaluate. */
    public static final int DEFAULT_TEST_CAP = 10_000;

    public DataSpec {
        if (trainFrac == null && nTrain == null) {
            throw new UserError("train_frac", "no training-set size given", "give a train fraction in (0,1] or a number of training examples ≥ 1");
        }
        if (trainFrac != null && nTrain != null) {
            throw new UserError("train_frac", "both a train fraction and a training-set size were given", "give only one of them");
        }
        if (trainFrac != null && !(trainFrac > 0 && trainFrac <= 1)) {
            throw new UserError("train_frac", "train fraction " + trainFrac + " is outside (0, 1]", "use a number greater than 0 and at most 1, e.g. 0.5");
        }
        if (nTrain != null && nTrain < 1) {
            throw new UserError("n_train", "training-set size " + nTrain + " is less than 1", "use a whole number ≥ 1");
        }
        if (testSize != null && testSize < 1) {
            throw new UserError("test_size", "test-set size " + testSize + " is less than 1", "use a whole number ≥ 1 or leave it out");
        }
        if (!(labelNoise >= 0 && labelNoise < 1)) {
            throw new UserError("label_noise", "label noise " + labelNoise + " is outside [0, 1)", "use the fraction of training labels to corrupt, e.g. 0 or 0.1");
        }
    }

    public static DataSpec fraction(double trainFrac) { return new DataSpec(trainFrac, null, null, 0); }

    public static DataSpec samples(int nTrain) { return new DataSpec(null, nTrain, null, 0); }

    public DataSpec withLabelNoise(double noise) { return new DataSpec(trainFrac, nTrain, testSize, noise); }

    public DataSpec withTestSize(Integer size) { return new DataSpec(trainFrac, nTrain, size, labelNoise); }

    public String describe() {
        String train = trainFrac != null ? "train fraction " + trainFrac : nTrain + " training examples";
        return train + (labelNoise > 0 ? ", label noise " + labelNoise : "") + (testSize != null ? ", test size " + testSize : "");
    }
}
