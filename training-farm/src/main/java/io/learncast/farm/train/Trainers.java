package io.learncast.farm.train;

import io.learncast.common.UserError;

/** The trainers a farm can use, by name. */
public final class Trainers {
    private Trainers() {}

    public static final String DEFAULT = Dl4jTrainer.NAME;

    public static BatchTrainer byName(String name, String where) {
        String n = name == null ? DEFAULT : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals(Dl4jTrainer.NAME)) return BatchTrainer.oneAtATime(new Dl4jTrainer());
        throw new UserError(where, "unknown trainer '" + name + "'", "allowed: " + Dl4jTrainer.NAME);
    }
}
