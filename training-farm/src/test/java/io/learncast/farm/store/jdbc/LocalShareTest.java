package io.learncast.farm.store.jdbc;

import io.learncast.farm.store.StoreLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The holder of a shared folder store serves it on loopback, to whoever knows the key in the share file,
 * once per process; the cross-process behaviour (a second terminal, kills of the holder) is tested with
 * real processes in the application's SharedStoreTest and the fault bench's shared-kills.
 */
class LocalShareTest {
    @TempDir Path dir;

    static String tcp(LocalShare.Share s, String db) { return "jdbc:h2:tcp://127.0.0.1:" + s.port() + "/" + db; }

    @Test
    void theHolderServesTheStoreOnLoopbackToWhoeverHasTheKey() throws Exception {
        StoreLocation loc = StoreLocation.parse(dir.resolve("data").toString(), "--db");
        Path shareFile = dir.resolve("data").resolve("learncast.share");
        try (JdbcStore a = JdbcStore.open(loc, 2)) {
            assertEquals(Boolean.TRUE, a.holdsFile());
            LocalShare.Share s = LocalShare.Share.read(shareFile);
            assertNotNull(s, "the holder says where it serves");
            assertEquals(ProcessHandle.current().pid(), s.pid());
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(shareFile));
            // what another process does: the key names the database
            try (Connection c = DriverManager.getConnection(tcp(s, s.key()), loc.user(), loc.password());
                 ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM runs")) {
                assertTrue(rs.next());
            }
            // any other name is refused, so no other file can be opened (or created) through the port
            assertThrows(SQLException.class, () -> DriverManager.getConnection(tcp(s, "learncast"), loc.user(), loc.password()).close());
            assertThrows(SQLException.class, () -> DriverManager.getConnection(tcp(s, "~/other"), loc.user(), loc.password()).close());
            assertThrows(SQLException.class, () -> DriverManager.getConnection(tcp(s, s.key().replace(s.key().charAt(0), s.key().charAt(0) == 'a' ? 'b' : 'a')),
                    loc.user(), loc.password()).close());
            // loopback only
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) continue;
                for (InetAddress addr : Collections.list(ni.getInetAddresses())) {
                    if (!(addr instanceof Inet4Address)) continue;
                    try (Socket sock = new Socket()) {
                        assertThrows(java.io.IOException.class, () -> sock.connect(new InetSocketAddress(addr, s.port()), 2000), "reachable on " + addr);
                    }
                }
            }

            // a second store of the same process on the same folder shares the one server
            try (JdbcStore b = JdbcStore.open(loc, 2)) {
                assertEquals(Boolean.TRUE, b.holdsFile());
                assertEquals(s, LocalShare.Share.read(shareFile), "still the first server");
            }
            assertEquals(s, LocalShare.Share.read(shareFile), "closing the second store leaves the first serving");
            try (Connection c = DriverManager.getConnection(tcp(s, s.key()), loc.user(), loc.password())) {
                assertTrue(c.isValid(2));
            }
        }
        assertFalse(Files.exists(shareFile), "the share file goes with the last store of the holder");
    }

    /**
     * A share file left by a holder that died, naming a port another server now listens on with another key (found by the
     * fault bench's shared-kills: a reader started after the holder's kill read the old file while the new holder, on the
     * freed port, had not yet rewritten it, and was told "the database refused the credentials"). The store is looked up
     * again and taken over, as when the old port does not answer.
     */
    @Test
    void aShareFileOfADeadHolderWhosePortAnotherServerTookIsNotACredentialsError() throws Exception {
        Path data = dir.resolve("data");
        StoreLocation loc = StoreLocation.parse(data.toString(), "--db");
        try (JdbcStore a = JdbcStore.open(loc, 2, false)) {
            assertNull(a.holdsFile()); // creates the store
        }
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        org.h2.tools.Server other = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-key", "otherkey", "mem:other").start();
        try {
            LocalShare.Share.write(data.resolve("learncast.share"), new LocalShare.Share(other.getPort(), "deadholderskey", gone.pid()));
            try (JdbcStore b = JdbcStore.open(loc, 2)) {
                assertEquals(Boolean.TRUE, b.holdsFile(), "the file was taken over");
                assertNotEquals(other.getPort(), LocalShare.Share.read(data.resolve("learncast.share")).port());
            }
        } finally {
            other.stop();
        }
    }

    @Test
    void anUnsharedStoreWritesNoShareFile() {
        StoreLocation loc = StoreLocation.parse(dir.resolve("alone").toString(), "--db");
        try (JdbcStore a = JdbcStore.open(loc, 2, false)) {
            assertNull(a.holdsFile());
            assertFalse(Files.exists(dir.resolve("alone").resolve("learncast.share")));
        }
    }
}
