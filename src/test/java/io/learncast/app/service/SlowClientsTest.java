package io.learncast.app.service;

import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Found by the hostile pass: four connections holding incomplete headers (or a partial POST body) made
 * {@code /v1/health} time out for 55 s and more. Now Jetty reads headers and bodies without a worker thread, so
 * slow clients — several times more than the service has threads — leave health as fast as it was; and a
 * connection that sends nothing is closed after the idle timeout.
 */
class SlowClientsTest {
    @TempDir static Path dir;
    static Store store;
    static ForecastService service;

    @BeforeAll
    static void start() {
        store = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "--db"));
        service = ForecastService.start(store, new ForecastService.Settings("127.0.0.1", 0, 2, null));
    }

    @AfterAll
    static void stop() {
        service.close();
        store.close();
    }

    /** One health round trip, in milliseconds, on a connection of its own that it closes (like a monitoring probe). */
    static long health() throws Exception {
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", service.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static Socket slow(String text) throws Exception {
        Socket s = new Socket("127.0.0.1", service.port());
        OutputStream o = s.getOutputStream();
        o.write(text.getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
        return s;
    }

    @Test
    void slowClientsLeaveHealthAsFastAsItWas() throws Exception {
        long[] unloaded = new long[15];
        for (int i = 0; i < 5; i++) health(); // warm up
        for (int i = 0; i < unloaded.length; i++) unloaded[i] = health();
        List<Socket> slow = new ArrayList<>();
        try {
            // four times the service's threads: half hold incomplete headers, half a partial POST body
            for (int i = 0; i < 4; i++) slow.add(slow("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
            for (int i = 0; i < 4; i++) {
                slow.add(slow("POST /v1/forecast HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"task\":"));
            }
            Thread.sleep(300); // let the server take them all in
            long[] loaded = new long[15];
            for (int i = 0; i < loaded.length; i++) loaded[i] = health();
            long bound = Math.max(100, 10 * median(unloaded));
            assertTrue(median(loaded) < bound && Arrays.stream(loaded).max().orElseThrow() < 5 * bound,
                    "health with 8 slow clients: " + Arrays.toString(loaded) + " ms; unloaded " + Arrays.toString(unloaded) + " ms");
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    /** A body dripped a byte at a time never ends the idle timeout, but its deadline: 408, and the connection closed. */
    @Test
    void aBodyThatDoesNotArriveInTimeIsAnsweredAndClosed() throws Exception {
        try (Socket s = slow("POST /v1/forecast HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")) {
            s.setSoTimeout((int) WebServer.IDLE_TIMEOUT_MS + 10_000);
            Thread drip = new Thread(() -> {
                try {
                    OutputStream o = s.getOutputStream();
                    for (int i = 0; i < 40; i++) {
                        Thread.sleep(500);
                        o.write(' ');
                        o.flush();
                    }
                } catch (Exception closed) {
                    // the server closed the connection: what we want
                }
            });
            drip.setDaemon(true);
            drip.start();
            long t0 = System.nanoTime();
            String answer;
            try {
                answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (SocketTimeoutException e) {
                fail("the server kept a dripping connection open for " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                return;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("{\"error\":\"the request body did not arrive"), answer);
            assertTrue(ms >= WebServer.IDLE_TIMEOUT_MS - 1000 && ms < WebServer.IDLE_TIMEOUT_MS + 10_000, "answered after " + ms + " ms");
        }
    }

    @Test
    void moreConnectionsThanWorkersAreServed() {
        assertTrue(WebServer.maxConnections(2) > 2 + 3, "the connection limit is above the thread pool");
        assertTrue(WebServer.maxConnections(200) >= 800);
    }
}
