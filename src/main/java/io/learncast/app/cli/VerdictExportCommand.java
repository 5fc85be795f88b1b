package io.learncast.app.cli;

import io.learncast.farm.store.Store;
import io.learncast.forecast.verdict.VerdictRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code learncast verdict export}: the active (or a given) verdict model as a file, for `verdict import` into another store. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a verdict model (the active one, or --model ID) to a file: its trees, its report (provenance, scores, tasks, stopping "
                + "threshold and bound) and its out-of-fold stopping trials. `learncast verdict import FILE --db OTHER` makes it another store's verdict."})
final class VerdictExportCommand extends StoreBackedCommand {
    @Option(names = "--model", paramLabel = "ID", description = "The verdict model to export (default: the active one).")
    Long model;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The file to write (written whole or not at all).")
    Path outFile;

    @Override
    protected int run(Store s, PrintWriter out) {
        VerdictRegistry.Loaded l = model == null ? VerdictRegistry.require(s, "verdict export") : VerdictRegistry.get(s, model, "--model");
        byte[] bytes = s.models().artifact(l.record().id());
        Path target = OutputFile.write(outFile, bytes, "--out");
        out.println("wrote verdict model #" + l.record().id() + " of " + s.location() + " (" + l.verdict().report().corpusRuns() + " runs, "
                + bytes.length + " bytes) to " + target);
        out.flush();
        return Cli.OK;
    }
}
