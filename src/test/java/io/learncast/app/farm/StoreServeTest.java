package io.learncast.app.farm;

import io.learncast.app.proc.Proc;

import io.learncast.app.cli.CliRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code learncast store serve} as a real process: loopback only, no remote database creation, passwords. */
class StoreServeTest {
    @TempDir Path dir;
    private final List<Proc> children = new ArrayList<>();

    @AfterEach
    void stop(org.junit.jupiter.api.TestInfo info) {
        for (Proc c : children) c.saveLog(java.nio.file.Path.of("target", "child-logs", info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("serve")));
        children.forEach(Proc::close);
    }

    Proc serve(Map<String, String> env) throws Exception {
        Proc c = Proc.cliLight("server", env, "store", "serve", "--port", "0", "--data", dir.resolve("data").toString());
        children.add(c);
        c.awaitLine(l -> l.startsWith("url: "), 60);
        return c;
    }

    static int port(Proc server) {
        String url = server.lines().stream().filter(l -> l.startsWith("url: ")).findFirst().orElseThrow();
        return Integer.parseInt(url.replaceAll(".*:(\\d+)/learncast$", "$1"));
    }

    @Test
    void itListensOnLoopbackOnlyAndLetsNoClientCreateADatabase() throws Exception {
        Proc server = serve(Map.of());
        int port = port(server);
        assertTrue(server.output().contains("on 127.0.0.1 only"), server.output());
        DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + port + "/learncast", "learncast", "").close();
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + port + "/another", "learncast", "").close());
        assertEquals(28000, e.getErrorCode(), "remote clients cannot create databases: " + e.getMessage());
        // nor open another file of the folder (it would be opened without the check the store's own file passed)
        DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data").resolve("other"), "sa", "").close();
        assertTrue(java.nio.file.Files.exists(dir.resolve("data").resolve("other.mv.db")));
        SQLException other = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + port + "/other", "sa", "").close());
        assertEquals(28000, other.getErrorCode(), "only the store is served: " + other.getMessage());
        for (InetAddress a : nonLoopbackAddresses()) {
            try (Socket s = new Socket()) {
                assertThrows(java.io.IOException.class, () -> s.connect(new InetSocketAddress(a, port), 2000),
                        "nothing listens on " + a.getHostAddress() + ":" + port);
            }
        }
        // two listening sockets, both on loopback: the served port and the folder's share for local processes
        // (README, "Sharing the default store"); no web console, no other interface
        List<String> listening = listeningSockets(server.pid());
        assertEquals(2, listening.size(), "the server listens on its port and the folder's share: " + listening);
        for (String l : listening) assertTrue(l.matches(".*\\b127\\.0\\.0\\.1\\]?:\\d+\\s.*"), "bound to loopback: " + l);
        assertTrue(listening.stream().anyMatch(l -> l.matches(".*\\b127\\.0\\.0\\.1\\]?:" + port + "\\s.*")), "the served port: " + listening);
        // Ctrl-C / SIGTERM stops it cleanly
        server.signal("TERM");
        assertEquals(143, server.await(60), server.output());
        assertTrue(server.output().contains("stopping the server"), server.output());
    }

    @Test
    void aPasswordFromTheEnvironmentProtectsAStoreCreatedWithoutOne() throws Exception {
        Path data = dir.resolve("data");
        // a store first used locally, without a password
        assertEquals(0, CliRunner.run("farm", "status", "--db", data.toString()).code());
        Path pwFile = Files.writeString(dir.resolve("pw"), "s3cret\n");
        Proc server = serve(Map.of("LEARNCAST_DB_PASSWORD_FILE", pwFile.toString()));
        assertTrue(server.output().contains("it now has the one from LEARNCAST_DB_PASSWORD"), server.output());
        String url = "jdbc:h2:tcp://127.0.0.1:" + port(server) + "/learncast";
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "learncast", "").close());
        assertEquals(28000, e.getErrorCode(), "the password is required now");
        DriverManager.getConnection(url, "learncast", "s3cret").close();
        CliRunner.Result r = CliRunner.run("farm", "status", "--db", url); // this JVM has no password in its environment
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("refused the credentials") && r.err().contains("LEARNCAST_DB_PASSWORD"), r.err());
        Proc status = Proc.cliLight("status", Map.of("LEARNCAST_DB_PASSWORD", "s3cret"), "farm", "status", "--db", url);
        children.add(status);
        assertEquals(0, status.await(60), status.output());
        assertTrue(status.output().contains("runs: 0"), status.output());
    }

    /** The process's listening TCP sockets, as {@code ss} shows them. */
    static List<String> listeningSockets(long pid) throws Exception {
        Process p = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "ss is not available: " + out);
        return out.lines().filter(l -> l.contains("pid=" + pid + ",")).toList();
    }

    static List<InetAddress> nonLoopbackAddresses() throws Exception {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) continue;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) if (a instanceof Inet4Address) out.add(a);
        }
        return out;
    }
}
