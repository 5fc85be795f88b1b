package io.learncast.app;

import io.learncast.app.cli.Cli;

/** Entry point of the {@code learncast} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = Cli.run(args, System.out, System.err);
        System.out.flush();
        // during Ctrl-C the JVM is already exiting, and System.exit would block forever
        if (!io.learncast.app.cli.Interrupts.stopping()) System.exit(code);
    }
}
