package io.learncast.farm.corpus;

import io.learncast.common.UserError;
import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.RunQueue.ImportedRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Imports a corpus file in two passes over the file, so memory stays flat however large it is:
 * the first validates every record (nothing is written if any is bad, unless bad ones are to be
 * skipped); the second converts the good records again and stores them in batches, each batch one
 * transaction. Runs whose config is already in the store (or earlier in the file) are counted as
 * already present, so importing the same file twice adds nothing, and an interrupted import is
 * finished by running it again.
 */
public final class CorpusImporter {
    /** Bad records listed in a report; the rest are only counted. */
    public static final int MAX_LISTED = 100;
    public static final int DEFAULT_BATCH = 1_000;
    /** A batch is also stored once its records reach this many characters: memory stays bounded with large records. */
    static final long MAX_BATCH_CHARS = 64L << 20;
    /** Sources counted in a report. */
    public static final int MAX_SOURCES = 20;

    /**
     * @param file     the JSON-lines or CSV file
     * @param format   its format, or null to detect it (extension, then content)
     * @param source   {@code --source}, or null: each record's source field, else the file name
     * @param skipBad  import the good records even if some are bad
     * @param batch    runs per transaction
     */
    public record Options(Path file, CorpusFormat format, String source, boolean skipBad, int batch) {
        public Options {
            if (batch < 1) throw new IllegalArgumentException("batch " + batch);
        }

        public static Options of(Path file) { return new Options(file, null, null, false, DEFAULT_BATCH); }

        public Options withSource(String s) { return new Options(file, format, s, skipBad, batch); }

        public Options skippingBad(boolean skip) { return new Options(file, format, source, skip, batch); }
    }

    /** Hears how an import goes: once after validation, then after every stored batch. */
    public interface Listener {
        /** Validation is over: {@code good} records will be stored. */
        default void validated(long good) { }

        /** {@code done} good records have been stored (or found present). */
        void stored(long done);
    }

    private final RunQueue queue;

    public CorpusImporter(RunQueue queue) {
        this.queue = queue;
    }

    /** Validates, then imports; {@code stop} is polled between batches. */
    public ImportReport run(Options o, Listener progress, BooleanSupplier stop) {
        String where = o.file().toString();
        if (o.source() != null) {
            String problem = RecordMapper.sourceProblem(o.source());
            if (problem != null) throw new UserError("--source", problem, "a short name for where the runs come from, e.g. pytorch-sweep-3");
        }
        String fileName = o.file().getFileName() == null ? o.file().toString() : o.file().getFileName().toString();
        if (o.source() == null && RecordMapper.sourceProblem(fileName) != null) {
            throw new UserError("--source", "the file name '" + fileName + "' cannot name the runs' source (" + RecordMapper.sourceProblem(fileName) + ")",
                    "give --source NAME");
        }
        CorpusFormat format = o.format() != null ? o.format() : CorpusFormat.detect(o.file(), where);

        // pass 1: validate everything, remember which records are bad
        BitSet badIndex = new BitSet();
        List<RecordError> listed = new ArrayList<>();
        long records = 0;
        long badCount = 0;
        RecordMapper check = new RecordMapper(o.source(), fileName);
        try (RecordReader in = RecordReader.open(o.file(), format, where)) {
            for (Record r; (r = in.next()) != null; records++) {
                if ((records & 1023) == 0 && stop.getAsBoolean()) {
                    return new ImportReport(where, format, Map.of(), records, 0, 0, badCount, List.copyOf(listed), false, true);
                }
                try {
                    check.map(r);
                } catch (RecordError e) {
                    badIndex.set(Math.toIntExact(records));
                    badCount++;
                    if (listed.size() < MAX_LISTED) listed.add(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (records == 0 || (badCount > 0 && !o.skipBad())) {
            return new ImportReport(where, format, Map.of(), records, 0, 0, badCount, List.copyOf(listed), false, false);
        }

        // pass 2: convert the good records again and store them in batches
        progress.validated(records - badCount);
        long added = 0;
        long present = 0;
        long seen = 0;
        boolean stopped = false;
        RecordMapper mapper = new RecordMapper(o.source(), fileName);
        List<ImportedRun> batch = new ArrayList<>(o.batch());
        long batchChars = 0;
        Map<String, Long> sources = new LinkedHashMap<>();
        try (RecordReader in = RecordReader.open(o.file(), format, where)) {
            long index = 0;
            for (Record r; (r = in.next()) != null; index++) {
                if (badIndex.get(Math.toIntExact(index))) continue;
                try {
                    batch.add(mapper.map(r));
                } catch (RecordError e) {
                    throw new UserError(where, "the file changed while it was being imported (" + e.getMessage() + ")", "import it again when it no longer changes");
                }
                batchChars += in.lastChars();
                if (batch.size() == o.batch() || batchChars >= MAX_BATCH_CHARS) {
                    long[] counts = store(batch, sources);
                    added += counts[0];
                    present += counts[1];
                    seen += batch.size();
                    batch.clear();
                    batchChars = 0;
                    progress.stored(seen);
                    if (stop.getAsBoolean()) {
                        stopped = true;
                        break;
                    }
                }
            }
            if (!stopped && !batch.isEmpty()) {
                long[] counts = store(batch, sources);
                added += counts[0];
                present += counts[1];
                seen += batch.size();
                progress.stored(seen);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ImportReport(where, format, Collections.unmodifiableMap(sources), records, added, present, badCount, List.copyOf(listed), true, stopped);
    }

    private long[] store(List<ImportedRun> batch, Map<String, Long> sources) {
        long added = 0;
        List<Long> ids = queue.importRuns(batch);
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null) continue;
            added++;
            String s = batch.get(i).source();
            if (sources.containsKey(s) || sources.size() < MAX_SOURCES) sources.merge(s, 1L, Long::sum);
        }
        return new long[] {added, batch.size() - added};
    }
}
