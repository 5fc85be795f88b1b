package io.learncast.forecast.features;

import io.learncast.farm.config.TaskFacts;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.learncast.data.Metric;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.Toggle;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.store.StoredRun;

import java.util.Arrays;

/**
 * A config as the forecaster sees it: every catalogue knob's value (by catalogue index), the task's facts
 * (kind, size of the universe, input width, classes, sequence form) and the training-set size resolved to a
 * count. The seed and the budget are not knobs: a forecast is about a config group. The evaluation interval
 * is kept because it shapes the label: a property reached at an evaluation is confirmed {@code hold}
 * evaluations later, so nothing can be learned within fewer than {@code hold·evalEvery} steps.
 *
 * <p>Knobs change one at a time ({@link #with}) without building or validating a {@link RunConfig}: the
 * per-query attribution swaps knobs for a reference's thousands of times per second, and a coalition may
 * be a combination no run could have (e.g. heads not dividing d_model) yet still has a forecast.
 */
@JsonSerialize(using = KnobsJson.Writer.class)
@JsonDeserialize(using = KnobsJson.Reader.class)
public record Knobs(Object[] values, TaskFacts facts, int taskK, long nTrain) {

    /** The knobs of a config; task facts come from {@link TaskFactsCache} (the task is built once per spec). */
    public static Knobs of(RunConfig c) {
        return of(c, TaskFactsCache.facts(c.task()));
    }

    /** The knobs of a stored run; if its task cannot be built here any more (a CSV file gone), the stored sizes are used. */
    public static Knobs of(StoredRun r) {
        RunConfig c = r.config();
        TaskFacts f = TaskFactsCache.factsOrNull(c.task());
        if (f == null) {
            long in = inputWidthFromParams(r.paramCount(), c.depth(), c.width(), r.numClasses());
            f = new TaskFacts(c.taskSpec().name(), Math.max(r.trainSize(), 1), (int) in, r.numClasses(), false);
        }
        return of(c, f);
    }

    private static Knobs of(RunConfig c, TaskFacts f) {
        long n = f.nTrain(c);
        Object[] v = new Object[KnobCatalogue.all().size()];
        // the data size is the resolved count; the step budget is not a knob of a forecast
        for (Knob<?> k : KnobCatalogue.all()) if (KnobsJson.kept(k)) v[KnobCatalogue.index(k)] = k.get(c);
        return new Knobs(v, f, taskK(c.task()), n);
    }

    private static int taskK(String task) {
        TaskSpec spec = TaskSpec.parse(task, "task");
        return spec.param("k") != null ? spec.intParam("k") : 0;
    }

    /** The input width a stored run had, from its parameter count (the inverse of {@code RunConfig.paramCount}). */
    public static long inputWidthFromParams(long params, int depth, int width, int classes) {
        long rest = params - width - (long) (depth - 1) * ((long) width * width + width) - (long) width * classes - classes;
        return Math.max(1, rest / Math.max(1, width));
    }

    // --- knob values ---

    /** A knob's value (null where it does not apply, e.g. d_model on an MLP). */
    public <T> T get(Knob<T> k) { return k.javaType().cast(values[KnobCatalogue.index(k)]); }

    /** These knobs with one changed (not validated: see the class comment). */
    public <T> Knobs with(Knob<T> k, T value) { return withRaw(k, value); }

    /** As {@link #with}, for a value typed as Object (of the knob's type, or null). */
    public Knobs withRaw(Knob<?> k, Object value) {
        Object[] v = values.clone();
        v[KnobCatalogue.index(k)] = value;
        return new Knobs(v, facts, taskK, nTrain);
    }

    public String task() { return get(KnobCatalogue.TASK); }
    public String taskKind() { return facts.kind(); }
    public long universe() { return facts.universe(); }
    public int inputWidth() { return facts.inputWidth(); }
    public int classes() { return facts.classes(); }
    public boolean tokens() { return facts.tokens(); }
    public Knob.Arch arch() { Knob.Arch a = get(KnobCatalogue.ARCH); return a == null ? Knob.Arch.MLP : a; }
    public boolean transformer() { return arch() == Knob.Arch.TRANSFORMER; }
    public int depth() { return get(KnobCatalogue.DEPTH); }
    public int width() { return get(KnobCatalogue.WIDTH); }
    public Activation activation() { return get(KnobCatalogue.ACTIVATION); }
    public double initScale() { return get(KnobCatalogue.INIT_SCALE); }
    public Optimizer optimizer() { return get(KnobCatalogue.OPTIMIZER); }
    public double lr() { return get(KnobCatalogue.LR); }
    public double wd() { return get(KnobCatalogue.WD); }
    public int batch() { return get(KnobCatalogue.BATCH); }
    public double labelNoise() { return get(KnobCatalogue.LABEL_NOISE); }
    public Metric metric() { return get(KnobCatalogue.METRIC); }
    public double threshold() { return get(KnobCatalogue.THRESHOLD); }
    public int hold() { return get(KnobCatalogue.HOLD); }
    public int evalEvery() { return get(KnobCatalogue.EVAL_EVERY); }

    // --- derived quantities ---

    /** Steps between reaching the property and confirming it: {@code hold · evalEvery}. */
    public long holdSteps() { return (long) hold() * evalEvery(); }

    /** Trainable parameters, counted per architecture (as the store's {@code param_count}). */
    public long paramCount() {
        if (transformer()) {
            return ModelConfig.transformerParams(get(KnobCatalogue.LAYERS), get(KnobCatalogue.D_MODEL), get(KnobCatalogue.D_MLP),
                    get(KnobCatalogue.LAYER_NORM) == Toggle.ON, facts.vocab(), facts.positions(), classes());
        }
        int width = width(), depth = depth();
        long p = (long) inputWidth() * width + width;
        p += (long) (depth - 1) * ((long) width * width + width);
        p += (long) width * classes() + classes();
        return p;
    }

    /** Examples the optimiser sees per step (full batch = the training set). */
    public long effectiveBatch() { return batch() == 0 ? nTrain : Math.min(batch(), nTrain); }

    /** The training set as a fraction of the task's universe. */
    public double trainFraction() { return universe() <= 0 ? 1.0 : Math.min(1.0, (double) nTrain / universe()); }

    public double examplesPerClass() { return (double) nTrain / Math.max(1, classes()); }

    /** Epochs (passes over the training set) within {@code budget} steps. */
    public double epochs(long budget) { return (double) budget * effectiveBatch() / Math.max(1, nTrain); }

    /**
     * Training FLOPs within {@code budget} steps. MLP: about 6 per parameter per example (forward 2, backward 4);
     * token inputs touch only their one-hot rows, so the dense count is an upper bound that ranks configs alike.
     * Transformer: 3 × the forward pass over every position (attention over all position pairs included).
     */
    public double flops(long budget) {
        if (transformer()) {
            double fwd = ModelConfig.transformerForwardFlops(get(KnobCatalogue.LAYERS), get(KnobCatalogue.D_MODEL), get(KnobCatalogue.HEADS),
                    get(KnobCatalogue.D_MLP), facts.positions(), classes());
            return 3 * fwd * effectiveBatch() * budget;
        }
        return 6.0 * paramCount() * effectiveBatch() * budget;
    }

    /** Weight decay's e-folds within {@code budget} steps: lr·wd·B (decoupled decay shrinks weights by (1 − lr·wd) per step). */
    public double decay(long budget) { return lr() * wd() * budget; }

    /** A kept last batch under this share of a batch is "tiny" ({@link #tinyLastBatch}). */
    public static final double TINY_LAST_BATCH = 0.05;

    /**
     * The examples in an epoch's last minibatch when it is kept ({@code drop_last off}) and incomplete; 0 when it is
     * dropped, when the batch divides the training set, or for a full batch (which has no last batch).
     */
    public long keptLastBatch() {
        long b = effectiveBatch();
        if (get(KnobCatalogue.DROP_LAST) != Toggle.OFF || b >= nTrain) return 0;
        return nTrain % b;
    }

    /**
     * Whether each epoch ends with a kept last batch of under 5 % of a batch: one optimiser step per epoch on a few
     * examples, full size under Adam's normalisation. On the PyTorch corpus the runs whose last batch held 1–31 of 512
     * examples learned 7 times in 138 where the forecaster, blind to it, expected 18 (docs/FORECASTER.md, "The partial
     * last batch").
     */
    public boolean tinyLastBatch() {
        long r = keptLastBatch();
        return r > 0 && r < TINY_LAST_BATCH * effectiveBatch();
    }

    // --- changes that are not one knob ---

    /** The resolved training-set size changed (the data attribution swaps sizes, not fractions). */
    public Knobs withNTrain(long n) { return new Knobs(values, facts, taskK, n); }

    public Knobs withEvalEvery(int e) { return withRaw(KnobCatalogue.EVAL_EVERY, e); }

    public Knobs withProperty(Metric m, double thr, int h) {
        return withRaw(KnobCatalogue.METRIC, m).withRaw(KnobCatalogue.THRESHOLD, thr).withRaw(KnobCatalogue.HOLD, h);
    }

    /** The task (and its facts) of {@code other}, keeping every other knob. */
    public Knobs withTaskOf(Knobs other) {
        Object[] v = values.clone();
        v[KnobCatalogue.index(KnobCatalogue.TASK)] = other.task();
        return new Knobs(v, other.facts, other.taskK, nTrain);
    }

    /** The network of {@code other} (every knob of the model group), keeping every other knob. */
    public Knobs withModelOf(Knobs other) {
        Object[] v = values.clone();
        for (Knob<?> k : KnobCatalogue.all()) if (k.group() == Knob.Group.MODEL) v[KnobCatalogue.index(k)] = other.get(k);
        return new Knobs(v, facts, taskK, nTrain);
    }

    @Override public boolean equals(Object o) {
        return o instanceof Knobs k && Arrays.equals(values, k.values) && facts.equals(k.facts) && taskK == k.taskK && nTrain == k.nTrain;
    }

    @Override public int hashCode() { return 31 * (31 * Arrays.hashCode(values) + facts.hashCode()) + Long.hashCode(nTrain); }

    @Override public String toString() { return "Knobs" + Arrays.toString(values) + " n=" + nTrain; }
}
