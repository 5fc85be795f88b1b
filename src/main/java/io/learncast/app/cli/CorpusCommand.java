package io.learncast.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code learncast corpus}: runs trained elsewhere in, the whole corpus out. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        header = "Import runs trained elsewhere, or export the corpus (JSON lines or CSV).",
        description = "Import finished runs trained elsewhere (JSON lines or CSV), or export the corpus in the same format: "
                + "export → import into an empty store → export gives the same bytes.",
        subcommands = {CorpusImportCommand.class, CorpusExportCommand.class})
final class CorpusCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
