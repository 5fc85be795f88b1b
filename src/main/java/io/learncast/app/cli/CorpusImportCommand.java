package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.UserError;
import io.learncast.farm.corpus.CorpusFields;
import io.learncast.farm.corpus.CorpusFormat;
import io.learncast.farm.corpus.CorpusImporter;
import io.learncast.farm.corpus.ImportReport;
import io.learncast.farm.corpus.RecordError;
import io.learncast.farm.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code learncast corpus import FILE}: validate every record, then store the runs in batches. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Import finished runs trained elsewhere, from JSON lines or CSV.",
        description = {"Import finished runs trained elsewhere: one run per record of a JSON-lines or CSV file (optionally .gz).",
                "Every record is validated first: if any is bad, each bad line and field is reported, nothing is imported and "
                        + "the exit code is 2; with --skip-bad the bad lines are listed and the good records imported. "
                        + "Imported runs are finished (workers never train them), "
                        + "carry their source, and importing the same file again adds nothing.", ""},
        footerHeading = "%nRecords%n", footer = CorpusFields.FORMAT_HELP)
final class CorpusImportCommand implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .jsonl/.ndjson/.json or .csv file (also .gz); other names are recognised by their content.")
    Path file;

    @Option(names = "--source", paramLabel = "NAME", description = "Where the runs come from (e.g. pytorch-sweep-3); default: each record's source field, else the file name.")
    String source;

    @Option(names = "--format", paramLabel = "jsonl|csv", description = "The file's format, when its name does not say.")
    String format;

    @Option(names = "--skip-bad", description = "Import the good records even if some are bad (the bad lines are listed).")
    boolean skipBad;

    @Mixin JsonOption json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CorpusImporter.Options o = new CorpusImporter.Options(file, format == null ? null : CorpusFormat.parse(format, "--format"), source, skipBad,
                CorpusImporter.DEFAULT_BATCH);
        ImportReport r;
        try (Interrupts.Work work = Interrupts.begin(); Store s = store.open(); Progress bar = Progress.start("import", 0, "runs", json.on())) {
            r = new CorpusImporter(s.queue()).run(o, new CorpusImporter.Listener() {
                @Override
                public void validated(long good) { bar.maxHint(good); }

                @Override
                public void stored(long done) { bar.stepTo(done); }
            }, Interrupts::stopping);
        }
        if (r.stopped() && !r.written()) {
            out.println("interrupted while checking " + file + ": nothing was imported");
            out.flush();
            return;
        }
        if (r.badCount() > 0) listBad(err, r);
        if (!r.written() && r.badCount() > 0) {
            throw new UserError(file.toString(), r.badCount() + " of " + r.records() + " records are bad; nothing was imported",
                    "fix them, or import the good ones with --skip-bad");
        }
        if (json.on()) {
            Console.json(out, new Imported(r.file(), r.format().key(), r.sources(), r.records(), r.added(), r.alreadyPresent(), r.badCount(),
                    r.bad().stream().map(RecordError::line).toList(), r.stopped()));
        } else {
            out.println((r.stopped() ? "interrupted: " : "") + "imported " + file + " (" + r.format().key() + "): "
                    + r.added() + " added, " + r.alreadyPresent() + " already present, " + r.badCount() + " bad"
                    + (r.badCount() > 0 ? " (skipped)" : ""));
            if (!r.sources().isEmpty()) {
                out.println("added by source: " + String.join(", ", r.sources().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
            }
            if (r.stopped()) out.println("import it again to add the rest: runs already stored are skipped");
        }
        out.flush();
    }

    private static void listBad(PrintWriter err, ImportReport r) {
        err.println(r.file() + ": " + r.badCount() + " bad record" + (r.badCount() == 1 ? "" : "s") + ":");
        for (RecordError e : r.bad()) err.println("  " + e.getMessage());
        if (r.badCount() > r.bad().size()) err.println("  … and " + (r.badCount() - r.bad().size()) + " more");
        err.flush();
    }

    /** What {@code corpus import --json} prints; {@code sources} is a real map, source → records. */
    @JsonPropertyOrder(alphabetic = true) // the order it had as a sorted map
    record Imported(@JsonProperty("file") String file, @JsonProperty("format") String format, @JsonProperty("sources") Map<String, Long> sources,
                    @JsonProperty("records") long records, @JsonProperty("added") long added, @JsonProperty("already_present") long alreadyPresent,
                    @JsonProperty("bad") long bad, @JsonProperty("bad_lines") List<Long> badLines, @JsonProperty("stopped") boolean stopped) {}
}
