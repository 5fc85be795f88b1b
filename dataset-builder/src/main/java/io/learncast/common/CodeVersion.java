package io.learncast.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The code version recorded in every provenance record: project version and git commit of the build. */
public final class CodeVersion {
    private static final String VALUE = load();

    private CodeVersion() {}

    public static String get() { return VALUE; }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = CodeVersion.class.getResourceAsStream("/learncast-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // fall through to "unknown": a missing version must never stop training
        }
        String version = p.getProperty("version", "unknown");
        String commit = p.getProperty("commit", "");
        if (commit.isBlank() || commit.startsWith("${")) return version;
        boolean dirty = "true".equals(p.getProperty("dirty"));
        return version + "+" + commit + (dirty ? ".dirty" : "");
    }
}
