package io.learncast.farm.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.learncast.common.Hashing;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.DataSpec;
import io.learncast.data.Metric;
import io.learncast.data.Property;
import io.learncast.data.SequenceFormat;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.config.knob.KnobValues;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Everything that determines one training run, as a composition of small records: what it is trained to
 * learn ({@link TargetConfig}: task, metric, threshold, hold), the data ({@link DataSpec}: train fraction or
 * size, test cap, label noise), the network ({@link ModelConfig}), the optimiser ({@link OptimConfig}), the
 * compute ({@link BudgetConfig}: step budget, evaluation interval, the smaller budgets read off the curve)
 * and the seed. Each knob of {@link KnobCatalogue} is one named component of one part; knobs are read and
 * changed through the catalogue ({@code KNOB.get(c)}, {@code KNOB.with(c, v)}), not per-field methods.
 *
 * <p>Stored JSON stays flat with the knobs' keys ({@link RunConfigJson}), so every stored config parses.
 * Validation errors name the knob's key (e.g. {@code width}); callers map keys to their own vocabulary
 * (CLI flags, spec paths, import fields).
 */
@JsonSerialize(using = RunConfigJson.Writer.class)
@JsonDeserialize(using = RunConfigJson.Reader.class)
public record RunConfig(TargetConfig target, DataSpec data, ModelConfig model, OptimConfig optim, BudgetConfig budget,
                        long seed, int replica) {

    public static final int MAX_DEPTH = 4;
    public static final int MAX_WIDTH = 4096;
    public static final long MAX_STEPS = 10_000_000L;

    public RunConfig {
        if (target == null || data == null || model == null || optim == null || budget == null) {
            throw new IllegalArgumentException("a run config needs all five parts");
        }
        if (replica < 0) throw new UserError("seeds", "replica " + replica + " is negative", "replicas are numbered from 0");
        for (Knob<?> k : KnobCatalogue.all()) k.checkIn(partOf(k.group(), target, data, model, optim, budget));
    }

    /** The record holding a group's knobs. */
    public Record part(Knob.Group g) { return partOf(g, target, data, model, optim, budget); }

    private static Record partOf(Knob.Group g, TargetConfig t, DataSpec d, ModelConfig m, OptimConfig o, BudgetConfig b) {
        return switch (g) {
            case PROPERTY -> t;
            case DATA -> d;
            case MODEL -> m;
            case OPTIMISER -> o;
            case BUDGET -> b;
        };
    }

    /** The record type holding a group's knobs. */
    public static Class<? extends Record> partType(Knob.Group g) {
        return switch (g) {
            case PROPERTY -> TargetConfig.class;
            case DATA -> DataSpec.class;
            case MODEL -> ModelConfig.class;
            case OPTIMISER -> OptimConfig.class;
            case BUDGET -> BudgetConfig.class;
        };
    }

    /**
     * A config whose knobs are {@code value.apply(knob)} (no defaults applied: null stays null), built part by
     * part through the records' constructors. Every component of a part must be a declared knob (or the budget's
     * {@code budgets}), so a component added without its declaration fails here, loudly.
     */
    public static RunConfig assemble(Function<Knob<?>, Object> value, List<Long> budgets, long seed, int replica) {
        Record[] parts = new Record[Knob.Group.values().length];
        for (Knob.Group g : Knob.Group.values()) {
            parts[g.ordinal()] = Components.build(partType(g), n -> g == Knob.Group.BUDGET && n.equals("budgets") ? budgets
                    : value.apply(KnobCatalogue.forComponent(g, n)));
        }
        return new RunConfig((TargetConfig) parts[0], (DataSpec) parts[1], (ModelConfig) parts[2], (OptimConfig) parts[3],
                (BudgetConfig) parts[4], seed, replica);
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
        Knob.Arch arch = (Knob.Arch) v.get(KnobCatalogue.ARCH);
        if (arch == Knob.Arch.TRANSFORMER) SequenceFormat.requireSequenceTask(TaskSpec.parse((String) v.get(KnobCatalogue.TASK), "task").name());
        for (Knob<?> k : KnobCatalogue.all()) {
            Object val = given.has(k) ? given.get(k) : null;
            if (!k.appliesTo(arch) && val != null && !val.equals(k.defaultConstant())) {
                throw new UserError(k.key(), k.key() + " does not apply to " + (arch == Knob.Arch.MLP ? "an MLP" : "a transformer"),
                        "drop " + k.key() + ", or use arch " + k.arch().iterator().next().key());
            }
        }
        return assemble(v::get, budgets == null ? List.of() : budgets, seed, replica);
    }

    /** A config with the defaults used by {@code learncast train}; change parts with {@code with(…)} or knobs with {@code KNOB.with}. */
    public static RunConfig defaults(String task) {
        return new RunConfig(new TargetConfig(task, Metric.TEST_ACC, Property.DEFAULT_THRESHOLD, Property.DEFAULT_HOLD),
                new DataSpec(0.5, null, null, 0.0), ModelConfig.mlp(1, 128, Activation.RELU, 1.0),
                new OptimConfig(Optimizer.ADAMW, 1e-3, 1.0, 512), new BudgetConfig(3000, 100, List.of()), 0, 0)
                .withReplica(Seeds.DEFAULT_MASTER, 0);
    }

    // --- derived views ---

    // Shorthands for the knobs every part of learncast reads; knobs added later are read from their part.
    public String task() { return target.task(); }
    public Metric metric() { return target.metric(); }
    public double threshold() { return target.threshold(); }
    public int hold() { return target.hold(); }
    public Double trainFrac() { return data.trainFrac(); }
    public Integer nTrain() { return data.nTrain(); }
    public Integer testSize() { return data.testSize(); }
    public double labelNoise() { return data.labelNoise(); }
    public int depth() { return model.depth(); }
    public int width() { return model.width(); }
    public Activation activation() { return model.activation(); }
    public double initScale() { return model.initScale(); }
    public Optimizer optimizer() { return optim.optimizer(); }
    public double lr() { return optim.lr(); }
    public double wd() { return optim.wd(); }
    public int batch() { return optim.batch(); }
    public long steps() { return budget.steps(); }
    public int evalEvery() { return budget.evalEvery(); }
    public List<Long> budgets() { return budget.budgets(); }

    public TaskSpec taskSpec() { return TaskSpec.parse(task(), "task"); }

    public Property property() { return target.property(); }

    public DataSpec dataSpec() { return data; }

    public boolean fullBatch() { return optim.fullBatch(); }

    public long dataSeed() { return Seeds.derive(seed, "data"); }

    public long initSeed() { return Seeds.derive(seed, "init"); }

    public long orderSeed() { return Seeds.derive(seed, "order"); }

    /** Identity of the training itself, seed excluded: what all replicas, budgets and eval intervals of one config share. */
    private String groupIdentity() {
        return String.join("|", "group-v1", task(), metric().key(), fmt(threshold()), Integer.toString(hold()),
                trainFrac() == null ? "-" : fmt(trainFrac()), nTrain() == null ? "-" : nTrain().toString(),
                testSize() == null ? "-" : testSize().toString(), fmt(labelNoise()), Integer.toString(depth()), Integer.toString(width()),
                activation().key(), fmt(initScale()), optimizer().key(), fmt(lr()), fmt(wd()), Integer.toString(batch())) + laterKnobs();
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
    public String groupHash() { return Hashing.sha256Hex(groupIdentity()); }

    /** Unique identity of the run: the group plus seed, step budget and evaluation interval. */
    public String configHash() {
        return Hashing.sha256Hex("run-v1|" + groupIdentity() + "|" + steps() + "|" + evalEvery() + "|" + seed);
    }

    /** Runs with equal shape keys can be trained together as one batched computation. */
    public String shapeKey() {
        String b = fullBatch() ? "full:" + (trainFrac() != null ? "f" + fmt(trainFrac()) : "n" + nTrain()) : Integer.toString(batch());
        String net = model.isTransformer()
                ? "tfm" + model.layers() + "x" + model.dModel() + "h" + model.heads() + "m" + model.dMlp() + (model.layerNorm().on() ? "ln" : "")
                : Integer.toString(depth()) + "|" + width() + "|" + activation().key();
        return String.join("|", task(), net, optimizer().key(), b, Integer.toString(evalEvery()), testSize() == null ? "-" : testSize().toString());
    }

    /** Trainable parameters for an input of {@code inputWidth} (one-hot width for tokens) and {@code classes} outputs. */
    public long paramCount(int inputWidth, int classes) { return model.paramCount(inputWidth, classes); }

    private static String fmt(double v) { return Double.toString(v).toLowerCase(Locale.ROOT); }

    // --- withers: a whole part at a time; single knobs through the catalogue ---

    /** Sets the replica and derives its seed from the master seed and the config group. */
    public RunConfig withReplica(long masterSeed, int replica) {
        return new RunConfig(target, data, model, optim, budget, Seeds.derive(Seeds.derive(masterSeed, groupIdentity()), replica), replica);
    }

    public RunConfig withSeed(long seed) { return new RunConfig(target, data, model, optim, budget, seed, replica); }

    public RunConfig with(TargetConfig t) { return new RunConfig(t, data, model, optim, budget, seed, replica); }

    public RunConfig with(DataSpec d) { return new RunConfig(target, d, model, optim, budget, seed, replica); }

    public RunConfig with(ModelConfig m) { return new RunConfig(target, data, m, optim, budget, seed, replica); }

    public RunConfig with(OptimConfig o) { return new RunConfig(target, data, model, o, budget, seed, replica); }

    public RunConfig with(BudgetConfig b) { return new RunConfig(target, data, model, optim, b, seed, replica); }

    /** This config with one part replaced (the part's type says which). */
    public RunConfig withPart(Record part) {
        if (part instanceof TargetConfig t) return with(t);
        if (part instanceof DataSpec d) return with(d);
        if (part instanceof ModelConfig m) return with(m);
        if (part instanceof OptimConfig o) return with(o);
        if (part instanceof BudgetConfig b) return with(b);
        throw new IllegalArgumentException("not a part of a run config: " + part.getClass().getSimpleName());
    }

    /** One line for people: {@code modadd:p=97 d1×w128 relu adamw lr=1e-3 wd=1 batch=512 frac=0.5 steps=3000 seed#0}. */
    public String describe() { return describeGroup() + " steps=" + steps() + " seed#" + replica; }

    /** The config group in one line: {@link #describe()} without the budget and the seed (what a forecast is about). */
    public String describeGroup() {
        return task() + " " + model.describe() + " " + optimizer().key() + " lr=" + lr() + " wd=" + wd()
                + " batch=" + (fullBatch() ? "full" : Integer.toString(batch())) + (optim.dropLast().on() ? "" : " drop_last=off")
                + (trainFrac() != null ? " frac=" + trainFrac() : " n=" + nTrain()) + (labelNoise() > 0 ? " noise=" + labelNoise() : "");
    }
}
