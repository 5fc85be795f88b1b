package io.learncast.app.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.StoredRun;

import java.util.Locale;

/** A run as a row of the corpus table (and of a phase cell's list). */
record RunRow(@JsonProperty("id") long id, @JsonProperty("task") String task, @JsonProperty("property") String property,
              @JsonProperty("depth") int depth, @JsonProperty("width") int width, @JsonProperty("activation") String activation,
              @JsonProperty("optimizer") String optimizer, @JsonProperty("lr") double lr, @JsonProperty("wd") double wd,
              @JsonProperty("batch") String batch, @JsonProperty("train_frac") Double trainFrac, @JsonProperty("n_train") Integer nTrain,
              @JsonProperty("label_noise") double labelNoise, @JsonProperty("steps") long steps, @JsonProperty("seed") int seed,
              @JsonProperty("state") String state, @JsonProperty("outcome") String outcome, @JsonProperty("steps_to_learn") Long stepsToLearn,
              @JsonProperty("final_test_acc") Double finalTestAcc, @JsonProperty("source") String source) {

    static RunRow of(StoredRun r) {
        RunConfig c = r.config();
        return new RunRow(r.id(), c.task(), property(c), c.depth(), c.width(), c.activation().key(), c.optimizer().key(), c.lr(), c.wd(),
                c.fullBatch() ? "full" : Integer.toString(c.batch()), c.trainFrac(), c.nTrain(), c.labelNoise(), c.steps(), c.replica(),
                r.state().name().toLowerCase(Locale.ROOT), r.outcome() == null ? null : r.outcome().name().toLowerCase(Locale.ROOT),
                r.stepsToLearn(), r.finalTestAcc(), r.source());
    }

    /** A property for people, e.g. {@code test_acc ≥ 0.95}. */
    static String property(RunConfig c) {
        return property(c.metric(), c.threshold());
    }

    static String property(io.learncast.data.Metric m, double threshold) {
        return m.key() + (m.higherIsBetter() ? " ≥ " : " ≤ ") + fmt(threshold);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
