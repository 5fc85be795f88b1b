package io.learncast.app.cli;

import io.learncast.forecast.verdict.LossBound;
import picocli.CommandLine.Option;

/**
 * {@code --max-loss}, {@code --max-late-loss}, {@code --confidence}: the bound a stopping threshold must
 * keep. {@code verdict fit} states it (default 1 % of learners and of late learners, 95 %) and stores it
 * with the verdict; commands that use a fitted verdict take the verdict's stored bound unless a flag
 * overrides part of it.
 */
public final class StopBoundOptions {
    @Option(names = "--max-loss", paramLabel = "SHARE",
            description = "Stopping may lose at most this share of the runs that would have learned, as a one-sided upper confidence bound "
                    + "on the verdict's out-of-fold stops (default: the bound stored with the verdict; at `verdict fit` "
                    + LossBound.DEFAULT_MAX_LOSS + ").")
    Double maxLoss;

    @Option(names = "--max-late-loss", paramLabel = "SHARE",
            description = "The same bound for late learners (memorised first, generalised later); default: --max-loss if given, else the stored "
                    + "bound; 1 switches it off.")
    Double maxLateLoss;

    @Option(names = "--confidence", paramLabel = "C",
            description = "Confidence of the upper bounds (Clopper–Pearson; default: the stored bound's, at `verdict fit` " + LossBound.DEFAULT_CONFIDENCE + ").")
    Double confidence;

    /** The bound: the flags given, the rest from {@code base}. Validates. */
    public LossBound bound(LossBound base) {
        double late = maxLateLoss != null ? maxLateLoss : maxLoss != null ? maxLoss : base.maxLateLoss();
        return new LossBound(maxLoss != null ? maxLoss : base.maxLearnerLoss(), late, confidence != null ? confidence : base.confidence());
    }

    /** The bound over the defaults (for {@code verdict fit} and {@code verdict eval}'s own fits). */
    public LossBound bound() { return bound(LossBound.defaults()); }

    /** The bound over the one stored with a fitted verdict (defaults when it has none). */
    public LossBound bound(io.learncast.forecast.verdict.FittedVerdict v) {
        var stored = v.report().stopping();
        return bound(stored == null ? LossBound.defaults() : stored.bound());
    }
}
