package io.learncast.bench.farm;

import io.learncast.common.OutputFile;
import io.learncast.common.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code learncast bench}: benchmarks that check the farm's promises. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of the farm's promises (see docs/RELIABILITY.md).",
        subcommands = {BenchCommand.Faults.class, BenchCommand.Share.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code learncast bench faults}: the fault-injection suite. */
    @Command(name = "faults", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Inject faults into real worker processes on a real store and check that nothing is lost or duplicated:",
                    "kill -9 of workers, of an embedded store's owner and of a shared folder's holder, stalled workers, a database outage, NaN/Inf,",
                    "malformed and hostile input, slow HTTP clients, and a disk that fills under the store (a tmpfs: needs root, else skipped with a note).",
                    "Runs on H2 and, with --pg-url, on PostgreSQL. Exit 0 when every scenario held. bench/faults starts PostgreSQL for you."})
    static final class Faults implements Callable<Integer> {
        @Option(names = "--quick", description = "Reduced sizes (3 kills, 200 runs, 5 s outage), as CI runs them.")
        boolean quick;

        @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
                description = "Only these (default all): worker-kills, stall, owner-kills, shared-kills, many-workers, divergence, outage, fuzz, slow-clients, disk-full.")
        List<String> scenarios;

        @Option(names = "--pg-url", paramLabel = "JDBC_URL", description = "A PostgreSQL server's admin URL: every scenario runs on a fresh database there too.")
        String pgUrl;

        @Option(names = "--pg-script", paramLabel = "PATH", description = "Stops and starts that server (`PATH stop|start`) for the outage scenario, e.g. .ci/postgres.")
        String pgScript;

        @Option(names = "--no-h2", description = "Skip the H2 runs (PostgreSQL only).")
        boolean noH2;

        @Option(names = "--work", paramLabel = "DIR", description = "Where stores and logs go (default: a new temporary folder).")
        Path workDir;

        @Option(names = "--out", paramLabel = "FILE", description = "Also write the results table (Markdown) here (replaced whole; links are followed).")
        Path out;

        @Option(names = "--seed", defaultValue = "8", description = "Seed for kill moments and fuzz cases (default ${DEFAULT-VALUE}).")
        long seed;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter w = spec.commandLine().getOut();
            List<String> todo = scenarios == null ? FaultBench.SCENARIOS : scenarios;
            for (String s : todo) {
                if (!FaultBench.SCENARIOS.contains(s)) {
                    throw new UserError("--scenarios", "unknown scenario '" + s + "'", "allowed: " + String.join(", ", FaultBench.SCENARIOS));
                }
            }
            if (noH2 && pgUrl == null) throw new UserError("--no-h2", "nothing to run", "give --pg-url, or drop --no-h2");
            if (pgUrl != null && !pgUrl.startsWith("jdbc:postgresql:")) throw new UserError("--pg-url", "not a PostgreSQL JDBC URL", "e.g. jdbc:postgresql://127.0.0.1:55432/postgres?user=learncast");
            if (pgUrl != null) io.learncast.farm.store.JdbcUrl.parse(pgUrl, "--pg-url"); // the same allow-list as --db
            OutputFile output = out == null ? null : OutputFile.of(out, "--out");
            if (output != null) output.check();
            if (pgScript != null && !Files.isExecutable(Path.of(pgScript))) throw new UserError("--pg-script", pgScript + " is not an executable file", "e.g. .ci/postgres");
            Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("learncast-faults-");
            FaultBench.Sizes sizes = quick ? FaultBench.Sizes.quick() : FaultBench.Sizes.full();
            w.println("learncast bench faults — " + (quick ? "quick" : "full") + " sizes " + sizes + ", seed " + seed + ", work folder " + work);
            w.flush();
            FaultBench bench = new FaultBench(work, sizes, seed, line -> {
                w.println(line);
                w.flush();
            });
            List<String> stores = new ArrayList<>();
            if (!noH2) stores.add("h2");
            if (pgUrl != null) stores.add(pgUrl);
            List<FaultBench.Result> results = new ArrayList<>();
            try {
                for (String s : todo) {
                    for (String store : stores) {
                        try {
                            results.add(bench.run(s, store, pgScript));
                        } catch (Exception e) {
                            results.add(new FaultBench.Result(s, store.equals("h2") ? "H2" : "PostgreSQL", null,
                                    List.of("the scenario broke off: " + e), 0));
                            w.println("   broke off: " + e);
                        }
                    }
                }
            } finally {
                bench.saveLogs();
            }
            StringWriter table = new StringWriter();
            PrintWriter t = new PrintWriter(table);
            t.println("learncast bench faults (" + (quick ? "quick" : "full") + "), " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
            t.println();
            FaultBench.markdown(results, t);
            w.println();
            w.print(table);
            w.println("logs: " + work);
            w.flush();
            if (output != null && !output.standardOutput()) output.writeString(table.toString());
            return results.stream().allMatch(FaultBench.Result::ok) ? 0 : 1;
        }
    }

    /** {@code learncast bench share}: what sharing the default embedded store costs the farm. */
    @Command(name = "share", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Measure what sharing the default embedded store with other local processes costs the farm's hot path:",
                    "the same sweep of short runs on a fresh store per mode (exclusive, holder, holder+reader, client), the modes alternating;",
                    "runs/min, the store's share of worker time, claim latency and a reader's query latency, side by side."})
    static final class Share implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "320", description = "Runs per mode and repetition (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--steps", defaultValue = "500", description = "Steps per run: the shorter, the larger the store's share (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--reps", defaultValue = "2", description = "Repetitions of every mode (default ${DEFAULT-VALUE}).")
        int reps;

        @Option(names = "--workers", defaultValue = "2", description = "Worker threads of the farm (default ${DEFAULT-VALUE}).")
        int workers;

        @Option(names = "--modes", split = ",", paramLabel = "MODE", description = "Only these: exclusive, holder, holder+reader, client (default all).")
        List<String> modes;

        @Option(names = "--work", paramLabel = "DIR", description = "Where the stores go (default: a new temporary folder).")
        Path workDir;

        @Option(names = "--out", paramLabel = "FILE", description = "Also write the table (Markdown) here.")
        Path out;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter w = spec.commandLine().getOut();
            List<String> todo = modes == null ? ShareBench.MODES : modes;
            for (String m : todo) {
                if (!ShareBench.MODES.contains(m)) throw new UserError("--modes", "unknown mode '" + m + "'", "allowed: " + String.join(", ", ShareBench.MODES));
            }
            if (runs < 8 || runs > 100_000) throw new UserError("--runs", "runs " + runs + " is out of range", "8–100000");
            if (steps < 5 || steps > 100_000) throw new UserError("--steps", "steps " + steps + " is out of range", "5–100000");
            if (reps < 1 || reps > 50) throw new UserError("--reps", "repetitions " + reps + " is out of range", "1–50");
            if (workers < 1 || workers > 64) throw new UserError("--workers", "workers " + workers + " is out of range", "1–64");
            Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("learncast-share-");
            w.println("learncast bench share — " + runs + " runs of " + steps + " steps per mode, " + reps + " repetitions, " + workers
                    + " worker threads, " + Runtime.getRuntime().availableProcessors() + " cores, work folder " + work);
            w.flush();
            List<ShareBench.Row> rows = new ShareBench(work, runs, steps, workers, line -> {
                w.println(line);
                w.flush();
            }).run(reps, todo);
            StringWriter table = new StringWriter();
            PrintWriter t = new PrintWriter(table);
            t.println("learncast bench share, " + Instant.now() + ": " + runs + " runs × " + steps + " steps, " + reps + " reps, " + workers + " workers");
            t.println();
            ShareBench.table(rows, t);
            w.println();
            w.print(table);
            w.flush();
            if (out != null) Files.writeString(out, table.toString());
            return 0;
        }
    }

    static String list(String... s) { return String.join(", ", Arrays.asList(s)); }
}
