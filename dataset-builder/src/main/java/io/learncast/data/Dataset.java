package io.learncast.data;

import java.util.Map;

/**
 * A materialised dataset: deterministic from (task spec, data spec, seed), identified by the SHA-256
 * {@code fingerprint} of its contents. When the training set takes the whole universe there is no
 * held-out data and {@code testIsTrain} is set: test metrics are then measured on the training set.
 */
public record Dataset(
        TaskSpec task,
        DataSpec data,
        long seed,
        InputSpace input,
        int numClasses,
        Split train,
        Split test,
        boolean testIsTrain,
        int noisyLabels,
        Map<String, Object> hidden, // open: the task's own facts (Task.hidden)
        String fingerprint) {

    public String summary() {
        return task.canonical() + ": " + train.size() + " train / " + (testIsTrain ? "no held-out" : test.size() + " test")
                + " examples, " + numClasses + " classes, fingerprint " + fingerprint.substring(0, 12);
    }
}
