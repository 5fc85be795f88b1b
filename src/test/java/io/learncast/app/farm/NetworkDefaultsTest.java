package io.learncast.app.farm;

import io.learncast.app.proc.Proc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What listens, as real processes: the HTTP service binds 127.0.0.1 by default and refuses another address
 * without a password, as does the H2 TCP server; no code anywhere starts H2's web console.
 */
class NetworkDefaultsTest {
    @TempDir Path dir;
    private final List<Proc> children = new ArrayList<>();

    @AfterEach
    void stop(org.junit.jupiter.api.TestInfo info) {
        for (Proc c : children) c.saveLog(java.nio.file.Path.of("target", "child-logs", info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("net")));
        children.forEach(Proc::close);
    }

    Proc start(String name, Map<String, String> env, String... args) throws Exception {
        Proc c = Proc.cliLight(name, env, args); // servers that answer a probe or two
        children.add(c);
        return c;
    }

    @Test
    void theServiceListensOnLoopbackOnlyByDefault() throws Exception {
        Proc svc = start("serve", Map.of(), "serve", "--port", "0", "--db", dir.resolve("data").toString());
        String line = svc.awaitLine(l -> l.startsWith("serving "), 120);
        int port = Integer.parseInt(line.replaceAll(".*:(\\d+)/v1/health.*", "$1"));
        assertTrue(line.contains("http://127.0.0.1:"), line);
        List<String> listening = StoreServeTest.listeningSockets(svc.pid());
        assertFalse(listening.isEmpty());
        for (String s : listening) assertTrue(s.matches(".*\\b127\\.0\\.0\\.1\\]?:\\d+\\s.*"), "bound to loopback only: " + listening);
        assertTrue(listening.stream().noneMatch(s -> s.contains(":8082 ")), "no H2 web console: " + listening);
        for (InetAddress a : StoreServeTest.nonLoopbackAddresses()) {
            try (Socket s = new Socket()) {
                assertThrows(IOException.class, () -> s.connect(new InetSocketAddress(a, port), 2000), "nothing on " + a.getHostAddress());
            }
        }
    }

    @Test
    void aNonLocalBindWithoutAPasswordIsRefusedByBothServers() throws Exception {
        Proc svc = start("serve-any", Map.of(), "serve", "--host", "0.0.0.0", "--port", "0", "--db", dir.resolve("data").toString());
        assertEquals(2, svc.await(120), svc.output());
        assertTrue(svc.output().contains("error:") && svc.output().contains("LEARNCAST_SERVE_PASSWORD"), svc.output());
        Proc h2 = start("store-any", Map.of(), "store", "serve", "--allow-others", "--port", "0", "--data", dir.resolve("data2").toString());
        assertEquals(2, h2.await(120), h2.output());
        assertTrue(h2.output().contains("error:") && h2.output().contains("password"), h2.output());
        assertFalse(Files.exists(dir.resolve("data2").resolve("learncast.mv.db")), "nothing was created");
    }

    @Test
    void noCodeStartsTheH2WebConsole() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("training-farm"))) root = root.getParent();
        assertNotNull(root, "the repository root");
        List<Path> sources = new ArrayList<>();
        for (String module : List.of("src", "dataset-builder/src", "training-farm/src", "forecaster/src", "eval/src")) {
            Path main = root.resolve(module).resolve("main");
            if (!Files.isDirectory(main)) continue;
            try (Stream<Path> s = Files.walk(main)) {
                s.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".properties")).forEach(sources::add);
            }
        }
        assertTrue(sources.size() > 50, "found the sources: " + sources.size());
        for (Path p : sources) {
            String text = Files.readString(p);
            for (String bad : List.of("org.h2.server.web", "createWebServer", "\"-web\"", "\"-webPort\"", "webAllowOthers", "H2ConsoleServlet", "WebServlet")) {
                assertFalse(text.contains(bad), p + " mentions " + bad);
            }
        }
    }
}
