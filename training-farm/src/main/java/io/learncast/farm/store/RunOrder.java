package io.learncast.farm.store;

/** The columns a page of runs can be sorted by (an allow-list; ties are broken by id). */
public enum RunOrder {
    ID("id"), TASK("task"), WIDTH("width"), DEPTH("depth"), LR("lr"), WD("wd"), TRAIN_FRAC("train_frac"), N_TRAIN("n_train"),
    STEPS("steps"), STATE("state"), OUTCOME("outcome"), STEPS_TO_LEARN("steps_to_learn"), FINAL_TEST_ACC("final_test_acc"), SOURCE("source");

    private final String key;

    RunOrder(String key) { this.key = key; }

    public String key() { return key; }

    public static RunOrder of(String key) {
        for (RunOrder o : values()) if (o.key.equals(key)) return o;
        return null;
    }
}
