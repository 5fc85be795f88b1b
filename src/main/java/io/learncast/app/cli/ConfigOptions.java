package io.learncast.app.cli;

import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.Metric;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.TaskFacts;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/** The flags that describe one run (shared by {@code train} and {@code forecast}). */
public final class ConfigOptions {
    @Option(names = "--task", required = true, paramLabel = "TASK", description = "Task and parameters, e.g. modadd:p=97 or sparse-parity:n=20,k=3 (see `learncast tasks`).")
    String task;

    @Option(names = "--depth", defaultValue = "1", description = "Hidden layers, 1–4 (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--width", defaultValue = "128", description = "Hidden units per layer (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--activation", defaultValue = "relu", description = "relu, tanh, gelu or quadratic (default ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--init-scale", defaultValue = "1", description = "Multiplier of the 1/√fan-in init standard deviation (default ${DEFAULT-VALUE}).")
    double initScale;

    @Option(names = "--optimizer", defaultValue = "adamw", description = "sgd, adam or adamw (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--wd", description = "Weight decay, applied to weights (decoupled for sgd and adamw, L2 for adam; default "
            + Optimizer.WD_DEFAULTS + ").")
    Double wd;

    @Option(names = "--batch", defaultValue = "512", paramLabel = "N|full", description = "Batch size, or full (default ${DEFAULT-VALUE}).")
    String batch;

    @Option(names = "--train-frac", description = "Training set as a fraction of the task's examples, in (0, 1] (default 0.5 for finite tasks).")
    Double trainFrac;

    @Option(names = "--n-train", description = "Training set size (default 1000 for sampled tasks such as sparse parity).")
    Integer nTrain;

    @Option(names = "--test-size", description = "Cap on the test set (default: all held-out examples, at most 10000).")
    Integer testSize;

    @Option(names = "--label-noise", defaultValue = "0", description = "Fraction of training labels replaced by a random other class (default ${DEFAULT-VALUE}).")
    double labelNoise;

    @Option(names = "--steps", defaultValue = "3000", description = "Step budget (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--eval-every", defaultValue = "100", description = "Evaluation interval in steps (default ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--metric", defaultValue = "test_acc", description = "Property metric: test_acc, train_acc or test_loss (default ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--threshold", defaultValue = "0.95", description = "Property threshold (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--hold", defaultValue = "1", description = "Later evaluations that must confirm the property (default ${DEFAULT-VALUE}).")
    int hold;

    @Option(names = "--seed", defaultValue = "0", description = "Replica number; the run's seed is derived from it, the master seed and the config (default ${DEFAULT-VALUE}).")
    int replica;

    @Option(names = "--master-seed", description = "Master seed (default " + Seeds.DEFAULT_MASTER + ").")
    Long masterSeed;

    /** The validated config these flags describe; every problem names its flag. */
    public RunConfig toConfig() {
        try {
            TaskSpec spec = TaskCatalog.validate(TaskSpec.parse(task, "--task"), "--task");
            int b = parseBatch(batch);
            Double frac = trainFrac;
            Integer n = nTrain;
            RunConfig probe = null;
            if (frac == null && n == null) {
                // finite tasks default to half their examples; sampled ones to 1000 examples
                probe = RunConfig.defaults(spec.canonical());
                frac = TaskFacts.of(probe).universe() <= 1L << 22 ? 0.5 : null;
                n = frac == null ? 1000 : null;
            }
            Optimizer opt = Optimizer.parse(optimizer, "--optimizer");
            RunConfig c = new RunConfig(spec.canonical(), Metric.parse(metric, "--metric"), threshold, hold, frac, n, testSize, labelNoise,
                    depth, width, Activation.parse(activation, "--activation"), initScale, opt,
                    lr, wd != null ? wd : opt.defaultWeightDecay(), b, steps, evalEvery, List.of(), 0, 0);
            return c.withReplica(masterSeed == null ? Seeds.DEFAULT_MASTER : masterSeed, replica);
        } catch (UserError e) {
            throw Flags.relocate(e);
        }
    }

    static int parseBatch(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("full")) return 0;
        try {
            int v = Integer.parseInt(t);
            if (v < 1) throw new UserError("--batch", "batch size " + v + " is less than 1", "a positive number of examples, or full");
            return v;
        } catch (NumberFormatException e) {
            throw new UserError("--batch", "'" + text + "' is not a batch size", "a positive number of examples, or full");
        }
    }
}
