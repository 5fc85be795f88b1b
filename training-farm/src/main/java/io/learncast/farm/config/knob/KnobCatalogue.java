package io.learncast.farm.config.knob;

import io.learncast.common.UserError;
import io.learncast.data.DataSpec;
import io.learncast.data.Metric;
import io.learncast.data.Property;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.Toggle;
import io.learncast.farm.config.knob.Knob.Arch;
import io.learncast.farm.config.knob.Knob.Bins;
import io.learncast.farm.config.knob.Knob.Block;
import io.learncast.farm.config.knob.Knob.Encoding;
import io.learncast.farm.config.knob.Knob.Group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every config knob, declared once, in catalogue order: defaults are resolved in this order (a rule sees
 * the knobs above it) and grid specs expand their axes in it. Adding a knob: declare it here, add its
 * component to {@link RunConfig}, use it in training; everything else (flag, axis, import/export field,
 * HTTP field, split field, store column, validation wording) follows from the declaration.
 */
public final class KnobCatalogue {
    private KnobCatalogue() {}

    /** Universes larger than this cannot be split by a fraction (as {@code Datasets}): sampled tasks default to n_train. */
    public static final long FRACTION_MAX_UNIVERSE = 1L << 22;
    /** Default training-set size for tasks too large for a train fraction. */
    public static final int DEFAULT_N_TRAIN = 1000;

    // --- the property ---

    public static final Knob<String> TASK = Knob.text("task", Group.PROPERTY)
            .help("Task and parameters, e.g. modadd:p=97 or sparse-parity:n=20,k=3 (see `learncast tasks`).")
            .hint("e.g. modadd:p=97").allowed("a task, e.g. modadd:p=97 (run `learncast tasks`)").paramLabel("TASK")
            .column("task_spec").notSplit().export(Block.OWN).legacy();

    public static final Knob<Metric> METRIC = Knob.choice("metric", Group.PROPERTY, Metric.class, Metric::parse, Metric::key)
            .help("Property metric: test_acc, train_acc or test_loss.").defaultValue(Metric.TEST_ACC).defaultText("test_acc")
            .allowed("test_acc, train_acc or test_loss").notAxis().notSplit().feature(Encoding.NONE).legacy();

    public static final Knob<Double> THRESHOLD = Knob.real("threshold", Group.PROPERTY)
            .help("Property threshold.").defaultValue(Property.DEFAULT_THRESHOLD)
            .allowed("a threshold, e.g. 0.95 for an accuracy").notAxis().notSplit().legacy();

    public static final Knob<Integer> HOLD = Knob.integer("hold", Group.PROPERTY)
            .help("Later evaluations that must confirm the property.").defaultValue(Property.DEFAULT_HOLD)
            .allowed("later evaluations that must confirm, 0–100").notAxis().notSplit().legacy();

    // --- the network ---

    public static final Knob<Arch> ARCH = Knob.choice("arch", Group.MODEL, Arch.class, Arch::parse, Arch::key)
            .help("Network family: mlp, or transformer (token tasks only).").defaultValue(Arch.MLP).defaultText("mlp")
            .allowed("mlp or transformer");

    public static final Knob<Integer> DEPTH = Knob.integer("depth", Group.MODEL)
            .unit("hidden layers").help("Hidden layers, 1–" + RunConfig.MAX_DEPTH + ".").defaultValue(1)
            .range(1, true, RunConfig.MAX_DEPTH, true).hint("the number of hidden layers, 1–" + RunConfig.MAX_DEPTH)
            .allowed("hidden layers, 1–" + RunConfig.MAX_DEPTH).feature(Encoding.LINEAR).export(Block.TOOLS).legacy()
            .phase(Bins.DISCRETE, 1).arch(Arch.MLP);

    public static final Knob<Integer> WIDTH = Knob.integer("width", Group.MODEL)
            .unit("units").help("Hidden units per layer.").defaultValue(128)
            .range(1, true, RunConfig.MAX_WIDTH, true).hint("hidden units per layer, 1–" + RunConfig.MAX_WIDTH)
            .feature(Encoding.LOG2).export(Block.TOOLS).legacy()
            .phase(Bins.DISCRETE, 1).arch(Arch.MLP);

    public static final Knob<Activation> ACTIVATION = Knob.choice("activation", Group.MODEL, Activation.class, Activation::parse, Activation::key)
            .help("relu, tanh, gelu or quadratic.").defaultValue(Activation.RELU).defaultText("relu")
            .allowed("relu, tanh, gelu or quadratic").export(Block.TOOLS).legacy().arch(Arch.MLP);

    public static final Knob<Double> INIT_SCALE = Knob.real("init_scale", Group.MODEL)
            .unit("× 1/√fan_in").help("Multiplier of the 1/√fan-in init standard deviation.").defaultValue(1.0).defaultText("1")
            .range(0, false, 100, true).noun("init scale").hint("a positive multiplier of the 1/√fan-in standard deviation, e.g. 1")
            .allowed("a positive multiplier of the 1/√fan-in init standard deviation, e.g. 1")
            .feature(Encoding.LINEAR).legacy()
            .phase(Bins.LOG, 4);

    public static final Knob<Integer> LAYERS = Knob.integer("layers", Group.MODEL)
            .unit("blocks").help("Transformer blocks, 1–" + ModelConfig.MAX_LAYERS + ".").defaultRule(r -> transformer(r) ? 1 : null, "1 (transformer)")
            .optional().range(1, true, ModelConfig.MAX_LAYERS, true).hint("the number of transformer blocks, 1–" + ModelConfig.MAX_LAYERS)
            .arch(Arch.TRANSFORMER).feature(Encoding.LINEAR).phase(Bins.DISCRETE, 1);

    public static final Knob<Integer> D_MODEL = Knob.integer("d_model", Group.MODEL)
            .unit("units").help("Width of the transformer's residual stream.")
            .defaultRule(r -> transformer(r) ? ModelConfig.DEFAULT_D_MODEL : null, ModelConfig.DEFAULT_D_MODEL + " (transformer)")
            .optional().range(ModelConfig.MIN_D_MODEL, true, ModelConfig.MAX_D_MODEL, true).paramLabel("<d_model>")
            .hint("the width of the residual stream, " + ModelConfig.MIN_D_MODEL + "–" + ModelConfig.MAX_D_MODEL + ", e.g. 64 or 128")
            .arch(Arch.TRANSFORMER).feature(Encoding.LOG2).phase(Bins.DISCRETE, 1);

    public static final Knob<Integer> HEADS = Knob.integer("heads", Group.MODEL)
            .help("Attention heads per block (dividing d_model).")
            .defaultRule(r -> transformer(r) ? ModelConfig.DEFAULT_HEADS : null, ModelConfig.DEFAULT_HEADS + " (transformer)")
            .optional().range(1, true, ModelConfig.MAX_HEADS, true).hint("attention heads per block, 1–" + ModelConfig.MAX_HEADS + ", dividing d_model")
            .arch(Arch.TRANSFORMER).feature(Encoding.LOG2).phase(Bins.DISCRETE, 1);

    public static final Knob<Integer> D_MLP = Knob.integer("d_mlp", Group.MODEL)
            .unit("units").help("Hidden units of each block's MLP.")
            .defaultRule(r -> transformer(r) ? 4 * r.get(D_MODEL) : null, "4 × d_model (transformer)")
            .optional().range(1, true, ModelConfig.MAX_D_MLP, true).paramLabel("<d_mlp>")
            .hint("hidden units of each block's MLP, 1–" + ModelConfig.MAX_D_MLP + " (default 4 × d_model)")
            .arch(Arch.TRANSFORMER).feature(Encoding.LOG2);

    public static final Knob<Toggle> LAYER_NORM = Knob.choice("layer_norm", Group.MODEL, Toggle.class, Toggle::parse, Toggle::key)
            .help("Pre-LayerNorm in every block (off in Nanda et al.'s grokking setup); the flag alone means on.")
            .defaultRule(r -> transformer(r) ? Toggle.OFF : null, "off (transformer)").optional().flagAlone("on")
            .allowed("on or off").paramLabel("[on|off]").arch(Arch.TRANSFORMER);

    private static boolean transformer(Knob.Resolved r) { return r.get(ARCH) == Arch.TRANSFORMER; }

    // --- the optimiser ---

    public static final Knob<Optimizer> OPTIMIZER = Knob.choice("optimizer", Group.OPTIMISER, Optimizer.class, Optimizer::parse, Optimizer::key)
            .help("sgd, adam or adamw.").defaultValue(Optimizer.ADAMW).defaultText("adamw")
            .allowed("sgd, adam or adamw").export(Block.TOOLS).legacy();

    public static final Knob<Double> LR = Knob.real("lr", Group.OPTIMISER)
            .help("Learning rate.").defaultValue(1e-3).defaultText("1e-3")
            .range(0, false, 1e4, true).noun("learning rate").hint("a positive number, e.g. 1e-3").allowed("a positive learning rate, e.g. 1e-3")
            .feature(Encoding.LOG10).export(Block.TOOLS).legacy()
            .phase(Bins.LOG, 4);

    public static final Knob<Double> WD = Knob.real("wd", Group.OPTIMISER)
            .help("Weight decay, applied to weights (decoupled for sgd and adamw, L2 for adam).")
            .defaultRule(r -> r.get(OPTIMIZER).defaultWeightDecay(), Optimizer.WD_DEFAULTS)
            .range(0, true, 1e3, true).noun("weight decay").hint("a number ≥ 0, e.g. 1 or 0.1").allowed("a weight decay ≥ 0, e.g. 1")
            .feature(Encoding.LOG10).export(Block.TOOLS).legacy()
            .phase(Bins.LOG, 2);

    public static final Knob<Integer> BATCH = Knob.integer("batch", Group.OPTIMISER)
            .unit("examples").help("Batch size, or full.").defaultValue(512).paramLabel("N|full").meansFullAtZero()
            .range(0, true, 1_000_000, true).noun("batch size").hint("a positive number of examples, or full (0)").allowed("a batch size ≥ 1, or full")
            .column("batch_size").feature(Encoding.LOG2).export(Block.TOOLS).legacy()
            .phase(Bins.DISCRETE, 1);

    /**
     * Whether an epoch's incomplete last minibatch is dropped. learncast's trainers always drop it ({@code BatchOrder});
     * off describes runs trained elsewhere that kept it, as PyTorch's {@code DataLoader(drop_last=False)} does — a last
     * batch of a few examples is one noisy step per epoch, and such runs learn less often (docs/FORECASTER.md).
     */
    public static final Knob<Toggle> DROP_LAST = Knob.choice("drop_last", Group.OPTIMISER, Toggle.class, Toggle::parse, Toggle::key)
            .help("Whether an epoch's incomplete last minibatch is dropped (PyTorch's drop_last). learncast's trainers drop it; "
                    + "off describes imported runs that kept it.")
            .defaultValue(Toggle.ON).defaultText("on").allowed("on or off").paramLabel("on|off")
            .feature(Encoding.NONE); // no feature of its own: the forecaster's trees read whether a kept last batch is tiny

    // --- the data ---

    public static final Knob<Double> TRAIN_FRAC = Knob.real("train_frac", Group.DATA)
            .help("Training set as a fraction of the task's examples, in (0, 1].")
            .defaultRule(r -> !r.given(KnobCatalogue.N_TRAIN) && r.universe() <= FRACTION_MAX_UNIVERSE ? 0.5 : null, "0.5 for finite tasks")
            .optional().allowed("a train fraction in (0, 1]").feature(Encoding.LINEAR).export(Block.TOOLS).legacy()
            .phase(Bins.LINEAR, 20);

    public static final Knob<Integer> N_TRAIN = Knob.integer("n_train", Group.DATA)
            .unit("examples").help("Training set size.")
            .defaultRule(r -> r.get(TRAIN_FRAC) == null ? DEFAULT_N_TRAIN : null, DEFAULT_N_TRAIN + " for sampled tasks such as sparse parity")
            .optional().allowed("a number of training examples ≥ 1").notSplit().export(Block.TOOLS).legacy()
            .phase(Bins.LOG, 4);

    public static final Knob<Double> LABEL_NOISE = Knob.real("label_noise", Group.DATA)
            .help("Fraction of training labels replaced by a random other class.").defaultValue(0.0).defaultText("0")
            .allowed("a fraction of corrupted training labels in [0, 1)").feature(Encoding.LINEAR).export(Block.TOOLS).legacy()
            .phase(Bins.LINEAR, 20);

    public static final Knob<Integer> TEST_SIZE = Knob.integer("test_size", Group.DATA)
            .unit("examples").help("Cap on the test set.").defaultText("all held-out examples, at most " + DataSpec.DEFAULT_TEST_CAP)
            .optional().allowed("a cap on the test set ≥ 1").notSplit().legacy();

    // --- the budget ---

    public static final Knob<Long> STEPS = Knob.whole("steps", Group.BUDGET)
            .unit("steps").help("Step budget.").defaultValue(3000L)
            .range(1, true, RunConfig.MAX_STEPS, true).noun("step budget").hint("1–" + RunConfig.MAX_STEPS + " optimiser steps")
            .notAxis().export(Block.TOOLS_BUDGET).legacy()
            .phase(Bins.DISCRETE, 1);

    public static final Knob<Integer> EVAL_EVERY = Knob.integer("eval_every", Group.BUDGET)
            .unit("steps").help("Evaluation interval in steps.").defaultValue(100)
            .allowed("an evaluation interval in steps, 1–" + RunConfig.MAX_STEPS)
            .notAxis().notSplit().export(Block.TOOLS_BUDGET).legacy();

    private static final List<Knob<?>> ALL = List.of(TASK, METRIC, THRESHOLD, HOLD, ARCH, DEPTH, WIDTH, ACTIVATION, INIT_SCALE,
            LAYERS, D_MODEL, HEADS, D_MLP, LAYER_NORM,
            OPTIMIZER, LR, WD, BATCH, DROP_LAST, TRAIN_FRAC, N_TRAIN, LABEL_NOISE, TEST_SIZE, STEPS, EVAL_EVERY);

    /** The learncast block of an export as it was before the catalogue; knobs added later follow it. */
    private static final List<Knob<?>> LEGACY_LEARNCAST_EXPORT = List.of(METRIC, THRESHOLD, HOLD, TEST_SIZE, INIT_SCALE);

    private static final java.util.Map<Knob<?>, Integer> INDEX = new java.util.IdentityHashMap<>();

    private static final java.util.Map<String, Knob<?>> BY_COMPONENT = new java.util.HashMap<>();

    static {
        for (int i = 0; i < ALL.size(); i++) INDEX.put(ALL.get(i), i);
        for (Knob<?> k : ALL) BY_COMPONENT.put(k.group().name() + "." + k.component(), k);
    }

    /** A knob's position in catalogue order (rows that hold every knob, e.g. the export's, index by it). */
    public static int index(Knob<?> k) { return INDEX.get(k); }

    /** Every knob, in catalogue order. */
    public static List<Knob<?>> all() { return ALL; }

    /** The knob held by component {@code name} of a group's part; a component nobody declared is a programming error. */
    public static Knob<?> forComponent(Group g, String name) {
        Knob<?> k = BY_COMPONENT.get(g.name() + "." + name);
        if (k == null) throw new IllegalStateException(RunConfig.partType(g).getSimpleName() + "." + name + " is not declared in the knob catalogue");
        return k;
    }

    public static Optional<Knob<?>> byKey(String key) {
        for (Knob<?> k : ALL) if (k.key().equals(key)) return Optional.of(k);
        return Optional.empty();
    }

    /** The knobs a grid spec may list under {@code axes:} (the task comes from {@code property.task}), in expansion order. */
    public static List<Knob<?>> specAxes() { return ALL.stream().filter(k -> k.axis() && k != TASK).toList(); }

    /** The knobs a phase diagram can put on an axis, in catalogue order. */
    public static List<Knob<?>> phaseAxes() { return ALL.stream().filter(k -> k.bins() != null).toList(); }

    /** The knobs eval's splits and phase diagrams select on by their key. */
    public static List<Knob<?>> splitFields() { return ALL.stream().filter(Knob::split).toList(); }

    /** The knobs of one export block, in export order. */
    public static List<Knob<?>> exportBlock(Block b) {
        List<Knob<?>> out = new ArrayList<>();
        if (b == Block.LEARNCAST) out.addAll(LEGACY_LEARNCAST_EXPORT);
        for (Knob<?> k : ALL) if (k.block() == b && !out.contains(k)) out.add(k);
        return out;
    }

    /** Relocates an error raised about a knob key (or {@code seeds}/{@code budgets}) to the CLI flag the user typed. */
    public static UserError toFlag(UserError e) {
        if (e.where() == null) return e;
        if (e.where().equals("seeds")) return e.relocate("--seed");
        if (e.where().equals("budgets")) return e.relocate(STEPS.flag());
        return byKey(e.where()).map(k -> e.relocate(k.flag())).orElse(e);
    }
}
