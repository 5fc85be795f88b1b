package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.corpus.CorpusExporter;
import io.learncast.farm.corpus.CorpusFormat;
import io.learncast.farm.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.store.Corpus;

import java.io.BufferedOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/** {@code learncast corpus export}: stream every finished run as JSON lines or CSV. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Export the corpus (every finished run) as JSON lines or CSV.",
        description = {"Export the corpus — every finished run, farm-trained and imported — as JSON lines or CSV, in the format "
                + "`corpus import` reads: export → import into an empty store → export gives the same bytes. Runs trained by "
                + "this store's farm are exported with source 'learncast'. Streams: memory stays flat for millions of runs."})
final class CorpusExportCommand implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--format", paramLabel = "jsonl|csv", description = "Output format (default: from --out's extension, else jsonl).")
    String format;

    @Option(names = "--with-curves", description = "Add each run's learning curve ([[step, train_acc, test_acc, ...], ...]; JSON text in CSV).")
    boolean withCurves;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (written whole or not at all; .gz compresses) instead of to standard output.")
    Path outFile;

    @Option(names = "--source", paramLabel = "NAME", description = "Only runs from this source (farm for the store's own runs, or an import's source).")
    String source;

    @Option(names = "--table", paramLabel = "runs", defaultValue = "runs",
            description = "What to export: runs, one record per run (the default), or features, the forecaster's meta-dataset "
                    + "(CSV, one row per run and budget, with derived features and the label).")
    String table;

    @Override
    public void run() {
        if (table.trim().equalsIgnoreCase("features")) {
            exportFeatures();
            return;
        }
        if (!table.trim().equalsIgnoreCase("runs")) throw new UserError("--table", "unknown table '" + table + "'", "allowed: runs, features");
        CorpusFormat fmt = format != null ? CorpusFormat.parse(format, "--format")
                : outFile != null && CorpusFormat.byName(outFile) != null ? CorpusFormat.byName(outFile) : CorpusFormat.JSONL;
        CorpusExporter.Options o = new CorpusExporter.Options(fmt, withCurves, source);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        CorpusExporter.Report r;
        try (Interrupts.Work work = Interrupts.begin(); Store s = store.open()) {
            CorpusExporter exporter = new CorpusExporter(s.catalog());
            r = outFile == null ? exporter.export(o, out, Interrupts::stopping)
                    : writeWhole(os -> exporter.export(o, os, Interrupts::stopping), done -> !done.stopped());
        } catch (IOException e) {
            throw new UserError("--out", "cannot write the export to standard output (" + e.getMessage() + ")", "write to a file with --out FILE");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        PrintWriter report = outFile == null ? err : out;
        if (r.stopped()) {
            report.println("interrupted after " + r.runs() + " runs" + (outFile == null ? "" : "; " + outFile + " was not written"));
        } else {
            report.println(String.format(Locale.ROOT, "exported %d runs (%s%s)%s in %.1f s", r.runs(), fmt.key(), withCurves ? ", with curves" : "",
                    outFile == null ? "" : " to " + outFile, secs));
        }
        report.flush();
    }

    /** The feature table: CSV only (it is a flat table of numbers), written whole or not at all. */
    private void exportFeatures() {
        if (format != null && !format.trim().equalsIgnoreCase("csv")) {
            throw new UserError("--format", "the feature table is exported as CSV only", "drop --format or use --format csv");
        }
        if (withCurves) throw new UserError("--with-curves", "the feature table has no curves", "export the runs with --table runs --with-curves");
        if (source != null) throw new UserError("--source", "the feature table covers every source", "filter on its 'source' column, or export runs with --source");
        PrintWriter out = spec.commandLine().getOut();
        int rows;
        try (Store s = store.open()) {
            if (outFile == null) {
                rows = exportFeatures(s, out);
                out.flush();
            } else {
                rows = writeWhole(os -> {
                    Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                    int n = exportFeatures(s, w);
                    w.flush();
                    return n;
                }, n -> true);
            }
        }
        PrintWriter report = outFile == null ? spec.commandLine().getErr() : out;
        report.println("exported " + rows + " feature rows (csv)" + (outFile == null ? "" : " to " + outFile));
        report.flush();
    }

    private static int exportFeatures(Store s, Writer w) {
        try {
            return Corpus.exportFeatures(s, w, FeatureTable.Options.defaults());
        } catch (IOException e) {
            throw new UserError("--out", "cannot write the feature table (" + e.getMessage() + ")", "choose a writable file");
        }
    }

    /** Writes to an output stream and returns what the writing reports. */
    private interface StreamBody<T> {
        T write(OutputStream os) throws IOException;
    }

    /**
     * Writes --out whole or not at all: into a temporary file beside it, moved into place only when
     * {@code complete} accepts the result (an interrupted export leaves the old file, or none).
     */
    private <T> T writeWhole(StreamBody<T> body, Predicate<T> complete) {
        Path tmp = temporaryBeside(outFile);
        try {
            T result;
            try (OutputStream os = open(tmp, outFile)) {
                result = body.write(os);
            }
            if (complete.test(result)) {
                moveInto(tmp, outFile);
                tmp = null;
            }
            return result;
        } catch (IOException e) {
            throw new UserError("--out", "cannot write " + outFile + " (" + e.getMessage() + ")", "choose a writable file");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temporary file is all that is left
                }
            }
        }
    }

    private static Path temporaryBeside(Path target) {
        Path abs = target.toAbsolutePath();
        Path folder = abs.getParent();
        try {
            if (Files.isDirectory(abs)) throw new IOException(target + " is a folder");
            Files.createDirectories(folder);
            return Files.createTempFile(folder, "." + abs.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new UserError("--out", "cannot write " + target + " (" + e.getMessage() + ")", "choose a writable file");
        }
    }

    private static OutputStream open(Path tmp, Path target) throws IOException {
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        return CorpusFormat.gzipped(target) ? new GZIPOutputStream(os, 1 << 16) : os;
    }

    private static void moveInto(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
