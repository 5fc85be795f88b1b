package io.learncast.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code learncast farm}: sweeps from grid specs, trained by workers sharing one store. */
@Command(name = "farm", mixinStandardHelpOptions = true,
        description = "Enqueue grid specs and train them with workers (threads, processes, machines) sharing one store.",
        subcommands = {FarmEnqueueCommand.class, FarmRunCommand.class, FarmStatusCommand.class, FarmResumeCommand.class, FarmRetryCommand.class})
final class FarmCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
