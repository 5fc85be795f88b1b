package io.learncast.farm.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.Hashing;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.DataSpec;
import io.learncast.data.Metric;
import io.learncast.data.Property;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.config.knob.KnobValues;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Everything that determines one training run: the property (task, metric, threshold), the data
 * (train fraction or size, test cap, label noise), the network (depth × width MLP, activation, init
 * scale), the optimiser (kind, lr, weight decay, batch size; 0 = full batch), the compute (step budget
 * and evaluation interval) and the seed. {@code budgets} lists the smaller budgets a sweep asked about;
 * they are read off this run's curve and do not change its identity.
 *
 * <p>Validation errors name the config key (e.g. {@code width}); callers map keys to their own
 * vocabulary (CLI flags, spec paths, import fields).
 */
public record RunConfig(
        @JsonProperty("task") String task,
        @JsonProperty("metric") Metric metric,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("hold") int hold,
        @JsonProperty("train_frac") Double trainFrac,
        @JsonProperty("n_train") Integer nTrain,
        @JsonProperty("test_size") Integer testSize,
        @JsonProperty("label_noise") double labelNoise,
        @JsonProperty("depth") int depth,
        @JsonProperty("width") int width,
        @JsonProperty("activation") Activation activation,
        @JsonProperty("init_scale") double initScale,
        @JsonProperty("optimizer") Optimizer optimizer,
        @JsonProperty("lr") double lr,
        @JsonProperty("wd") double wd,
        @JsonProperty("batch") int batch,
        @JsonProperty("steps") long steps,
        @JsonProperty("eval_every") int evalEvery,
        @JsonProperty("budgets") List<Long> budgets,
        @JsonProperty("seed") long seed,
        @JsonProperty("replica") int replica) {

    public static final int MAX_DEPTH = 4;
    public static final int MAX_WIDTH = 4096;
    public static final long MAX_STEPS = 10_000_000L;

    public RunConfig {
        if (task == null || task.isBlank()) throw new UserError("task", "no task given", "e.g. modadd:p=97");
        task = TaskSpec.parse(task, "task").canonical();
        if (metric == null) metric = Metric.TEST_ACC;
        if (activation == null) activation = Activation.RELU;
        if (optimizer == null) optimizer = Optimizer.ADAMW;
        new Property(TaskSpec.parse(task, "task"), metric, threshold, hold); // validates threshold and hold
        new DataSpec(trainFrac, nTrain, testSize, labelNoise); // validates the data knobs
        KnobCatalogue.DEPTH.check(depth);
        KnobCatalogue.WIDTH.check(width);
        KnobCatalogue.INIT_SCALE.check(initScale);
        KnobCatalogue.LR.check(lr);
        KnobCatalogue.WD.check(wd);
        KnobCatalogue.BATCH.check(batch);
        KnobCatalogue.STEPS.check(steps);
        check(evalEvery >= 1 && evalEvery <= steps, "eval_every", "evaluation interval " + evalEvery + " is out of range", "1–" + steps + " (the step budget)");
        check(replica >= 0, "seeds", "replica " + replica + " is negative", "replicas are numbered from 0");
        TreeSet<Long> b = new TreeSet<>(budgets == null ? List.of() : budgets);
        for (long v : b) check(v >= 1 && v <= steps, "budgets", "budget " + v + " is outside 1–" + steps, "budgets are step counts up to the largest budget");
        b.add(steps);
        budgets = List.copyOf(b);
    }

    /**
     * The one way front ends build a config: the knobs they were given, defaults for the rest in catalogue
     * order (rules see earlier values and the task's size), then every knob's and the cross-knob checks.
     * Errors name the knob's key; front ends relocate them (flag, spec path, record field, JSON field).
     */
    public static RunConfig from(KnobValues given, List<Long> budgets, long seed, int replica) {
        return from(given, task -> TaskCatalog.create(TaskSpec.parse(task, "task"), 0L, "task").universeSize(), budgets, seed, replica);
    }

    /** As {@link #from(KnobValues, List, long, int)}, with the caller's (e.g. cached) task sizes for default rules. */
    public static RunConfig from(KnobValues given, ToLongFunction<String> universe, List<Long> budgets, long seed, int replica) {
        Map<Knob<?>, Object> v = new HashMap<>();
        long[] u = {-1};
        Knob.Resolved resolved = new Knob.Resolved() {
            @Override public <V> V get(Knob<V> knob) { return knob.javaType().cast(v.get(knob)); }

            @Override public boolean given(Knob<?> knob) { return given.has(knob); }

            @Override public long universe() {
                if (u[0] < 0) {
                    String t = (String) v.get(KnobCatalogue.TASK);
                    if (t == null || t.isBlank()) throw new UserError("task", "no task given", "e.g. modadd:p=97");
                    u[0] = universe.applyAsLong(TaskSpec.parse(t, "task").canonical());
                }
                return u[0];
            }
        };
        for (Knob<?> k : KnobCatalogue.all()) v.put(k, given.has(k) ? given.get(k) : k.defaultFor(resolved));
        for (Knob<?> k : KnobCatalogue.all()) {
            Object val = v.get(k);
            if (!k.appliesTo(Knob.Arch.MLP) && val != null && !val.equals(k.defaultConstant())) {
                throw new UserError(k.key(), k.key() + " does not apply to an MLP", "drop " + k.key() + ", or choose an architecture it applies to");
            }
        }
        return new RunConfig(resolved.get(KnobCatalogue.TASK), resolved.get(KnobCatalogue.METRIC), resolved.get(KnobCatalogue.THRESHOLD),
                resolved.get(KnobCatalogue.HOLD), resolved.get(KnobCatalogue.TRAIN_FRAC), resolved.get(KnobCatalogue.N_TRAIN),
                resolved.get(KnobCatalogue.TEST_SIZE), resolved.get(KnobCatalogue.LABEL_NOISE), resolved.get(KnobCatalogue.DEPTH),
                resolved.get(KnobCatalogue.WIDTH), resolved.get(KnobCatalogue.ACTIVATION), resolved.get(KnobCatalogue.INIT_SCALE),
                resolved.get(KnobCatalogue.OPTIMIZER), resolved.get(KnobCatalogue.LR), resolved.get(KnobCatalogue.WD),
                resolved.get(KnobCatalogue.BATCH), resolved.get(KnobCatalogue.STEPS), resolved.get(KnobCatalogue.EVAL_EVERY),
                budgets == null ? List.of() : budgets, seed, replica);
    }

    private static void check(boolean ok, String key, String what, String hint) {
        if (!ok) throw new UserError(key, what, hint);
    }

    /** A config with the defaults used by {@code learncast train}; change fields with the {@code with…} methods. */
    public static RunConfig defaults(String task) {
        return new RunConfig(task, Metric.TEST_ACC, Property.DEFAULT_THRESHOLD, Property.DEFAULT_HOLD,
                0.5, null, null, 0.0, 1, 128, Activation.RELU, 1.0, Optimizer.ADAMW, 1e-3, 1.0, 512,
                3000, 100, List.of(), 0, 0).withReplica(Seeds.DEFAULT_MASTER, 0);
    }

    // --- derived views ---

    @JsonIgnore public TaskSpec taskSpec() { return TaskSpec.parse(task, "task"); }

    @JsonIgnore public Property property() { return new Property(taskSpec(), metric, threshold, hold); }

    @JsonIgnore public DataSpec dataSpec() { return new DataSpec(trainFrac, nTrain, testSize, labelNoise); }

    @JsonIgnore public boolean fullBatch() { return batch == 0; }

    @JsonIgnore public long dataSeed() { return Seeds.derive(seed, "data"); }

    @JsonIgnore public long initSeed() { return Seeds.derive(seed, "init"); }

    @JsonIgnore public long orderSeed() { return Seeds.derive(seed, "order"); }

    /** Identity of the training itself, seed excluded: what all replicas, budgets and eval intervals of one config share. */
    private String groupIdentity() {
        return String.join("|", "group-v1", task, metric.key(), fmt(threshold), Integer.toString(hold),
                trainFrac == null ? "-" : fmt(trainFrac), nTrain == null ? "-" : nTrain.toString(),
                testSize == null ? "-" : testSize.toString(), fmt(labelNoise), Integer.toString(depth), Integer.toString(width),
                activation.key(), fmt(initScale), optimizer.key(), fmt(lr), fmt(wd), Integer.toString(batch)) + laterKnobs();
    }

    /** Knobs added after the legacy identity hash as {@code |key=value}, and only when not at their default, so old hashes hold. */
    private String laterKnobs() {
        StringBuilder sb = new StringBuilder();
        for (Knob<?> k : KnobCatalogue.all()) {
            if (k.isLegacy() || k.group() == Knob.Group.BUDGET) continue;
            Object v = k.get(this);
            if (v != null && !v.equals(k.defaultConstant())) sb.append('|').append(k.key()).append('=').append(v instanceof Double d ? fmt(d) : k.show(v));
        }
        return sb.toString();
    }

    /** Hash of everything but seed, budget and evaluation interval: grouped splits keep a group on one side. */
    @JsonIgnore public String groupHash() { return Hashing.sha256Hex(groupIdentity()); }

    /** Unique identity of the run: the group plus seed, step budget and evaluation interval. */
    @JsonIgnore public String configHash() {
        return Hashing.sha256Hex("run-v1|" + groupIdentity() + "|" + steps + "|" + evalEvery + "|" + seed);
    }

    /** Runs with equal shape keys can be trained together as one batched computation. */
    @JsonIgnore public String shapeKey() {
        String b = fullBatch() ? "full:" + (trainFrac != null ? "f" + fmt(trainFrac) : "n" + nTrain) : Integer.toString(batch);
        return String.join("|", task, Integer.toString(depth), Integer.toString(width), activation.key(), optimizer.key(), b, Integer.toString(evalEvery),
                testSize == null ? "-" : testSize.toString());
    }

    /** Trainable parameters of the MLP for an input of {@code inputWidth} (one-hot width for tokens) and {@code classes} outputs. */
    public long paramCount(int inputWidth, int classes) {
        long p = (long) inputWidth * width + width;
        p += (long) (depth - 1) * ((long) width * width + width);
        p += (long) width * classes + classes;
        return p;
    }

    private static String fmt(double v) { return Double.toString(v).toLowerCase(Locale.ROOT); }

    // --- withers ---

    /** Sets the replica and derives its seed from the master seed and the config group. */
    public RunConfig withReplica(long masterSeed, int replica) {
        long s = Seeds.derive(Seeds.derive(masterSeed, groupIdentity()), replica);
        return new RunConfig(task, metric, threshold, hold, trainFrac, nTrain, testSize, labelNoise, depth, width, activation, initScale,
                optimizer, lr, wd, batch, steps, evalEvery, budgets, s, replica);
    }

    public RunConfig withSeed(long seed) {
        return new RunConfig(task, metric, threshold, hold, trainFrac, nTrain, testSize, labelNoise, depth, width, activation, initScale,
                optimizer, lr, wd, batch, steps, evalEvery, budgets, seed, replica);
    }

    public RunConfig withModel(int depth, int width, Activation activation, double initScale) {
        return new RunConfig(task, metric, threshold, hold, trainFrac, nTrain, testSize, labelNoise, depth, width, activation, initScale,
                optimizer, lr, wd, batch, steps, evalEvery, budgets, seed, replica);
    }

    public RunConfig withOptim(Optimizer optimizer, double lr, double wd, int batch) {
        return new RunConfig(task, metric, threshold, hold, trainFrac, nTrain, testSize, labelNoise, depth, width, activation, initScale,
                optimizer, lr, wd, batch, steps, evalEvery, budgets, seed, replica);
    }

    public RunConfig withData(Double trainFrac, Integer nTrain, Integer testSize, double labelNoise) {
        return new RunConfig(task, metric, threshold, hold, trainFrac, nTrain, testSize, labelNoise, depth, width, activation, initScale,
                optimizer, lr, wd, batch, steps, evalEvery, budgets, seed, replica);
    }

    public RunConfig withBudget(long steps, int evalEvery, List<Long> budgets) {
        return new RunConfig(task, metric, threshold, hold, trainFrac, nTrain, testSize, labelNoise, depth, width, activation, initScale,
                optimizer, lr, wd, batch, steps, evalEvery, budgets == null ? new ArrayList<>() : budgets, seed, replica);
    }

    public RunConfig withProperty(String task, Metric metric, double threshold, int hold) {
        return new RunConfig(task, metric, threshold, hold, trainFrac, nTrain, testSize, labelNoise, depth, width, activation, initScale,
                optimizer, lr, wd, batch, steps, evalEvery, budgets, seed, replica);
    }

    /** One line for people: {@code modadd:p=97 d1×w128 relu adamw lr=1e-3 wd=1 batch=512 frac=0.5 steps=3000 seed#0}. */
    public String describe() {
        return task + " d" + depth + "×w" + width + " " + activation.key() + " " + optimizer.key() + " lr=" + lr + " wd=" + wd
                + " batch=" + (fullBatch() ? "full" : Integer.toString(batch))
                + (trainFrac != null ? " frac=" + trainFrac : " n=" + nTrain) + (labelNoise > 0 ? " noise=" + labelNoise : "")
                + " steps=" + steps + " seed#" + replica;
    }
}
