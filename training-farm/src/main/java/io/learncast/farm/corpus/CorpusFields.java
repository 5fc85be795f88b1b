package io.learncast.farm.corpus;

import io.learncast.data.TaskCatalog;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of a corpus record, in the order {@code corpus export} writes them: first the ones other
 * tools are asked for (task and its parameters, network, optimiser, data, seed, budget, outcome), then
 * learncast's own (property, test cap, init scale, replica, budgets, confirmation, losses, trainer…),
 * so that learncast's exports import back exactly.
 */
public final class CorpusFields {
    private CorpusFields() {}

    public static final String SOURCE = "source";
    public static final String SEED = "seed";
    public static final String LEARNED = "learned";
    public static final String STEPS_TO_LEARN = "steps_to_learn";
    public static final String FINAL_TEST_ACC = "final_test_acc";
    public static final String BEST_TEST_ACC = "best_test_acc";
    public static final String FINAL_TRAIN_ACC = "final_train_acc";
    public static final String DIVERGED = "diverged";
    public static final String REPLICA = "replica";
    public static final String BUDGETS = "budgets";
    public static final String CONFIRM_STEP = "confirm_step";
    public static final String STOPPED_EARLY = "stopped_early";
    public static final String STEPS_TRAINED = "steps_trained";
    public static final String FINAL_TEST_LOSS = "final_test_loss";
    public static final String FINAL_TRAIN_LOSS = "final_train_loss";
    public static final String WALL_MS = "wall_ms";
    public static final String TRAINER = "trainer";
    public static final String DATASET_FINGERPRINT = "dataset_fingerprint";
    public static final String EXTRA = "extra";
    public static final String CURVE = "curve";

    /** The source name reserved for runs trained by the store's own workers; exports call them {@value #EXPORTED_FARM_SOURCE}. */
    public static final String FARM = "farm";
    /** The source name reserved for runs trained one at a time by {@code learncast train}; exported as {@value #EXPORTED_FARM_SOURCE} too. */
    public static final String TRAIN = "train";
    /** How an export names runs the store's farm trained: elsewhere they are runs trained by learncast. */
    public static final String EXPORTED_FARM_SOURCE = "learncast";

    /** Every built-in task's parameter names, in catalog order (p, digits, base, n, k, path, label). */
    public static final List<String> TASK_PARAMS;

    /** The task field (the knob's key). */
    public static final String TASK = KnobCatalogue.TASK.key();

    /**
     * The fields after the task parameters, in export order (curve last, written only with curves): the
     * catalogue's knobs in their export blocks around the seed and outcomes.
     */
    public static final List<String> FIXED = fixed();

    private static List<String> fixed() {
        List<String> out = new ArrayList<>(keys(KnobCatalogue.exportBlock(Knob.Block.TOOLS)));
        out.add(SEED);
        out.addAll(keys(KnobCatalogue.exportBlock(Knob.Block.TOOLS_BUDGET)));
        out.addAll(List.of(LEARNED, STEPS_TO_LEARN, FINAL_TEST_ACC, BEST_TEST_ACC, FINAL_TRAIN_ACC, DIVERGED));
        out.addAll(keys(KnobCatalogue.exportBlock(Knob.Block.LEARNCAST)));
        out.addAll(List.of(REPLICA, BUDGETS, CONFIRM_STEP, STOPPED_EARLY, STEPS_TRAINED, FINAL_TEST_LOSS, FINAL_TRAIN_LOSS, WALL_MS, TRAINER,
                DATASET_FINGERPRINT, EXTRA));
        return List.copyOf(out);
    }

    private static List<String> keys(List<Knob<?>> knobs) { return knobs.stream().map(Knob::key).toList(); }

    /** Names that always mean a learncast field (task parameters are learncast fields only for tasks that take them). */
    public static final Set<String> KNOWN;

    static {
        Set<String> params = new LinkedHashSet<>();
        for (TaskCatalog.Definition d : TaskCatalog.all()) for (TaskCatalog.Param p : d.params()) params.add(p.name());
        TASK_PARAMS = List.copyOf(params);
        Set<String> known = new LinkedHashSet<>(List.of(SOURCE, TASK));
        known.addAll(FIXED);
        known.add(CURVE);
        KNOWN = Set.copyOf(known);
    }

    /** The columns of an export, in order. */
    public static List<String> columns(boolean withCurves) {
        List<String> out = new ArrayList<>(List.of(SOURCE, TASK));
        out.addAll(TASK_PARAMS);
        out.addAll(FIXED);
        if (withCurves) out.add(CURVE);
        return out;
    }

    /** The record format and its defaults, for {@code --help} (picocli reads %n as a line break) and the README; keep them in step. */
    public static final String FORMAT_HELP =
            "Required: task (a name such as modadd, with its parameters as their own%n" +
            "  fields, e.g. p; or a full spec such as modadd:p=97), train_frac or n_train%n" +
            "  (or both when they agree: n_train = train_frac x the task's examples,%n" +
            "  rounded, +-1), steps (the step budget), learned (true/false),%n" +
            "  steps_to_learn if learned.%n" +
            "Optional, with their defaults (those of `learncast train`):%n" +
            "  depth 1, width 128, activation relu, optimizer adamw, lr 0.001,%n" +
            "  wd 1 with adamw and 0 with sgd or adam, batch 512 (a number or full),%n" +
            "  label_noise 0, eval_every min(100, steps),%n" +
            "  replica 0, seed derived from the config and replica (as the farm does),%n" +
            "  metric test_acc, threshold 0.95, hold 1, test_size none (all held-out%n" +
            "  examples, at most 10000), init_scale 1, budgets none (just steps),%n" +
            "  diverged false, stopped_early false, confirm_step = steps_to_learn,%n" +
            "  steps_trained = steps; steps_to_learn and confirm_step are -1 when not%n" +
            "  learned; final_test_acc, best_test_acc, final_train_acc, final_test_loss,%n" +
            "  final_train_loss, wall_ms, trainer, dataset_fingerprint: unknown (null);%n" +
            "  curve: none, else [[step, train_acc, test_acc], ...] or [[step,%n" +
            "  train_acc, test_acc, train_loss, test_loss, weight_norm], ...].%n" +
            "source: --source, else the record's source field, else the file name%n" +
            "  (farm and train are reserved for runs this store trained).%n" +
            "null, an empty CSV cell, nan or a missing field all mean 'not given'.%n" +
            "Fields learncast does not know are kept in the run's provenance and exported%n" +
            "back in `extra`. In CSV, curve, budgets and extra are JSON text.";

    /** {@link #FORMAT_HELP} as plain text. */
    public static String formatHelp() { return FORMAT_HELP.replace("%n", "\n"); }
}
