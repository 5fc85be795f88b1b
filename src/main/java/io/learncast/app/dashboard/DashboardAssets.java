package io.learncast.app.dashboard;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The front end's files, read from the jar: an allow-list of names (nothing a request names is looked up
 * elsewhere), and ECharts from its WebJar, so the dashboard works with no network.
 */
final class DashboardAssets {
    private static final String BASE = "/io/learncast/app/dashboard/web/";
    /** Served name → content type. */
    static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "ui.js", "text/javascript; charset=utf-8",
            "pages.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");
    static final String ECHARTS = "echarts.js";

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final String echartsPath;

    DashboardAssets() {
        this.echartsPath = "/META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.esm.min.js";
    }

    /** The ECharts version on the class path (from its WebJar's Maven properties). */
    static String echartsVersion() {
        try (InputStream in = DashboardAssets.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
            if (in == null) throw new IllegalStateException("the ECharts WebJar is not on the class path");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers a file of the allow-list, or 404. */
    void serve(Context ctx, String name) {
        String type = name.equals(ECHARTS) ? "text/javascript; charset=utf-8" : FILES.get(name);
        if (type == null) throw new DashError(404, null, "no file " + name);
        byte[] body = cache.computeIfAbsent(name, n -> read(n.equals(ECHARTS) ? echartsPath : BASE + n));
        ctx.status(200);
        ctx.contentType(type);
        // ECharts never changes within a build; the app's own files may change on upgrade, so they are revalidated
        ctx.header("Cache-Control", name.equals(ECHARTS) ? "max-age=86400" : "no-cache");
        ctx.result(body);
    }

    private static byte[] read(String path) {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
