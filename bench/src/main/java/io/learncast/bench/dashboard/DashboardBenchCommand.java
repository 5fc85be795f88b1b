package io.learncast.bench.dashboard;

import io.learncast.app.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code learncast dashboard bench}: page speed over a store of synthetic runs. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fill a scratch store with synthetic runs (or use --db) and time each page's first view and the phase-diagram query.",
                "Targets: each page < 300 ms, the phase query < 200 ms, with 100,000 runs."})
public final class DashboardBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--runs", defaultValue = "100000", description = "Synthetic runs in the scratch store (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--reps", defaultValue = "20", description = "Timed repetitions per page (default ${DEFAULT-VALUE}); the median is reported.")
    int reps;

    @Option(names = "--dir", paramLabel = "FOLDER", description = "Keep the scratch store here (reused when it already has the runs); default a temporary folder.")
    java.nio.file.Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 100 || runs > 2_000_000) throw new io.learncast.common.UserError("--runs", "runs " + runs + " is out of range", "100–2000000");
        if (reps < 1 || reps > 1000) throw new io.learncast.common.UserError("--reps", "reps " + reps + " is out of range", "1–1000");
        DashboardBench.run(runs, reps, dir, out);
        return Cli.OK;
    }
}
