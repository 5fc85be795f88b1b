package io.learncast.app.cli;

import io.learncast.farm.store.Store;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The base of a command that works on one store: {@code --db} (the {@link StoreOption} mixin), its flags checked in
 * {@link #check()} before the store opens (bad input writes nothing), then {@link #run} with the store open, closed after it
 * whatever happens. Exit codes are mapped in one place, {@link Cli#handle}: a {@code UserError} thrown anywhere is one line
 * and exit 2, a full disk exit 3, anything else exit 1 with a crash file. Commands that size the store's pool or must finish
 * a transaction on Ctrl-C ({@link Interrupts}) open it themselves.
 */
abstract class StoreBackedCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Override
    public final Integer call() throws Exception {
        check();
        try (Store s = store.open()) {
            return run(s, spec.commandLine().getOut());
        }
    }

    /** Checks the flags before the store opens; throws a {@code UserError} for bad ones. */
    protected void check() {}

    /** The command's work on the open store; returns the exit code. */
    protected abstract int run(Store s, PrintWriter out) throws Exception;
}
