package io.learncast.farm.store.jdbc;

import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreFullException;
import io.learncast.farm.store.StoreLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A full disk is a fatal store error, not an outage: found by the hostile pass, where a farm on a full 2 MB
 * tmpfs logged "store unreachable … retrying" 491 times for ten minutes. (The real tmpfs runs are the fault
 * bench's disk-full scenario.)
 */
class DiskFullTest {
    @TempDir Path dir;

    @Test
    void fullDisksAreRecognisedHowEverTheDriverWrapsThem() {
        // H2: the file system's message, wrapped in its own exceptions (after the failed write it reports the database closed)
        SQLException h2 = new SQLException("General error: \"java.lang.IllegalStateException: Writing to file failed", "HY000", 50000,
                new IllegalStateException("Writing failed", new IOException("No space left on device")));
        assertEquals(Database.Trouble.FULL, Database.classify(h2));
        SQLException closed = new SQLNonTransientConnectionException("Database is already closed", "90098", 90098,
                new IOException("No space left on device"));
        assertEquals(Database.Trouble.FULL, Database.classify(closed), "a full disk is not an outage, even when H2 calls it 'closed'");
        assertEquals(Database.Trouble.FULL, Database.classify(new SQLException("could not extend file \"base/1/2\": No space left on device", "53100")));
        assertEquals(Database.Trouble.FULL, Database.classify(new SQLException("disk full", "53100")));
        SQLException chained = new SQLException("batch failed", "XX000");
        chained.setNextException(new SQLException("write failed", "HY000", new IOException("Disk quota exceeded")));
        assertEquals(Database.Trouble.FULL, Database.classify(chained));
        // and what is not a full disk stays what it was
        assertEquals(Database.Trouble.OUTAGE, Database.classify(new SQLNonTransientConnectionException("Connection refused", "08001")));
        assertEquals(Database.Trouble.OTHER, Database.classify(new SQLException("Value too long for column", "22001")));
    }

    @Test
    void onceFullEveryLaterTransactionFailsAtOnce() {
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.toString(), "--db"))) {
            Database db = ((JdbcStore) s).database();
            StoreFullException first = assertThrows(StoreFullException.class, () -> db.tx(c -> {
                throw new SQLException("General error", "HY000", 50000, new IOException("No space left on device"));
            }));
            assertTrue(first.getMessage().startsWith("the store's disk is full (No space left on device)"), first.getMessage());
            long t0 = System.nanoTime();
            assertThrows(StoreFullException.class, () -> s.catalog().count(RunFilter.all()));
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "no waiting, no retries");
        }
    }
}
