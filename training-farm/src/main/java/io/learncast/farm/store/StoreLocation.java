package io.learncast.farm.store;

import io.learncast.common.UserError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the store lives. {@code --db} (or {@code LEARNCAST_DB}) takes a folder (an embedded H2 file
 * store inside it; default {@code ./learncast-data}) or a JDBC URL: {@code jdbc:h2:tcp://…} for a
 * store served by {@code learncast store serve}, or {@code jdbc:postgresql://…}. A URL may carry only the
 * settings learncast allows ({@link JdbcUrl}): anything else, such as H2's {@code INIT=} that runs SQL on
 * connect or pgjdbc's class-name parameters, is refused.
 */
public record StoreLocation(Kind kind, String jdbcUrl, String user, String password, Path folder, String display) {

    public enum Kind { H2_FILE, H2_TCP, H2_MEM, POSTGRES }

    public static final String DEFAULT_FOLDER = "learncast-data";
    public static final String DB_NAME = "learncast";
    public static final String DEFAULT_USER = "learncast";

    /** Resolves {@code --db}, then {@code LEARNCAST_DB}, then the default folder. */
    public static StoreLocation resolve(String flag) {
        Named n = named(flag);
        return parse(n.text(), n.where());
    }

    /**
     * The folder of the embedded store {@code --db} names (read as {@link #resolve} reads it) when its database file does
     * not exist yet, else empty. Creates nothing, unlike {@link #resolve}, which makes the folder: for commands that must
     * not write (dry runs).
     */
    public static java.util.Optional<Path> missingEmbedded(String flag) {
        Named n = named(flag);
        return missingEmbedded(n.text(), n.where());
    }

    /**
     * The same for a store another option names ({@code --also-db}, {@code --verdict-db}: a folder or URL to read, no
     * fallback to {@code LEARNCAST_DB}), checked before {@link #parse}, which would create the folder: a typo must not
     * leave an empty store behind. Errors in the URL name {@code where}.
     */
    public static java.util.Optional<Path> missingEmbedded(String text, String where) {
        String t = text.trim();
        Path db;
        if (t.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            JdbcUrl u = JdbcUrl.parse(t, where);
            if (u.kind() != Kind.H2_FILE) return java.util.Optional.empty();
            db = Path.of(homeExpanded(u.path()) + ".mv.db");
        } else {
            db = Path.of(t).resolve(DB_NAME + ".mv.db");
        }
        db = db.toAbsolutePath().normalize();
        return Files.exists(db) ? java.util.Optional.empty() : java.util.Optional.of(db.getParent());
    }

    private record Named(String text, String where) {}

    /** An H2 file URL's path with a leading {@code ~} read as H2 reads it: the user's home. */
    private static String homeExpanded(String path) {
        return path.startsWith("~") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private static Named named(String flag) {
        if (flag != null && !flag.isBlank()) return new Named(flag, "--db");
        String env = System.getenv("LEARNCAST_DB");
        if (env != null && !env.isBlank()) return new Named(env, "LEARNCAST_DB");
        return new Named(DEFAULT_FOLDER, "--db (default)");
    }

    public static StoreLocation parse(String text, String where) {
        String t = text.trim();
        String user = envOr("LEARNCAST_DB_USER", DEFAULT_USER);
        String password = envPassword();
        if (t.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            // an allow-list: the URL is parsed as its driver reads it, and only learncast's own settings pass
            JdbcUrl u = JdbcUrl.parse(t, where);
            return switch (u.kind()) {
                case H2_TCP -> new StoreLocation(Kind.H2_TCP, u.url(), user, password, null, u.display());
                case H2_MEM -> new StoreLocation(Kind.H2_MEM, u.url() + (u.settings().containsKey("DB_CLOSE_DELAY") ? "" : ";DB_CLOSE_DELAY=-1"),
                        user, password, null, u.display());
                case H2_FILE -> {
                    Path folder = Path.of(homeExpanded(u.path())).toAbsolutePath().normalize().getParent();
                    ensureWritable(folder, where);
                    yield new StoreLocation(Kind.H2_FILE, withEmbeddedSettings(u.url()), user, password, folder, u.display());
                }
                case POSTGRES -> new StoreLocation(Kind.POSTGRES, u.url(), user, password, null, u.display());
            };
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
