package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.forecast.verdict.FittedVerdict;
import io.learncast.forecast.verdict.VerdictRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code learncast verdict import FILE}: register a verdict fitted elsewhere (a file of `verdict export`) as this store's active verdict. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Register a verdict model fitted on another store (a file written by `learncast verdict export`) as this store's active verdict, "
                + "its provenance saying where it came from. The file is checked first (readable, a format and features this learncast knows); "
                + "a bad file registers nothing."})
final class VerdictImportCommand extends StoreBackedCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "A verdict model file (from `learncast verdict export`).")
    Path file;

    private byte[] bytes; // set by check()

    @Override
    protected void check() {
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError("FILE", "no file " + file, "give a file written by `learncast verdict export --out FILE`");
        } catch (IOException e) {
            throw new UserError("FILE", "cannot read " + file + " (" + e.getMessage() + ")", "give a readable file");
        }
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        long id;
        try {
            id = VerdictRegistry.importArtifact(s, bytes, "file " + file.toAbsolutePath());
        } catch (UserError e) {
            throw new UserError(file.toString(), "not a verdict model this learncast can use: " + e.what(),
                    e.hint() != null && e.hint().startsWith("refit") ? "export it again from a store fitted by this learncast" : e.hint());
        }
        FittedVerdict v = VerdictRegistry.get(s, id, "FILE").verdict();
        out.println("verdict model #" + id + " of " + s.location() + " is now active: imported from " + file.toAbsolutePath() + " (fitted on "
                + v.report().corpusRuns() + " runs, " + v.report().learners() + " learned, " + v.report().lateLearners() + " late learners)");
        StoppingPrinter.print(out, v.report().stopping());
        out.flush();
        return Cli.OK;
    }
}
