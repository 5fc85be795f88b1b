package io.learncast.farm.store;

/**
 * A dataset runs were trained on, as the store recorded it: its fingerprint, the task it came from, the
 * spec that built it (JSON: train_frac, n_train, test_size, label noise, data seed) and its sizes.
 */
public record StoredDataset(String fingerprint, String task, String specJson, int nTrain, int nTest, int numClasses) {}
