package io.learncast.app.cli;

import io.learncast.common.OutputFile;
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
import java.nio.file.Path;
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

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (a file is written whole or not at all; .gz compresses; links are followed) "
            + "instead of to standard output (also -).")
    Path outFile;

    @Option(names = "--source", paramLabel = "NAME", description = "Only runs from this source (farm for the store's own runs, or an import's source).")
    String source;

    @Option(names = "--table", paramLabel = "runs", defaultValue = "runs",
            description = "What to export: runs, one record per run (the default), or features, the forecaster's meta-dataset "
                    + "(CSV, one row per run and budget, with derived features and the label).")
    String table;

    @Option(names = "--property", paramLabel = "P", description = "With --table features: label the rows for a property read off the stored curves "
            + "('train_acc>=0.99', grokking, memorisation, …) instead of the one runs were trained for; rows whose label is censored are left out.")
    String property;

    /** The --out target; null for standard output. */
    private OutputFile target;

    @Override
    public void run() {
        OutputFile t = outFile == null ? null : OutputFile.of(outFile, "--out");
        target = t == null || t.standardOutput() ? null : t;
        if (target != null) target.check();
        if (table.trim().equalsIgnoreCase("features")) {
            exportFeatures();
            return;
        }
        if (property != null) throw new UserError("--property", "--property labels the feature table", "add --table features");
        if (!table.trim().equalsIgnoreCase("runs")) throw new UserError("--table", "unknown table '" + table + "'", "allowed: runs, features");
        CorpusFormat fmt = format != null ? CorpusFormat.parse(format, "--format")
                : target != null && CorpusFormat.byName(outFile) != null ? CorpusFormat.byName(outFile) : CorpusFormat.JSONL;
        CorpusExporter.Options o = new CorpusExporter.Options(fmt, withCurves, source);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        CorpusExporter.Report r;
        try (Interrupts.Work work = Interrupts.begin(); Store s = store.open()) {
            CorpusExporter exporter = new CorpusExporter(s.catalog());
            r = target == null ? exporter.export(o, out, Interrupts::stopping)
                    : writeWhole(os -> exporter.export(o, os, Interrupts::stopping), done -> !done.stopped());
        } catch (IOException e) {
            throw new UserError("--out", "cannot write the export to standard output (" + e.getMessage() + ")", "write to a file with --out FILE");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        PrintWriter report = target == null ? err : out;
        if (r.stopped()) {
            report.println("interrupted after " + r.runs() + " runs" + (target == null ? "" : target.kind() == OutputFile.Kind.FILE
                    ? "; " + outFile + " was not written" : "; " + outFile + " got the runs exported so far"));
        } else {
            report.println(String.format(Locale.ROOT, "exported %d runs (%s%s)%s in %.1f s", r.runs(), fmt.key(), withCurves ? ", with curves" : "",
                    target == null ? "" : " to " + outFile, secs));
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
        io.learncast.data.property.CurveProperty prop = property == null ? null : io.learncast.data.property.CurveProperty.parse(property, "--property");
        int rows;
        try (Store s = store.open()) {
            io.learncast.forecast.property.PropertyLabels labels = prop == null ? null
                    : io.learncast.forecast.property.PropertyLabels.load(s, prop).require(1, "--property");
            if (labels != null) {
                rows = property(labels, out);
                PrintWriter report = target == null ? spec.commandLine().getErr() : out;
                report.println("exported " + rows + " feature rows (csv) labelled for " + prop.key() + (target == null ? "" : " to " + outFile)
                        + "; " + labels.census().censored() + " censored runs left out");
                report.flush();
                return;
            }
            if (target == null) {
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
        PrintWriter report = target == null ? spec.commandLine().getErr() : out;
        report.println("exported " + rows + " feature rows (csv)" + (target == null ? "" : " to " + outFile));
        report.flush();
    }

    private int property(io.learncast.forecast.property.PropertyLabels labels, PrintWriter out) {
        FeatureTable t = io.learncast.forecast.property.PropertyForecasters.table(labels, false);
        if (target == null) {
            write(t, out);
            out.flush();
            return t.size();
        }
        return writeWhole(os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            write(t, w);
            w.flush();
            return t.size();
        }, n -> true);
    }

    private static void write(FeatureTable t, Writer w) {
        try {
            t.writeCsv(w);
        } catch (IOException e) {
            throw new UserError("--out", "cannot write the feature table (" + e.getMessage() + ")", "choose a writable file");
        }
    }

    private static int exportFeatures(Store s, Writer w) {
        try {
            return Corpus.exportFeatures(s, w, FeatureTable.Options.defaults());
        } catch (IOException e) {
            throw new UserError("--out", "cannot write the feature table (" + e.getMessage() + ")", "choose a writable file");
        }
    }

    /**
     * Writes --out through {@link OutputFile}: a regular file whole or not at all (moved into place only when
     * {@code complete} accepts the result: an interrupted export leaves the old file, or none); a device or FIFO directly.
     */
    private <T> T writeWhole(OutputFile.Body<T> body, Predicate<T> complete) {
        boolean gz = CorpusFormat.gzipped(outFile);
        return target.write(os -> {
            OutputStream buffered = new BufferedOutputStream(os, 1 << 16);
            OutputStream out = gz ? new GZIPOutputStream(buffered, 1 << 16) : buffered;
            T result = body.write(out);
            out.close(); // finishes the gzip trailer and flushes; closing the target twice is harmless
            return result;
        }, complete);
    }
}
