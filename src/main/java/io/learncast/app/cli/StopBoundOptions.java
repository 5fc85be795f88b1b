package io.learncast.app.cli;

import io.learncast.forecast.verdict.LossBound;
import picocli.CommandLine.Option;

/** {@code --max-loss}, {@code --max-late-loss}, {@code --confidence}: the bound a stopping threshold must keep. */
public final class StopBoundOptions {
    @Option(names = "--max-loss", paramLabel = "SHARE", defaultValue = "" + LossBound.DEFAULT_MAX_LOSS,
            description = "Stopping may lose at most this share of the runs that would have learned, as a one-sided upper confidence bound "
                    + "on the verdict's out-of-fold stops (default ${DEFAULT-VALUE}).")
    double maxLoss;

    @Option(names = "--max-late-loss", paramLabel = "SHARE",
            description = "The same bound for late learners (memorised first, generalised later); default: --max-loss; 1 switches it off.")
    Double maxLateLoss;

    @Option(names = "--confidence", paramLabel = "C", defaultValue = "" + LossBound.DEFAULT_CONFIDENCE,
            description = "Confidence of the upper bounds (Clopper–Pearson; default ${DEFAULT-VALUE}).")
    double confidence;

    public LossBound bound() { return new LossBound(maxLoss, maxLateLoss == null ? maxLoss : maxLateLoss, confidence); }
}
