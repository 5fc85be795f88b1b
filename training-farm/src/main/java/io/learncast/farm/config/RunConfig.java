package io.learncast.farm.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.Hashing;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.DataSpec;
import io.learncast.data.Metric;
import io.learncast.data.Property;
import io.learncast.data.TaskSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

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
        check(depth >= 1 && depth <= MAX_DEPTH, "depth", "depth " + depth + " is out of range", "the number of hidden layers, 1–" + MAX_DEPTH);
        check(width >= 1 && width <= MAX_WIDTH, "width", "width " + width + " is out of range", "hidden units per layer, 1–" + MAX_WIDTH);
        check(initScale > 0 && initScale <= 100 && Double.isFinite(initScale), "init_scale", "init scale " + initScale + " is out of range", "a positive multiplier of the 1/√fan-in standard deviation, e.g. 1");
        check(lr > 0 && lr <= 1e4 && Double.isFinite(lr), "lr", "learning rate " + lr + " is out of range", "a positive number, e.g. 1e-3");
        check(wd >= 0 && wd <= 1e3 && Double.isFinite(wd), "wd", "weight decay " + wd + " is out of range", "a number ≥ 0, e.g. 1 or 0.1");
        check(batch >= 0 && batch <= 1_000_000, "batch", "batch size " + batch + " is out of range", "a positive number of examples, or full (0)");
        check(steps >= 1 && steps <= MAX_STEPS, "steps", "step budget " + steps + " is out of range", "1–" + MAX_STEPS + " optimiser steps");
        check(evalEvery >= 1 && evalEvery <= steps, "eval_every", "evaluation interval " + evalEvery + " is out of range", "1–" + steps + " (the step budget)");
        check(replica >= 0, "seeds", "replica " + replica + " is negative", "replicas are numbered from 0");
        TreeSet<Long> b = new TreeSet<>(budgets == null ? List.of() : budgets);
        for (long v : b) check(v >= 1 && v <= steps, "budgets", "budget " + v + " is outside 1–" + steps, "budgets are step counts up to the largest budget");
        b.add(steps);
        budgets = List.copyOf(b);
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
                activation.key(), fmt(initScale), optimizer.key(), fmt(lr), fmt(wd), Integer.toString(batch));
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
