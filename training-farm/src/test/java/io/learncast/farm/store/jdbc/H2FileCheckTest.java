package io.learncast.farm.store.jdbc;

import io.learncast.common.UserError;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.TestStores;
import org.h2.api.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An H2 file holding code is refused before H2 opens it (real files, made by H2 itself): a trigger whose Java source
 * H2 compiles and runs on open (it writes a canary file: it must stay unwritten), a trigger class, a Java-source alias,
 * a default that reads a file. Stores learncast made — fresh, and the pre-catalogue store of an older version,
 * before and after its migration — pass and open as before.
 */
class H2FileCheckTest {
    @TempDir Path dir;

    /** Writes the canary when H2 instantiates it (as it does for a trigger stored in a file it opens). */
    public static final class CanaryTrigger implements Trigger {
        public CanaryTrigger() throws IOException {
            Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "learncast-h2-canary-" + ProcessHandle.current().pid()), "ran");
        }

        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) { }
    }

    private Path store(String name) {
        Path folder = dir.resolve(name);
        try (JdbcStore s = JdbcStore.open(StoreLocation.parse(folder.toString(), "--db"), 2)) {
            s.now();
        }
        return folder;
    }

    /** Runs SQL on the store's file directly (as someone preparing a hostile file would), then closes it. */
    private static void tamper(Path folder, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + folder.resolve("learncast"), "learncast", "");
             Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }

    private static UserError refusedOnOpen(Path folder) {
        return assertThrows(UserError.class, () -> JdbcStore.open(StoreLocation.parse(folder.toString(), "--db"), 2).close());
    }

    @Test
    void aStoreLearncastMadePassesAndOpensAgain() {
        Path folder = store("fresh");
        assertEquals(H2FileCheck.Outcome.PASSED, H2FileCheck.check(folder.resolve("learncast.mv.db"), "--db"));
        try (JdbcStore s = JdbcStore.open(StoreLocation.parse(folder.toString(), "--db"), 2)) {
            assertTrue(s.holdsFile());
        }
        assertEquals(H2FileCheck.Outcome.ABSENT, H2FileCheck.check(dir.resolve("none/learncast.mv.db"), "--db"));
    }

    @Test
    void anOldStorePassesBeforeAndAfterItsMigration() throws Exception {
        Path folder = TestStores.preCatalogue(dir.resolve("old"));
        byte[] before = Files.readAllBytes(folder.resolve("learncast.mv.db"));
        assertEquals(H2FileCheck.Outcome.PASSED, H2FileCheck.check(folder.resolve("learncast.mv.db"), "--db"));
        assertArrayEquals(before, Files.readAllBytes(folder.resolve("learncast.mv.db")), "the check writes nothing");
        try (JdbcStore s = JdbcStore.open(StoreLocation.parse(folder.toString(), "--db"), 2)) {
            assertEquals(3, s.catalog().count(io.learncast.farm.store.RunFilter.all()));
        }
        assertEquals(H2FileCheck.Outcome.PASSED, H2FileCheck.check(folder.resolve("learncast.mv.db"), "--db"));
    }

    @Test
    void aTriggerWithJavaSourceIsRefusedAndNeverRuns() throws Exception {
        Path folder = store("source-trigger");
        Path canary = dir.resolve("canary-source");
        String path = canary.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        tamper(folder, "CREATE TRIGGER T1 AFTER INSERT ON RUNS FOR EACH ROW AS $$org.h2.api.Trigger create() throws Exception {"
                + " java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + path + "\"), \"ran\");"
                + " return new org.h2.api.Trigger() { public void fire(java.sql.Connection c, Object[] o, Object[] n) { } }; } $$");
        assertTrue(Files.exists(canary), "H2 ran the trigger's source when it was created (the test's premise)");
        Files.delete(canary);
        byte[] before = Files.readAllBytes(folder.resolve("learncast.mv.db"));

        UserError e = refusedOnOpen(folder);
        assertFalse(Files.exists(canary), "the trigger's code ran: " + e.getMessage());
        assertTrue(e.getMessage().contains("trigger T1 on table RUNS"), e.getMessage());
        assertTrue(e.getMessage().contains("corpus export"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(folder.resolve("learncast.mv.db")), "nothing is written to a refused file");
        assertFalse(Files.exists(folder.resolve("learncast.mv.db.share")), "a refused file is not served");
        // and not by `store serve` either
        UserError served = assertThrows(UserError.class, () -> H2TcpServer.start(folder, 0, false, "--data").close());
        assertTrue(served.getMessage().contains("trigger T1"), served.getMessage());
        assertFalse(Files.exists(canary));
    }

    @Test
    void aTriggerClassIsRefusedAndNeverLoaded() throws Exception {
        Path folder = store("class-trigger");
        Path canary = Path.of(System.getProperty("java.io.tmpdir"), "learncast-h2-canary-" + ProcessHandle.current().pid());
        tamper(folder, "CREATE TRIGGER T2 BEFORE UPDATE ON WORKERS FOR EACH ROW CALL '" + CanaryTrigger.class.getName() + "'");
        assertTrue(Files.deleteIfExists(canary), "H2 instantiated the trigger class when it was created (the test's premise)");

        UserError e = refusedOnOpen(folder);
        assertFalse(Files.exists(canary), "the trigger class was instantiated: " + e.getMessage());
        assertTrue(e.getMessage().contains("trigger T2 on table WORKERS"), e.getMessage());
    }

    @Test
    void aJavaSourceAliasAndADefaultCallingItAreRefused() throws Exception {
        Path folder = store("alias");
        tamper(folder, "CREATE ALIAS NOW_ISH AS $$ String nowIsh() { return \"x\"; } $$",
                "ALTER TABLE RUNS ADD COLUMN NOTE VARCHAR(20) DEFAULT NOW_ISH()");
        UserError e = refusedOnOpen(folder);
        assertTrue(e.getMessage().contains("NOW_ISH"), e.getMessage());
    }

    @Test
    void builtInsThatReadFilesOrOtherDatabasesAreRefusedInDefaultsAndChecks() throws Exception {
        Path folder = store("file-read");
        tamper(folder, "ALTER TABLE DATASETS ADD COLUMN SNOOP VARCHAR(100000) DEFAULT CAST(FILE_READ('/etc/hostname', NULL) AS VARCHAR(100000))");
        UserError e = refusedOnOpen(folder);
        assertTrue(e.getMessage().contains("table DATASETS using CAST, FILE_READ"), e.getMessage());

        Path check = store("csv-check");
        tamper(check, "ALTER TABLE WORKERS ADD CONSTRAINT W_CHECK CHECK (\"PID\" > LENGTH(FILE_READ('/etc/hostname')))");
        UserError c = refusedOnOpen(check);
        assertTrue(c.getMessage().contains("constraint W_CHECK on table WORKERS"), c.getMessage());
    }

    @Test
    void otherKindsOfObjectAreRefusedByKind() {
        for (String sql : List.of(
                "CREATE FORCE TRIGGER \"PUBLIC\".\"T\" AFTER INSERT ON \"PUBLIC\".\"RUNS\" FOR EACH ROW QUEUE 1024 CALL 'x.Y'",
                "CREATE FORCE ALIAS \"PUBLIC\".\"EXEC\" FOR 'java.lang.Runtime.exec'",
                "CREATE FORCE AGGREGATE \"PUBLIC\".\"AGG\" FOR 'x.Agg'",
                "CREATE CONSTANT \"PUBLIC\".\"C\" VALUE FILE_READ('/etc/passwd')")) {
            int type = sql.contains("TRIGGER") ? org.h2.engine.DbObject.TRIGGER : sql.contains("ALIAS") ? org.h2.engine.DbObject.FUNCTION_ALIAS
                    : sql.contains("AGGREGATE") ? org.h2.engine.DbObject.AGGREGATE : org.h2.engine.DbObject.CONSTANT;
            assertThrows(H2FileCheck.Refused.class, () -> H2FileCheck.checkObject(type, sql), sql);
        }
        for (String sql : List.of(
                "CREATE CACHED TABLE \"PUBLIC\".\"L\"(\"X\" INTEGER) ENGINE \"x.Engine\"",
                "CREATE LINKED TABLE \"PUBLIC\".\"L\"('', 'jdbc:h2:mem:', '', '', 'T')",
                "CREATE FORCE VIEW \"PUBLIC\".\"V\" AS SELECT 1",
                "CREATE CACHED TABLE \"PUBLIC\".\"J\"(\"X\" JAVA_OBJECT)",
                "CREATE CACHED TABLE \"PUBLIC\".\"Q\"(\"X\" INTEGER DEFAULT \"FILE_READ\"('/etc/passwd'))",
                "CREATE CACHED TABLE \"PUBLIC\".\"C\"(\"X\" INTEGER DEFAULT 1 /* hidden */)",
                "CREATE CACHED TABLE \"PUBLIC\".\"C\"(\"X\" INTEGER DEFAULT 1) -- hidden")) {
            assertThrows(H2FileCheck.Refused.class, () -> H2FileCheck.checkObject(org.h2.engine.DbObject.TABLE_OR_VIEW, sql), sql);
        }
        assertThrows(H2FileCheck.Refused.class, () -> H2FileCheck.checkObject(org.h2.engine.DbObject.SETTING, "SET JAVA_OBJECT_SERIALIZER 'x.S'"));
        H2FileCheck.checkObject(org.h2.engine.DbObject.SETTING, "SET WRITE_DELAY 0");
    }

    @Test
    void aFileThisProcessHoldsIsNotReadAgainAndKeepsItsLock() throws Exception {
        Path folder = store("held");
        Path mvDb = folder.resolve("learncast.mv.db");
        try (JdbcStore a = JdbcStore.open(StoreLocation.parse(folder.toString(), "--db"), 2)) {
            assertTrue(a.holdsFile());
            assertTrue(H2FileCheck.openInThisProcess(mvDb), "H2's table of open databases names the file");
            // a second store of this process on the same folder: no second read (closing it would drop H2's lock)
            try (JdbcStore b = JdbcStore.open(StoreLocation.parse(folder.toString(), "--db"), 2)) {
                b.now();
            }
            // the lock is still H2's: another process cannot open the file
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.h2.tools.Shell",
                    "-url", "jdbc:h2:file:" + folder.resolve("learncast") + ";IFEXISTS=TRUE", "-user", "learncast", "-sql", "SELECT 1")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            assertTrue(out.contains("90020") || out.toLowerCase().contains("locked") || out.contains("already in use"), out);
        }
        assertFalse(H2FileCheck.openInThisProcess(mvDb));
    }

    @Test
    void aDamagedFileIsRefusedNotOpened() throws IOException {
        Path folder = dir.resolve("junk");
        Files.createDirectories(folder);
        byte[] junk = new byte[8192];
        new java.util.Random(7).nextBytes(junk);
        Files.write(folder.resolve("learncast.mv.db"), junk);
        UserError e = refusedOnOpen(folder);
        assertTrue(e.getMessage().contains("cannot read the schema"), e.getMessage());
        assertEquals(HexFormat.of().formatHex(junk), HexFormat.of().formatHex(Files.readAllBytes(folder.resolve("learncast.mv.db"))));
    }
}
