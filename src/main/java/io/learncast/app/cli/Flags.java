package io.learncast.app.cli;

import io.learncast.common.UserError;

import java.util.Map;

/** Config keys as the command line spells them: errors raised deep down name the flag the user typed. */
final class Flags {
    private Flags() {}

    private static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("task", "--task"), Map.entry("depth", "--depth"), Map.entry("width", "--width"),
            Map.entry("activation", "--activation"), Map.entry("init_scale", "--init-scale"), Map.entry("optimizer", "--optimizer"),
            Map.entry("lr", "--lr"), Map.entry("wd", "--wd"), Map.entry("batch", "--batch"), Map.entry("train_frac", "--train-frac"),
            Map.entry("n_train", "--n-train"), Map.entry("test_size", "--test-size"), Map.entry("label_noise", "--label-noise"),
            Map.entry("steps", "--steps"), Map.entry("eval_every", "--eval-every"), Map.entry("metric", "--metric"),
            Map.entry("threshold", "--threshold"), Map.entry("hold", "--hold"), Map.entry("seeds", "--seed"), Map.entry("budgets", "--steps"));

    static UserError relocate(UserError e) {
        String flag = e.where() == null ? null : FLAGS.get(e.where());
        return flag == null ? e : e.relocate(flag);
    }
}
