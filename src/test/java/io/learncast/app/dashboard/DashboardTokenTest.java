package io.learncast.app.dashboard;

import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A dashboard bound to another address than loopback (`--bind`): every request needs the token printed at start —
 * as the header, or as the cookie the printed login link sets — and state-changing requests need it too.
 */
class DashboardTokenTest {
    @TempDir static Path dir;
    static Store store;
    static Dashboard dash;
    static String address;

    @BeforeAll
    static void start() throws Exception {
        InetAddress a = null;
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) continue;
            for (InetAddress x : Collections.list(ni.getInetAddresses())) if (x instanceof Inet4Address && a == null) a = x;
        }
        assumeTrue(a != null, "this machine has no non-loopback IPv4 address to bind");
        address = a.getHostAddress();
        store = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "db"));
        SyntheticCorpus.importInto(store, SyntheticCorpus.generate(40, 2, 5));
        dash = Dashboard.start(store, address, 0);
    }

    @AfterAll
    static void stop() {
        if (dash != null) dash.close();
        if (store != null) store.close();
    }

    record Answer(int status, String head, String body) {}

    static Answer send(String method, String path, Map<String, String> headers, String body) throws Exception {
        try (Socket s = new Socket(address, dash.port())) {
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nConnection: close\r\nContent-Length: " + b.length + "\r\n");
            Map<String, String> h = new LinkedHashMap<>(Map.of("Host", address + ":" + dash.port()));
            h.putAll(headers);
            h.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.write(b);
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(all.substring(9, 12)), all.substring(0, split), all.substring(split + 4));
        }
    }

    @Test
    void everyRequestNeedsTheTokenAndTheLoginLinkSetsItAsACookie() throws Exception {
        assertTrue(dash.tokenRequired(), "a non-loopback bind needs a token");
        assertTrue(dash.url().contains("token=" + dash.token()), "the printed URL carries the token: " + dash.url());

        Answer none = send("GET", "/dash/farm", Map.of(), null);
        assertEquals(401, none.status(), none.body());
        assertTrue(none.body().contains("needs its token"), none.body());
        assertEquals(401, send("GET", "/dash/farm", Map.of("X-Learncast-Token", dash.token() + "x"), null).status(), "a wrong token");

        assertEquals(200, send("GET", "/dash/farm", Map.of("X-Learncast-Token", dash.token()), null).status());

        Answer login = send("GET", "/?token=" + dash.token(), Map.of(), null);
        assertNotEquals(401, login.status(), login.body());
        String cookie = login.head().lines().filter(l -> l.toLowerCase().startsWith("set-cookie:")).findFirst().orElseThrow(() -> new AssertionError(login.head()));
        assertTrue(cookie.contains("learncast_token=" + dash.token()) && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertEquals(200, send("GET", "/dash/farm", Map.of("Cookie", "learncast_token=" + dash.token()), null).status(), "the cookie lets the pages in");
    }

    @Test
    void aForecastNeedsTheTokenEvenFromTheSameOrigin() throws Exception {
        String body = "{\"task\":\"modadd:p=23\"}";
        Map<String, String> sameOrigin = Map.of("Content-Type", "application/json", "Origin", "http://" + address + ":" + dash.port());
        assertEquals(401, send("POST", "/v1/forecast", sameOrigin, body).status(), "same-origin JSON without the token");
        Map<String, String> withToken = new LinkedHashMap<>(sameOrigin);
        withToken.put("X-Learncast-Token", dash.token());
        Answer ok = send("POST", "/v1/forecast", withToken, body);
        assertNotEquals(401, ok.status(), ok.body());
        assertNotEquals(403, ok.status(), ok.body());
    }
}
