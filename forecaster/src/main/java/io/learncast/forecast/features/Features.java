package io.learncast.forecast.features;

import io.learncast.data.Metric;
import io.learncast.data.TaskCatalog;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The model's feature vector: config features (task, size, optimiser, data) followed by budget
 * features (log budget and the compute it buys: epochs, examples seen, FLOPs, weight-decay e-folds
 * lr·wd·B, lr·B). Sizes and rates enter on log scales, because what decides learning is mostly
 * ratios (the literature's scaling laws and grokking time ∝ 1/(lr·wd) are linear in logs).
 *
 * <p>Categorical knobs are one-hot over the fixed vocabularies (task kinds of the catalog,
 * activations, optimisers, metrics), so every corpus yields the same columns in the same order.
 */
public final class Features {
    private Features() {}

    /** Weight decay below this counts as "no decay" on the log scale. */
    public static final double WD_FLOOR = 1e-5;

    public static final List<String> TASK_KINDS = TaskCatalog.all().stream().map(TaskCatalog.Definition::name).toList();

    /**
     * Knobs declared after the hand-written layout above (which older model artifacts name feature by feature):
     * each brings the features of its declared encoding, after the layout, in catalogue order.
     */
    static final List<Knob<?>> LATER = KnobCatalogue.all().stream().filter(k -> !k.isLegacy() && k.encoding() != Knob.Encoding.NONE).toList();

    /** Later knobs with no encoding of their own that a derived feature reads ({@link #TREES_ONLY}): drop_last. */
    static final List<Knob<?>> DERIVED_FROM = List.of(KnobCatalogue.DROP_LAST);

    /** Whether some feature reads knob {@code k}: its own encoding, or a derived feature's (so a forecast can move with it). */
    public static boolean reads(Knob<?> k) { return k.encoding() != Knob.Encoding.NONE || DERIVED_FROM.contains(k); }

    /**
     * The later knobs no feature reads ({@link #reads}; none today), so a forecast can say a query's non-default value was
     * not weighed ({@code FittedForecaster.unread}).
     */
    public static final List<Knob<?>> UNREAD = KnobCatalogue.all().stream().filter(k -> !k.isLegacy() && !reads(k)).toList();

    /** The features of the later knobs, in vector order (the neighbourhood measures distance on them too). */
    public static final List<String> LATER_NAMES = LATER.stream().flatMap(k -> names(k).stream()).toList();

    /** A later knob's feature names: {@code log2_d_model}, {@code layers}, {@code arch_transformer} … */
    static List<String> names(Knob<?> k) {
        return switch (k.encoding()) {
            case LINEAR, BOOLEAN -> List.of(k.key());
            case LOG2 -> List.of("log2_" + k.key());
            case LOG10 -> List.of("log10_" + k.key());
            case ONE_HOT -> k.choices().stream().map(c -> k.key() + "_" + c).toList();
            case NONE -> List.of();
        };
    }

    /** Writes a later knob's features at {@code v[i …]}; a knob that does not apply (null) is all zeros. Returns the next index. */
    static int write(Knob<?> k, Object value, double[] v, int i) {
        switch (k.encoding()) {
            case LINEAR -> v[i++] = value == null ? 0 : ((Number) value).doubleValue();
            case BOOLEAN -> v[i++] = Boolean.TRUE.equals(value) ? 1 : 0;
            case LOG2 -> v[i++] = value == null ? 0 : log2(((Number) value).doubleValue());
            case LOG10 -> v[i++] = value == null ? 0 : Math.log10(((Number) value).doubleValue());
            case ONE_HOT -> {
                String shown = value == null ? null : k.show(value);
                for (String c : k.choices()) v[i++] = c.equals(shown) ? 1 : 0;
            }
            case NONE -> { }
        }
        return i;
    }

    /**
     * Dimensionless groups, after the later knobs (artifacts name features, so older ones ignore these):
     * parameters per training example (log₁₀). On the log scale it is log params − log n, but the structured
     * model's ridge and its trees see it as one direction: scored on the PyTorch and transformer/MLP corpora
     * it helped or held on every split (docs/FORECASTER.md, "Dimensionless features"). The log train
     * fraction was tried beside it and dropped (it hurt extrapolation in the train fraction), and so was the share
     * of a batch that an epoch's kept last batch holds ({@code drop_last off}): better in-grid on the complete PyTorch
     * corpora, worse on the snapshot and beyond it (docs/FORECASTER.md, "drop_last, a knob").
     */
    public static final List<String> DIMENSIONLESS = List.of("log10_params_per_example");

    /**
     * Features derived from several knobs that only the trees see, never the structured design ({@code Basis}): whether
     * an epoch ends with a kept last batch of under 5 % of a batch ({@link Knobs#tinyLastBatch}; batch, training set and
     * drop_last). The trees split on it once; the share as a number let them fit the sawtooth of the last batch's size
     * on a small corpus, and in the design its coefficient, measured on fit sides where few minibatch nets learn, bent
     * the width extrapolation (docs/FORECASTER.md, "A tiny last batch, in the trees"). Constant (0) on corpora whose
     * runs drop the last batch, as the farm's do, so it changes nothing there.
     */
    public static final List<String> TREES_ONLY = List.of("tiny_last_batch");

    /** Names of the config features, in vector order. */
    public static final List<String> CONFIG = configNames();

    /** Names of the budget features, in vector order after the config features. */
    public static final List<String> BUDGET = List.of("log2_budget", "log2_epochs", "log10_examples_seen", "log10_flops", "log10_decay", "log10_lr_steps");

    /** All model features: config then budget. */
    public static final List<String> ALL = concat(CONFIG, BUDGET);

    public static final int N_CONFIG = CONFIG.size();
    public static final int N_ALL = ALL.size();

    private static List<String> configNames() {
        List<String> n = new ArrayList<>();
        for (String k : TASK_KINDS) n.add("kind_" + k.replace('-', '_'));
        n.add("task_k");
        n.add("log2_universe");
        n.add("log2_classes");
        n.add("log2_input_width");
        n.add("tokens");
        n.add("depth");
        n.add("log2_width");
        n.add("log10_params");
        for (Activation a : Activation.values()) n.add("act_" + a.key());
        n.add("init_scale");
        for (Optimizer o : Optimizer.values()) n.add("opt_" + o.key());
        n.add("log10_lr");
        n.add("log10_wd");
        n.add("wd_zero");
        n.add("log2_eff_batch");
        n.add("full_batch");
        n.add("log2_n_train");
        n.add("train_fraction");
        n.add("log2_examples_per_class");
        n.add("label_noise");
        for (Metric m : Metric.values()) n.add("metric_" + m.key());
        n.add("threshold");
        n.add("hold");
        n.add("hold_steps");
        for (Knob<?> k : LATER) n.addAll(names(k));
        n.addAll(DIMENSIONLESS);
        n.addAll(TREES_ONLY);
        return Collections.unmodifiableList(n);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return Collections.unmodifiableList(out);
    }

    /**
     * The knob a config feature encodes, named as range warnings name it ({@code log10_lr} → {@code lr}, {@code act_tanh}
     * → {@code activation}, {@code log2_eff_batch} → {@code batch}, a later knob's features → its key); the task's own
     * facts → {@code task}. Used to say which knobs put a query beyond its task's trained configs.
     */
    public static String knob(String feature) {
        for (Knob<?> k : LATER) if (names(k).contains(feature)) return k.key();
        if (feature.startsWith("act_")) return "activation";
        if (feature.startsWith("opt_")) return "optimizer";
        if (feature.startsWith("metric_")) return "metric";
        if (feature.startsWith("kind_")) return "task";
        return switch (feature) {
            case "task_k", "log2_universe", "log2_classes", "log2_input_width", "tokens" -> "task";
            case "log2_width" -> "width";
            case "log10_lr" -> "lr";
            case "log10_wd", "wd_zero" -> "wd";
            case "log2_eff_batch", "full_batch" -> "batch";
            case "log2_n_train" -> "training examples";
            case "train_fraction" -> "train fraction";
            case "label_noise" -> "label noise";
            case "init_scale" -> "init scale";
            case "tiny_last_batch" -> "last batch";
            default -> feature;
        };
    }

    /** Index of {@code hold_steps} (the structured model's offset between reaching and confirming). */
    public static final int HOLD_STEPS = CONFIG.indexOf("hold_steps");

    public static int index(String name) {
        int i = ALL.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("no feature " + name);
        return i;
    }

    /** The config features of {@code k}. */
    public static double[] config(Knobs k) {
        double[] v = new double[N_CONFIG];
        writeConfig(k, v);
        return v;
    }

    /** The full feature vector of {@code k} at {@code budget}. */
    public static double[] row(Knobs k, long budget) {
        double[] v = new double[N_ALL];
        writeConfig(k, v);
        writeBudget(k, budget, v, N_CONFIG);
        return v;
    }

    /** Writes the budget features of {@code k} at {@code budget} into {@code v[at …]}. */
    public static void writeBudget(Knobs k, long budget, double[] v, int at) {
        double b = Math.max(1, budget);
        v[at] = log2(b);
        v[at + 1] = log2(k.epochs(budget));
        v[at + 2] = Math.log10(b * k.effectiveBatch());
        v[at + 3] = Math.log10(k.flops(budget));
        v[at + 4] = Math.log10(Math.max(k.lr() * Math.max(k.wd(), WD_FLOOR), 1e-300) * b);
        v[at + 5] = Math.log10(k.lr() * b);
    }

    private static void writeConfig(Knobs k, double[] v) {
        int i = 0;
        for (String kind : TASK_KINDS) v[i++] = kind.equals(k.taskKind()) ? 1 : 0;
        v[i++] = k.taskK();
        v[i++] = log2(Math.min(k.universe(), 1L << 62));
        v[i++] = log2(k.classes());
        v[i++] = log2(k.inputWidth());
        v[i++] = k.tokens() ? 1 : 0;
        // a transformer's depth and width are its blocks and its residual stream's width
        v[i++] = k.transformer() ? k.get(KnobCatalogue.LAYERS) : k.depth();
        v[i++] = log2(k.transformer() ? k.get(KnobCatalogue.D_MODEL) : k.width());
        v[i++] = Math.log10(k.paramCount());
        for (Activation a : Activation.values()) v[i++] = a == k.activation() ? 1 : 0;
        v[i++] = k.initScale();
        for (Optimizer o : Optimizer.values()) v[i++] = o == k.optimizer() ? 1 : 0;
        v[i++] = Math.log10(k.lr());
        v[i++] = Math.log10(Math.max(k.wd(), WD_FLOOR));
        v[i++] = k.wd() < WD_FLOOR ? 1 : 0;
        v[i++] = log2(k.effectiveBatch());
        v[i++] = k.effectiveBatch() >= k.nTrain() ? 1 : 0; // a batch as large as the training set is the full batch: the trainers run it so
        v[i++] = log2(k.nTrain());
        v[i++] = k.trainFraction();
        v[i++] = log2(k.examplesPerClass());
        v[i++] = k.labelNoise();
        for (Metric m : Metric.values()) v[i++] = m == k.metric() ? 1 : 0;
        v[i++] = k.threshold();
        v[i++] = k.hold();
        v[i++] = k.holdSteps();
        for (Knob<?> later : LATER) i = write(later, k.get(later), v, i);
        v[i++] = Math.log10((double) k.paramCount() / Math.max(1, k.nTrain()));
        v[i++] = k.tinyLastBatch() ? 1 : 0;
        if (i != N_CONFIG) throw new IllegalStateException("feature layout out of sync: " + i + " != " + N_CONFIG);
    }

    static double log2(double x) { return Math.log(x) / Math.log(2); }

    /** The budget of a feature row. */
    public static long budget(double[] x) { return Math.round(Math.pow(2, x[N_CONFIG])); }

    /**
     * The same row at another budget. Every budget feature is a log of (something × B), so changing
     * the budget by a factor r shifts each of them by log r: no knobs needed.
     */
    public static double[] atBudget(double[] x, double budget) {
        double[] y = x.clone();
        double r2 = Math.log(budget) / Math.log(2) - x[N_CONFIG];
        double r10 = r2 * Math.log10(2);
        y[N_CONFIG] += r2;
        y[N_CONFIG + 1] += r2;
        for (int j = N_CONFIG + 2; j < N_ALL; j++) y[j] += r10;
        return y;
    }
}
