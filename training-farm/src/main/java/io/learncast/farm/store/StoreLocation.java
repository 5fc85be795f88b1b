package io.learncast.farm.store;

import io.learncast.common.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the store lives. {@code --db} (or {@code LEARNCAST_DB}) takes a folder (an embedded H2 file
 * store inside it; default {@code ./learncast-data}) or a JDBC URL: {@code jdbc:h2:tcp://…} for a
 * store served by {@code learncast store serve}, or {@code jdbc:postgresql://…}. URLs that would run
 * code on connect ({@code INIT=}, {@code RUNSCRIPT}, {@code CREATE ALIAS}, …) are refused.
 */
public record StoreLocation(Kind kind, String jdbcUrl, String user, String password, Path folder, String display) {

    public enum Kind { H2_FILE, H2_TCP, H2_MEM, POSTGRES }

    public static final String DEFAULT_FOLDER = "learncast-data";
    public static final String DB_NAME = "learncast";
    public static final String DEFAULT_USER = "learncast";

    /**
     * Settings that load classes or run SQL on connect: H2's INIT (any SQL, e.g. RUNSCRIPT or CREATE ALIAS),
     * its Java object hooks, and pgjdbc's class-name settings. Matched case-insensitively in the URL as
     * written and as percent-decoded (pgjdbc decodes its parameters), with any non-letters between words.
     */
    private static final Pattern UNSAFE = Pattern.compile(
            "(?i)(INIT\\s*=|RUNSCRIPT|CREATE\\W+ALIAS|CREATE\\W+TRIGGER|JAVA_OBJECT_SERIALIZER|AUTHENTICATOR|socketFactory|sslfactory|loggerFile"
                    + "|sslhostnameverifier|sslpasswordcallback|authenticationPluginClassName|classloader)");

    /** Resolves {@code --db}, then {@code LEARNCAST_DB}, then the default folder. */
    public static StoreLocation resolve(String flag) {
        String text = flag;
        String where = "--db";
        if (text == null || text.isBlank()) {
            text = System.getenv("LEARNCAST_DB");
            where = "LEARNCAST_DB";
        }
        if (text == null || text.isBlank()) {
            text = DEFAULT_FOLDER;
            where = "--db (default)";
        }
        return parse(text, where);
    }

    public static StoreLocation parse(String text, String where) {
        String t = text.trim();
        String user = envOr("LEARNCAST_DB_USER", DEFAULT_USER);
        String password = envPassword();
        if (t.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            String unsafe = firstUnsafe(t);
            if (unsafe != null) {
                throw new UserError(where, "the JDBC URL contains a setting that runs code when connecting (" + unsafe + ")",
                        "remove INIT=, RUNSCRIPT, CREATE ALIAS and similar settings; learncast creates its schema itself");
            }
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:")) {
                return new StoreLocation(Kind.H2_TCP, t, user, password, null, t);
            }
            if (lower.startsWith("jdbc:h2:mem:")) {
                return new StoreLocation(Kind.H2_MEM, t + (lower.contains("db_close_delay") ? "" : ";DB_CLOSE_DELAY=-1"), user, password, null, t);
            }
            if (lower.startsWith("jdbc:h2:file:") || lower.startsWith("jdbc:h2:./") || lower.startsWith("jdbc:h2:/") || lower.startsWith("jdbc:h2:~")) {
                String pathPart = t.substring(t.indexOf(':', 5) + 1);
                if (pathPart.startsWith("file:")) pathPart = pathPart.substring(5);
                int semi = pathPart.indexOf(';');
                Path file = Path.of(semi < 0 ? pathPart : pathPart.substring(0, semi));
                Path folder = file.toAbsolutePath().getParent();
                ensureWritable(folder, where);
                return new StoreLocation(Kind.H2_FILE, withEmbeddedSettings(t), user, password, folder, t);
            }
            if (lower.startsWith("jdbc:postgresql:")) {
                return new StoreLocation(Kind.POSTGRES, t, envOr("LEARNCAST_DB_USER", DEFAULT_USER), password, null, t);
            }
            throw new UserError(where, "unsupported database URL '" + t + "'",
                    "use a folder, jdbc:h2:tcp://HOST:PORT/learncast, jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB");
        }
        Path folder = Path.of(t).toAbsolutePath().normalize();
        ensureWritable(folder, where);
        String url = withEmbeddedSettings("jdbc:h2:file:" + folder.resolve(DB_NAME));
        return new StoreLocation(Kind.H2_FILE, url, user, password, folder, folder.toString());
    }

    /**
     * Embedded H2: we close the database ourselves (after workers stop), and wait for row locks. Commits are
     * written to the file at once ({@code WRITE_DELAY=0}): with H2's default delay of 500 ms, a process killed
     * right after a commit lost runs it had already reported finished (bench/faults, owner-kills).
     */
    private static String withEmbeddedSettings(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(url);
        if (!lower.contains("db_close_on_exit")) sb.append(";DB_CLOSE_ON_EXIT=FALSE");
        if (!lower.contains("lock_timeout")) sb.append(";LOCK_TIMEOUT=20000");
        if (!lower.contains("write_delay")) sb.append(";WRITE_DELAY=0");
        return sb.toString();
    }

    private static void ensureWritable(Path folder, String where) {
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            throw new UserError(where, "cannot create the data folder " + folder + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "choose a writable folder with --db PATH or LEARNCAST_DB");
        }
        if (!Files.isDirectory(folder)) {
            throw new UserError(where, folder + " is not a folder", "choose a folder with --db PATH or LEARNCAST_DB");
        }
        if (!Files.isWritable(folder)) {
            throw new UserError(where, "the data folder " + folder + " is not writable", "choose a writable folder with --db PATH or LEARNCAST_DB");
        }
    }

    /** The first code-running setting in the URL, as written or once percent-decoded (repeatedly), or null. */
    static String firstUnsafe(String url) {
        String t = url;
        for (int i = 0; i < 4; i++) {
            var m = UNSAFE.matcher(t);
            if (m.find()) return m.group(1).replaceAll("\\s+", " ");
            String decoded = percentDecode(t);
            if (decoded.equals(t)) return null;
            t = decoded;
        }
        return UNSAFE.matcher(t).find() ? "encoded several times" : null;
    }

    /** Decodes %XX escapes (and + as a space), leaving malformed escapes as they are. */
    private static String percentDecode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%' && i + 2 < b.length && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                out.write(hex(b[i + 1]) * 16 + hex(b[i + 2]));
                i += 2;
            } else {
                out.write(b[i] == '+' ? ' ' : b[i]);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        return Character.digit((char) c, 16);
    }

    /** The database password: {@code LEARNCAST_DB_PASSWORD}, or the first line of {@code LEARNCAST_DB_PASSWORD_FILE}, or empty. */
    public static String envPassword() {
        String p = System.getenv("LEARNCAST_DB_PASSWORD");
        if (p != null) return p;
        String file = System.getenv("LEARNCAST_DB_PASSWORD_FILE");
        if (file != null && !file.isBlank()) {
            try {
                return Files.readAllLines(Path.of(file)).stream().findFirst().orElse("").trim();
            } catch (IOException e) {
                throw new UserError("LEARNCAST_DB_PASSWORD_FILE", "cannot read " + file, "give a readable file whose first line is the password");
            }
        }
        return "";
    }

    private static String envOr(String key, String def) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? def : v;
    }

    public boolean embedded() { return kind == Kind.H2_FILE || kind == Kind.H2_MEM; }

    public boolean isH2() { return kind != Kind.POSTGRES; }

    @Override
    public String toString() { return display; }
}
