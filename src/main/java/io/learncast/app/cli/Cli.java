package io.learncast.app.cli;

import io.learncast.common.CodeVersion;
import io.learncast.common.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The command tree and its error policy: user errors print one clear line and exit 2; parse errors
 * print the message and how to get help, exit 2; a full disk under the store is one line and exit 3;
 * anything else is a bug: one line, the stack trace in a crash file, exit 1.
 */
@Command(name = "learncast", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Forecasts whether a neural network will learn a property, before it is trained.",
        subcommands = {
                TasksCommand.class,
                TrainCommand.class,
                RunsCommand.class,
                QuickstartCommand.class,
                EvalCommand.class,
                ReportCommand.class,
                FarmCommand.class,
                StoreCommand.class,
                CorpusCommand.class,
                ForecastCommand.class,
                VerdictCommand.class,
                JudgeCommand.class,
                GrowCommand.class,
                ServeCommand.class,
                DashboardCommand.class
        })
public final class Cli implements Runnable {

    public static final int OK = 0;
    public static final int USER_ERROR = 2;
    public static final int INTERNAL_ERROR = 1;
    /** The store can take no more writes (its disk is full): what was committed is kept. */
    public static final int STORE_FULL = 3;
    public static final int INTERRUPTED = 130;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(out, err);
        return cl.execute(args);
    }

    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Cli());
        ConfigOptions.installAll(cl);
        // before the settings below, which apply to the subcommands present when they are set
        for (CliExtension e : ServiceLoader.load(CliExtension.class)) e.extend(cl);
        cl.addSubcommand(new CommandLine.HelpCommand()); // last, after the extensions' commands, as before
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            String suggestion = ex instanceof CommandLine.UnmatchedArgumentException u ? Suggestions.explain(u) : Suggestions.repeated(ex);
            if (suggestion != null) {
                w.println(suggestion);
                return USER_ERROR;
            }
            w.println("error: " + ex.getMessage());
            w.println("run `" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help` for the options");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> handle(ex, line.getErr()));
        return cl;
    }

    static int handle(Exception ex, PrintWriter err) {
        UserError user = findUserError(ex);
        if (user != null) {
            err.println("error: " + io.learncast.farm.config.knob.KnobCatalogue.toFlag(user).getMessage());
            return USER_ERROR;
        }
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof io.learncast.farm.store.StoreFullException full) {
                err.println("error: " + full.getMessage() + " (free space where the store lives, then run the command again: finished runs are kept)");
                return STORE_FULL;
            }
        }
        err.println("internal error: " + ex); // Throwable.toString already carries the message
        try {
            Path crash = Files.createTempFile("learncast-crash-", ".log");
            StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            Files.writeString(crash, "learncast " + CodeVersion.get() + "\n" + sw);
            err.println("the details are in " + crash + "; please include them when reporting this");
        } catch (IOException io) {
            ex.printStackTrace(err);
        }
        return INTERNAL_ERROR;
    }

    private static UserError findUserError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof UserError u) return u;
        return null;
    }

    /** Prints the code version. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() { return new String[] {"learncast " + CodeVersion.get()}; }
    }
}
