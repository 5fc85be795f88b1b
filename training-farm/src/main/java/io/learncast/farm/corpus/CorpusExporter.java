package io.learncast.farm.corpus;

import io.learncast.farm.store.RunCatalog;
import io.learncast.farm.store.RunFilter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * Streams the corpus — every finished run, optionally from one source — to a JSON-lines or CSV
 * stream, in run-id order, a page of rows at a time (never the whole corpus in memory). Rows come
 * from typed columns ({@link RunCatalog#streamCorpus}), not from the per-run config JSON.
 */
public final class CorpusExporter {

    /**
     * @param format     JSON lines or CSV
     * @param withCurves add each run's curve
     * @param source     only runs from this source (as stored: {@code farm} for the store's own runs), or null for all
     */
    public record Options(CorpusFormat format, boolean withCurves, String source) {}

    /** How many runs were written, and whether Ctrl-C stopped the export before the end. */
    public record Report(long runs, boolean stopped) {}

    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() { super(null, null, false, false); }
    }

    private final RunCatalog catalog;

    public CorpusExporter(RunCatalog catalog) {
        this.catalog = catalog;
    }

    /** The filter an export reads: finished runs, from one source if asked. */
    public static RunFilter filter(String source) {
        return RunFilter.done().withSource(source);
    }

    /** Writes the corpus as UTF-8 to {@code out} (flushed, not closed); {@code stop} is polled every thousand runs. */
    public Report export(Options o, OutputStream out, BooleanSupplier stop) throws IOException {
        OutputStream shield = new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

            @Override
            public void close() throws IOException { out.flush(); }
        };
        return export(o, RowWriter.of(o.format(), shield, o.withCurves()), stop);
    }

    /** Writes the corpus to {@code out} (flushed, not closed). */
    public Report export(Options o, Writer out, BooleanSupplier stop) throws IOException {
        Writer shield = new java.io.FilterWriter(out) {
            @Override
            public void close() throws IOException { out.flush(); }
        };
        return export(o, RowWriter.of(o.format(), shield, o.withCurves()), stop);
    }

    private Report export(Options o, RowWriter writer, BooleanSupplier stop) throws IOException {
        long[] n = {0};
        boolean stopped = false;
        try (RowWriter w = writer) {
            catalog.streamCorpus(filter(o.source()), o.withCurves(), row -> {
                try {
                    w.write(row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (++n[0] % 1000 == 0 && stop.getAsBoolean()) throw new Stopped();
            });
        } catch (Stopped s) {
            stopped = true;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Report(n[0], stopped);
    }
}
