package io.learncast.app.bench;

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
        subcommands = {BenchCommand.Faults.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code learncast bench faults}: the fault-injection suite. */
    @Command(name = "faults", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Inject faults into real worker processes on a real store and check that nothing is lost or duplicated:",
                    "kill -9 of workers and of an embedded store's owner, stalled workers, a database outage, NaN/Inf, malformed and hostile input,",
                    "slow HTTP clients, and a disk that fills under the store (a tmpfs: needs root, else skipped with a note).",
                    "Runs on H2 and, with --pg-url, on PostgreSQL. Exit 0 when every scenario held. bench/faults starts PostgreSQL for you."})
    static final class Faults implements Callable<Integer> {
        @Option(names = "--quick", description = "Reduced sizes (3 kills, 200 runs, 5 s outage), as CI runs them.")
        boolean quick;

        @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
                description = "Only these (default all): worker-kills, stall, owner-kills, many-workers, divergence, outage, fuzz, slow-clients, disk-full.")
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
                            results.add(new FaultBench.Result(s, store.equals("h2") ? "H2" : "PostgreSQL", new java.util.LinkedHashMap<>(),
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

    static String list(String... s) { return String.join(", ", Arrays.asList(s)); }
}
