package io.learncast.farm.corpus;

import io.learncast.common.UserError;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLimits;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Found by the hostile pass: a record whose unknown field was too large for the store passed validation and
 * failed on insert after 3,000 good records were committed; a 3 GB line (and a gzip bomb) exhausted memory.
 * Now every limit the store enforces is checked first, a record holds at most 8 Mi characters, and a .gz may
 * expand at most 100-fold: the file is refused whole, with the line, or (--skip-bad) imported without the bad ones.
 */
class CorpusImportLimitsTest {
    @TempDir Path dir;
    Store store;

    @BeforeEach
    void open() { store = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "--db")); }

    @AfterEach
    void close() { store.close(); }

    ImportReport importFile(Path file, boolean skipBad) {
        return new CorpusImporter(store.queue()).run(CorpusImporter.Options.of(file).skippingBad(skipBad), n -> { }, () -> false);
    }

    static String good(int replica) {
        return "{\"task\":\"modadd\",\"p\":23,\"train_frac\":0.5,\"steps\":1000,\"learned\":false,\"replica\":" + replica + "}";
    }

    long runs() { return store.catalog().count(RunFilter.all()); }

    /** 3,000 good records, then one whose unknown field is larger than the store's text column. */
    Path fileWithAnOversizedField(String name) throws Exception {
        Path f = dir.resolve(name);
        try (BufferedWriter w = Files.newBufferedWriter(f)) {
            for (int i = 0; i < 3000; i++) w.write(good(i) + "\n");
            w.write("{\"task\":\"modadd\",\"p\":23,\"train_frac\":0.5,\"steps\":1000,\"learned\":false,\"replica\":3000,\"notes\":\""
                    + "x".repeat(1_100_000) + "\"}\n");
        }
        return f;
    }

    @Test
    void aFieldTooLargeForTheStoreIsABadRecordAndNothingIsWritten() throws Exception {
        Path f = fileWithAnOversizedField("big-field.jsonl");
        ImportReport r = importFile(f, false);
        assertFalse(r.written());
        assertEquals(1, r.badCount());
        RecordError e = r.bad().get(0);
        assertEquals(3001, e.line());
        assertEquals("notes", e.field());
        assertTrue(e.getMessage().contains(Integer.toString(StoreLimits.TEXT)), e.getMessage());
        assertEquals(0, runs(), "nothing is written when a record is bad");
    }

    @Test
    void withSkipBadTheGoodRecordsAreImportedWhole() throws Exception {
        ImportReport r = importFile(fileWithAnOversizedField("big-field.jsonl"), true);
        assertTrue(r.written());
        assertEquals(3000, r.added());
        assertEquals(1, r.badCount());
        assertEquals(3000, runs());
    }

    @Test
    void aCsvCellTooLargeForTheStoreIsABadRecord() throws Exception {
        Path f = dir.resolve("big.csv");
        Files.writeString(f, "task,p,train_frac,steps,learned,replica,notes\nmodadd,23,0.5,1000,false,0,short\nmodadd,23,0.5,1000,false,1,"
                + "y".repeat(1_100_000) + "\n");
        ImportReport r = importFile(f, false);
        assertFalse(r.written());
        assertEquals(3, r.bad().get(0).line());
        assertEquals("notes", r.bad().get(0).field());
        assertEquals(0, runs());
    }

    /**
     * A 1 GB line (a sparse file of zero bytes, as `truncate -s 3G` makes, smaller to keep the test quick: it is already
     * more than the test JVM's 2 GB heap can hold as a line): a bad record at line 1, read without holding it.
     */
    @Test
    void aGigabyteLineIsABadRecordNotAnOutOfMemoryError() throws Exception {
        Path f = sparseLine("z.jsonl", 1L << 30);
        ImportReport r = importFile(f, false);
        assertFalse(r.written());
        assertEquals(1, r.badCount());
        assertEquals(1, r.bad().get(0).line());
        assertTrue(r.bad().get(0).getMessage().contains("longer than 8 Mi characters"), r.bad().get(0).getMessage());
        assertEquals(0, runs());
    }

    @Test
    void withSkipBadTheRecordsAfterALongLineAreImported() throws Exception {
        ImportReport r = importFile(sparseLine("z.jsonl", 20L << 20), true);
        assertEquals(1, r.badCount());
        assertEquals(1, r.added(), "the record after the long line is read");
    }

    /** {@code bytes} zero bytes on one line, then a good record. */
    Path sparseLine(String name, long bytes) throws Exception {
        Path f = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(bytes);
        }
        try (OutputStream o = Files.newOutputStream(f, java.nio.file.StandardOpenOption.APPEND)) {
            o.write(("\n" + good(0) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return f;
    }

    @Test
    void aCsvRecordOverTheCapRefusesTheFileWithItsLine() throws Exception {
        Path f = dir.resolve("long.csv");
        Files.writeString(f, "task,p,train_frac,steps,learned,notes\nmodadd,23,0.5,1000,false,ok\nmodadd,23,0.5,1000,false,\""
                + "z".repeat(9 << 20) + "\"\n");
        UserError e = assertThrows(UserError.class, () -> importFile(f, true));
        assertTrue(e.where().endsWith("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("longer than 8 Mi characters"), e.getMessage());
        assertEquals(0, runs());
    }

    /** A small .gz that expands a thousandfold (a gzip bomb): refused with the line it got to, nothing written. */
    @Test
    void aGzipBombIsRefused() throws Exception {
        Path f = dir.resolve("bomb.jsonl.gz");
        byte[] lines = (good(0) + "\n" + "\n".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16)) {
            for (long written = 0; written < 80L << 20; written += lines.length) o.write(lines);
        }
        assertTrue(Files.size(f) < 2 << 20, "the bomb is small: " + Files.size(f));
        UserError e = assertThrows(UserError.class, () -> importFile(f, true));
        assertTrue(e.getMessage().contains("expands more than " + CorpusFormat.MAX_GZIP_RATIO + " times"), e.getMessage());
        assertTrue(e.where().matches(".*bomb\\.jsonl\\.gz line \\d+"), e.where());
        assertEquals(0, runs());
    }

    @Test
    void anOrdinaryGzippedCorpusIsNotMistakenForABomb() throws Exception {
        Path f = dir.resolve("ok.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
            for (int i = 0; i < 2000; i++) o.write((good(i) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(2000, importFile(f, false).added());
    }
}
