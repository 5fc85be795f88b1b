package io.learncast.bench;

import io.learncast.app.cli.CliExtension;
import io.learncast.bench.corpus.CorpusBenchCommand;
import io.learncast.bench.dashboard.DashboardBenchCommand;
import io.learncast.bench.farm.BenchCommand;
import io.learncast.bench.forecast.EvalBenchCommand;
import io.learncast.bench.forecast.ForecastBenchCommand;
import io.learncast.bench.grow.GrowBenchCommand;
import picocli.CommandLine;

/**
 * Puts the benchmarks where the README documents them: {@code learncast bench} (faults, share) and the
 * {@code bench} subcommands of {@code corpus}, {@code forecast}, {@code eval}, {@code grow} and {@code dashboard}. Registered as a
 * {@link CliExtension} service, so the application finds it when this module's jar is on the class path
 * (the {@code learncast} launcher puts it there).
 */
public final class BenchCommands implements CliExtension {
    @Override
    public void extend(CommandLine root) {
        root.addSubcommand(new BenchCommand());
        sub(root, "corpus").addSubcommand(new CorpusBenchCommand());
        sub(root, "forecast").addSubcommand(new ForecastBenchCommand());
        sub(root, "eval").addSubcommand(new EvalBenchCommand());
        sub(root, "grow").addSubcommand(new GrowBenchCommand());
        sub(root, "dashboard").addSubcommand(new DashboardBenchCommand());
    }

    private static CommandLine sub(CommandLine root, String name) {
        CommandLine c = root.getSubcommands().get(name);
        if (c == null) throw new IllegalStateException("learncast has no '" + name + "' command to add a benchmark to");
        return c;
    }
}
