package io.learncast.forecast.features;

import io.learncast.data.Metric;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.StoredRun;

/**
 * A config as the forecaster sees it: the task's facts (kind, size of the universe, input width,
 * classes) and every knob that shapes training, with the training-set size resolved to a count.
 * The seed and the budget are not knobs: a forecast is about a config group. The evaluation interval
 * is kept because it shapes the label: a property reached at an evaluation is confirmed {@code hold}
 * evaluations later, so nothing can be learned within fewer than {@code hold·evalEvery} steps.
 *
 * <p>Knobs can be changed one at a time ({@code with…}) without building a {@link RunConfig}: the
 * per-query attribution swaps knobs for reference values thousands of times per second.
 */
public record Knobs(
        String task,
        String taskKind,
        int taskK,
        long universe,
        int inputWidth,
        int classes,
        boolean tokens,
        int depth,
        int width,
        Activation activation,
        double initScale,
        Optimizer optimizer,
        double lr,
        double wd,
        int batch,
        long nTrain,
        double labelNoise,
        Metric metric,
        double threshold,
        int hold,
        int evalEvery) {

    /** Whether these features describe the config's network: MLPs so far (a corpus's transformer runs are left out of its tables). */
    public static boolean describes(RunConfig c) { return !c.model().isTransformer(); }

    /** The knobs of a config; task facts come from {@link TaskFactsCache} (the task is built once per spec). */
    public static Knobs of(RunConfig c) {
        if (!describes(c)) {
            throw new io.learncast.common.UserError("arch", "forecasts cover MLPs so far: the forecaster's features do not describe a transformer yet",
                    "train transformers with `learncast train` or a grid (arch: [transformer]); forecast MLP configs");
        }
        TaskFactsCache.Facts f = TaskFactsCache.facts(c.task());
        return of(c, f);
    }

    /** The knobs of a stored run; if its task cannot be built here any more (a CSV file gone), the stored sizes are used. */
    public static Knobs of(StoredRun r) {
        RunConfig c = r.config();
        TaskFactsCache.Facts f = TaskFactsCache.factsOrNull(c.task());
        if (f == null) {
            long in = inputWidthFromParams(r.paramCount(), c.depth(), c.width(), r.numClasses());
            f = new TaskFactsCache.Facts(c.taskSpec().name(), Math.max(r.trainSize(), 1), (int) in, r.numClasses(), false);
        }
        return of(c, f);
    }

    private static Knobs of(RunConfig c, TaskFactsCache.Facts f) {
        long n = c.trainFrac() != null ? Math.max(1, Math.round(c.trainFrac() * f.universe())) : c.nTrain();
        TaskSpec spec = c.taskSpec();
        int k = spec.param("k") != null ? spec.intParam("k") : 0;
        return new Knobs(c.task(), f.kind(), k, f.universe(), f.inputWidth(), f.classes(), f.tokens(), c.depth(), c.width(),
                c.activation(), c.initScale(), c.optimizer(), c.lr(), c.wd(), c.batch(), n, c.labelNoise(), c.metric(), c.threshold(), c.hold(), c.evalEvery());
    }

    /** The input width a stored run had, from its parameter count (the inverse of {@code RunConfig.paramCount}). */
    public static long inputWidthFromParams(long params, int depth, int width, int classes) {
        long rest = params - width - (long) (depth - 1) * ((long) width * width + width) - (long) width * classes - classes;
        return Math.max(1, rest / Math.max(1, width));
    }

    // --- derived quantities ---

    /** Steps between reaching the property and confirming it: {@code hold · evalEvery}. */
    public long holdSteps() { return (long) hold * evalEvery; }

    public Knobs withEvalEvery(int e) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, width, activation, initScale, optimizer, lr, wd, batch, nTrain, labelNoise, metric, threshold, hold, e); }

    /** Trainable parameters of the MLP (same count as {@link RunConfig#paramCount}). */
    public long paramCount() {
        long p = (long) inputWidth * width + width;
        p += (long) (depth - 1) * ((long) width * width + width);
        p += (long) width * classes + classes;
        return p;
    }

    /** Examples the optimiser sees per step (full batch = the training set). */
    public long effectiveBatch() { return batch == 0 ? nTrain : Math.min(batch, nTrain); }

    /** The training set as a fraction of the task's universe. */
    public double trainFraction() { return universe <= 0 ? 1.0 : Math.min(1.0, (double) nTrain / universe); }

    public double examplesPerClass() { return (double) nTrain / Math.max(1, classes); }

    /** Epochs (passes over the training set) within {@code budget} steps. */
    public double epochs(long budget) { return (double) budget * effectiveBatch() / Math.max(1, nTrain); }

    /**
     * Training FLOPs within {@code budget} steps: about 6 per parameter per example (forward 2, backward 4).
     * Token inputs touch only their one-hot rows, so the first layer costs {@code positions·width} there,
     * not {@code inputWidth·width}; the estimate keeps the dense count, an upper bound that ranks configs alike.
     */
    public double flops(long budget) { return 6.0 * paramCount() * effectiveBatch() * budget; }

    /** Weight decay's e-folds within {@code budget} steps: lr·wd·B (decoupled decay shrinks weights by (1 − lr·wd) per step). */
    public double decay(long budget) { return lr * wd * budget; }

    // --- withers (for attribution) ---

    public Knobs withWidth(int w) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, w, activation, initScale, optimizer, lr, wd, batch, nTrain, labelNoise, metric, threshold, hold, evalEvery); }

    public Knobs withDepth(int d) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, d, width, activation, initScale, optimizer, lr, wd, batch, nTrain, labelNoise, metric, threshold, hold, evalEvery); }

    public Knobs withLr(double v) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, width, activation, initScale, optimizer, v, wd, batch, nTrain, labelNoise, metric, threshold, hold, evalEvery); }

    public Knobs withWd(double v) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, width, activation, initScale, optimizer, lr, v, batch, nTrain, labelNoise, metric, threshold, hold, evalEvery); }

    public Knobs withBatch(int b) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, width, activation, initScale, optimizer, lr, wd, b, nTrain, labelNoise, metric, threshold, hold, evalEvery); }

    public Knobs withNTrain(long n) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, width, activation, initScale, optimizer, lr, wd, batch, n, labelNoise, metric, threshold, hold, evalEvery); }

    public Knobs withLabelNoise(double v) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, width, activation, initScale, optimizer, lr, wd, batch, nTrain, v, metric, threshold, hold, evalEvery); }

    public Knobs withActivation(Activation a) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, width, a, initScale, optimizer, lr, wd, batch, nTrain, labelNoise, metric, threshold, hold, evalEvery); }

    public Knobs withOptimizer(Optimizer o) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, width, activation, initScale, o, lr, wd, batch, nTrain, labelNoise, metric, threshold, hold, evalEvery); }

    public Knobs withInitScale(double v) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, width, activation, v, optimizer, lr, wd, batch, nTrain, labelNoise, metric, threshold, hold, evalEvery); }

    public Knobs withProperty(Metric m, double thr, int h) { return new Knobs(task, taskKind, taskK, universe, inputWidth, classes, tokens, depth, width, activation, initScale, optimizer, lr, wd, batch, nTrain, labelNoise, m, thr, h, evalEvery); }

    /** The task (and its facts) of {@code other}, keeping every other knob. */
    public Knobs withTaskOf(Knobs other) { return new Knobs(other.task, other.taskKind, other.taskK, other.universe, other.inputWidth, other.classes, other.tokens, depth, width, activation, initScale, optimizer, lr, wd, batch, nTrain, labelNoise, metric, threshold, hold, evalEvery); }
}
