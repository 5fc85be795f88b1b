package io.learncast.farm.train;

import io.learncast.common.UserError;
import io.learncast.farm.train.fast.FastTrainer;

/** The trainers a farm can use, by name. */
public final class Trainers {
    private Trainers() {}

    /** The fast trainer: DL4J's curves (checked by FastTrainerEquivalenceTest), several times faster (bench/speed). */
    public static final String DEFAULT = FastTrainer.NAME;

    public static BatchTrainer byName(String name, String where) {
        String n = name == null ? DEFAULT : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals(FastTrainer.NAME)) return new FastTrainer();
        if (n.equals(Dl4jTrainer.NAME)) return BatchTrainer.oneAtATime(new Dl4jTrainer());
        throw new UserError(where, "unknown trainer '" + name + "'", "allowed: " + FastTrainer.NAME + " (default), " + Dl4jTrainer.NAME + " (the reference)");
    }
}
