package io.learncast.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code learncast store}: the store itself (serving it to other processes and machines). */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Manage the store: serve it to workers in other processes or on other machines.",
        subcommands = {StoreServeCommand.class})
final class StoreCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
