package io.learncast.app.cli;

import picocli.CommandLine;

/**
 * Commands that live outside the application module and join its command tree when their jar is on the
 * class path (found with {@link java.util.ServiceLoader}): the benchmarks ({@code learncast bench},
 * {@code corpus bench}, {@code forecast bench}, {@code grow bench}) are in the {@code bench} module, so the
 * main code does not carry them and cannot depend on them.
 */
public interface CliExtension {
    /** Adds this extension's commands to the tree under {@code root} (the {@code learncast} command). */
    void extend(CommandLine root);
}
