package io.learncast.farm.store;

import io.learncast.common.UserError;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A store's JDBC URL, taken apart the way its driver reads it and checked against an allow-list: only the
 * settings learncast needs pass, with validated values; everything else is refused with one clear line.
 *
 * <p>Why an allow-list: H2 upper-cases setting keys ({@code ınıt} with a dotless ı becomes {@code INIT}, which
 * runs any SQL on connect), and pgjdbc percent-decodes its parameter names ({@code socket%46actory}); a list of
 * forbidden spellings is always one spelling short. Here a key must be plain ASCII as written, and after Unicode
 * NFKC normalisation and upper-casing with {@link Locale#ROOT} (H2) — or exactly as written after
 * percent-decoding (pgjdbc, whose names are case-sensitive) — it must be one of the names below. The URL given
 * to the driver is rebuilt from the parsed parts, so the driver sees exactly what was checked.
 */
public record JdbcUrl(StoreLocation.Kind kind, String url, String path, Map<String, String> settings, String display) {

    /** H2 settings learncast uses (or lets users set): closing, lock waits, commit writes, mixed mode. */
    static final Map<String, Predicate<String>> H2_SETTINGS = Map.of(
            "DB_CLOSE_ON_EXIT", JdbcUrl::bool,
            "DB_CLOSE_DELAY", v -> integer(v, -1, 86_400),
            "LOCK_TIMEOUT", v -> integer(v, 0, 3_600_000),
            "WRITE_DELAY", v -> integer(v, 0, 60_000),
            "AUTO_SERVER", JdbcUrl::bool,
            "AUTO_SERVER_PORT", v -> integer(v, 0, 65_535),
            "IFEXISTS", JdbcUrl::bool);

    /** pgjdbc parameters learncast lets through: credentials, TLS by files and modes, timeouts, naming. No class names, no files written. */
    static final Map<String, Predicate<String>> PG_PARAMS = Map.ofEntries(
            Map.entry("user", JdbcUrl::printable),
            Map.entry("password", v -> true),
            Map.entry("ssl", JdbcUrl::bool),
            Map.entry("sslmode", v -> Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full").contains(v)),
            Map.entry("sslcert", JdbcUrl::printable),
            Map.entry("sslkey", JdbcUrl::printable),
            Map.entry("sslrootcert", JdbcUrl::printable),
            Map.entry("sslpassword", v -> true),
            Map.entry("gssEncMode", v -> Set.of("disable", "allow", "prefer", "require").contains(v)),
            Map.entry("channelBinding", v -> Set.of("disable", "prefer", "require").contains(v)),
            Map.entry("ApplicationName", v -> printable(v) && v.length() <= 64),
            Map.entry("connectTimeout", v -> integer(v, 0, 3600)),
            Map.entry("socketTimeout", v -> integer(v, 0, 86_400)),
            Map.entry("loginTimeout", v -> integer(v, 0, 3600)),
            Map.entry("tcpKeepAlive", JdbcUrl::bool),
            Map.entry("targetServerType", v -> Set.of("any", "primary", "secondary", "preferSecondary", "preferPrimary").contains(v)),
            Map.entry("loadBalanceHosts", JdbcUrl::bool),
            Map.entry("hostRecheckSeconds", v -> integer(v, 0, 86_400)),
            Map.entry("currentSchema", v -> v.matches("[A-Za-z_][A-Za-z0-9_$]{0,62}")),
            Map.entry("reWriteBatchedInserts", JdbcUrl::bool),
            Map.entry("prepareThreshold", v -> integer(v, -1, 1_000_000)));

    private static final Pattern ASCII_KEY = Pattern.compile("[A-Za-z_]+");
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");
    private static final String EXAMPLES = "a folder, jdbc:h2:tcp://HOST:PORT/learncast, jdbc:h2:file:PATH or jdbc:postgresql://HOST/DB";

    /** Parses and checks {@code text}; {@code where} names the flag or variable it came from. */
    public static JdbcUrl parse(String text, String where) {
        String t = text.trim();
        for (int i = 0; i < t.length(); i++) {
            if (Character.isISOControl(t.charAt(i))) throw refuse(where, "the JDBC URL contains a control character", "retype it");
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) return h2(t.substring("jdbc:h2:".length()), where);
        if (lower.startsWith("jdbc:postgresql:")) return postgres(t.substring("jdbc:postgresql:".length()), where);
        throw new UserError(where, "unsupported database URL '" + t + "'", "use " + EXAMPLES);
    }

    // ---------------------------------------------------------------- H2

    private static JdbcUrl h2(String rest, String where) {
        int semi = rest.indexOf(';');
        String name = semi < 0 ? rest : rest.substring(0, semi);
        String settingsText = semi < 0 ? "" : rest.substring(semi + 1);
        StoreLocation.Kind kind;
        String path;
        String prefix;
        String lowerName = name.toLowerCase(Locale.ROOT);
        if (lowerName.startsWith("tcp://") || lowerName.startsWith("ssl://")) {
            kind = StoreLocation.Kind.H2_TCP;
            prefix = lowerName.substring(0, 6);
            String server = name.substring(6);
            int slash = server.indexOf('/');
            if (slash <= 0) throw new UserError(where, "the H2 server URL has no database name", "e.g. jdbc:h2:tcp://127.0.0.1:9092/learncast");
            String host = server.substring(0, slash);
            if (!HOST.matcher(host).matches()) {
                throw new UserError(where, "'" + host + "' is not a host name or address with an optional port", "e.g. jdbc:h2:tcp://127.0.0.1:9092/learncast");
            }
            String db = server.substring(slash + 1);
            checkH2Path(db, where);
            path = host + "/" + db;
        } else if (lowerName.startsWith("mem:")) {
            kind = StoreLocation.Kind.H2_MEM;
            prefix = "mem:";
            path = name.substring(4);
            if (path.isEmpty() || path.contains(":") || path.contains("/")) {
                throw new UserError(where, "an in-memory H2 store needs a plain name", "e.g. jdbc:h2:mem:scratch");
            }
        } else {
            kind = StoreLocation.Kind.H2_FILE;
            prefix = "file:";
            path = lowerName.startsWith("file:") ? name.substring(5) : name;
            if (!(path.startsWith("/") || path.startsWith("./") || path.startsWith("../") || path.startsWith("~") || drive(path))) {
                throw new UserError(where, "unsupported database URL 'jdbc:h2:" + name + "'", "use " + EXAMPLES);
            }
            checkH2Path(path, where);
        }
        Map<String, String> settings = h2Settings(settingsText, where);
        StringBuilder url = new StringBuilder("jdbc:h2:").append(prefix).append(path);
        settings.forEach((k, v) -> url.append(';').append(k).append('=').append(v));
        return new JdbcUrl(kind, url.toString(), path, settings, url.toString());
    }

    /** A path H2 opens as a plain file: no file-system prefix such as {@code zip:}, {@code split:} or {@code memFS:}. */
    private static void checkH2Path(String path, String where) {
        if (path.isEmpty()) throw new UserError(where, "the H2 URL names no database", "e.g. jdbc:h2:file:/data/learncast/learncast");
        int colon = path.indexOf(':');
        if (colon >= 0 && !(colon == 1 && drive(path) && path.indexOf(':', 2) < 0)) {
            throw refuse(where, "the H2 database path '" + path + "' has a file-system prefix", "give a plain path, e.g. jdbc:h2:file:/data/learncast/learncast");
        }
    }

    private static boolean drive(String path) {
        return path.length() >= 3 && Character.isLetter(path.charAt(0)) && path.charAt(1) == ':' && (path.charAt(2) == '/' || path.charAt(2) == '\\');
    }

    private static Map<String, String> h2Settings(String text, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isEmpty()) return out;
        // H2 reads '\' as an escape in its settings list; learncast's settings never need one, so neither may a URL
        if (text.indexOf('\\') >= 0) throw refuse(where, "the JDBC URL's settings contain a backslash", "learncast's settings never need one");
        if (text.indexOf('%') >= 0) throw refuse(where, "the JDBC URL's settings are percent-encoded", "write settings plainly, e.g. ;LOCK_TIMEOUT=20000");
        for (String setting : text.split(";", -1)) {
            if (setting.isEmpty()) continue;
            int eq = setting.indexOf('=');
            String rawKey = eq < 0 ? setting : setting.substring(0, eq);
            String key = Normalizer.normalize(rawKey, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
            if (!ascii(key) || !ascii(rawKey)) {
                throw refuse(where, "the JDBC URL's setting '" + rawKey + "' is not plain ASCII" + (ascii(key) ? " (H2 would read it as " + key + ")" : ""),
                        allowedH2());
            }
            if (!ASCII_KEY.matcher(rawKey).matches()) throw refuse(where, "'" + rawKey + "' in the JDBC URL is not a setting name", allowedH2());
            if (!H2_SETTINGS.containsKey(key)) throw refuse(where, "the JDBC URL sets " + key + ", which learncast does not allow", allowedH2());
            if (eq < 0) throw refuse(where, "the JDBC URL's setting " + key + " has no value", "write " + key + "=VALUE");
            String value = setting.substring(eq + 1);
            if (!ascii(value) || !H2_SETTINGS.get(key).test(value.toUpperCase(Locale.ROOT))) {
                throw refuse(where, "the JDBC URL's setting " + key + "=" + value + " has a value learncast does not accept", allowedH2());
            }
            if (out.put(key, value.toUpperCase(Locale.ROOT)) != null) throw refuse(where, "the JDBC URL sets " + key + " twice", "give each setting once");
        }
        return out;
    }

    private static String allowedH2() {
        return "learncast accepts only " + String.join(", ", new TreeSet<>(H2_SETTINGS.keySet()))
                + " in an H2 URL; it creates its schema itself";
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static JdbcUrl postgres(String rest, String where) {
        int q = rest.indexOf('?');
        String server = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q + 1);
        if (!server.startsWith("//")) throw new UserError(where, "the PostgreSQL URL names no server", "e.g. jdbc:postgresql://127.0.0.1:5432/learncast");
        String s = server.substring(2);
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1) throw new UserError(where, "the PostgreSQL URL needs a server and a database", "e.g. jdbc:postgresql://127.0.0.1:5432/learncast");
        for (String host : s.substring(0, slash).split(",", -1)) {
            if (!HOST.matcher(host).matches()) {
                throw new UserError(where, "'" + host + "' is not a host name or address with an optional port", "e.g. jdbc:postgresql://127.0.0.1:5432/learncast");
            }
        }
        String db = s.substring(slash + 1);
        if (db.contains("/") || db.contains("?")) throw new UserError(where, "'" + db + "' is not a database name", "e.g. jdbc:postgresql://127.0.0.1:5432/learncast");
        Map<String, String> params = new LinkedHashMap<>();
        StringBuilder display = new StringBuilder("jdbc:postgresql:").append(server);
        String sep = "?";
        for (String token : query.split("&", -1)) {
            if (token.isEmpty()) continue;
            int eq = token.indexOf('=');
            // pgjdbc decodes names and values (URLDecoder: %XX and '+'); the check is on what it will see
            String key = decode(eq < 0 ? token : token.substring(0, eq), where);
            if (!PG_PARAMS.containsKey(key)) {
                throw refuse(where, "the JDBC URL sets '" + key + "', which learncast does not allow",
                        "learncast accepts only " + String.join(", ", new TreeSet<>(PG_PARAMS.keySet())) + " in a PostgreSQL URL");
            }
            if (eq < 0) throw refuse(where, "the JDBC URL's parameter " + key + " has no value", "write " + key + "=VALUE");
            String value = decode(token.substring(eq + 1), where);
            if (!PG_PARAMS.get(key).test(value)) {
                throw refuse(where, "the JDBC URL's parameter " + key + " has a value learncast does not accept", "see the PostgreSQL JDBC driver's documentation");
            }
            if (params.put(key, value) != null) throw refuse(where, "the JDBC URL sets " + key + " twice", "give each parameter once");
            display.append(sep).append(key).append('=').append(key.contains("password") ? "***" : token.substring(eq + 1));
            sep = "&";
        }
        StringBuilder url = new StringBuilder("jdbc:postgresql:").append(server);
        sep = "?";
        for (Map.Entry<String, String> e : params.entrySet()) {
            url.append(sep).append(e.getKey()).append('=').append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        return new JdbcUrl(StoreLocation.Kind.POSTGRES, url.toString(), db, params, display.toString());
    }

    private static String decode(String s, String where) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refuse(where, "the JDBC URL has a malformed %-escape in '" + s + "'", "escape '%' as %25");
        }
    }

    // ---------------------------------------------------------------- values

    private static UserError refuse(String where, String what, String hint) {
        return new UserError(where, what, hint);
    }

    static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 127) return false;
        return true;
    }

    private static boolean printable(String v) {
        if (v.isEmpty()) return false;
        for (int i = 0; i < v.length(); i++) if (Character.isISOControl(v.charAt(i))) return false;
        return true;
    }

    private static boolean bool(String v) {
        return List.of("TRUE", "FALSE", "true", "false").contains(v);
    }

    private static boolean integer(String v, long min, long max) {
        if (!v.matches("-?[0-9]{1,10}")) return false;
        long x = Long.parseLong(v);
        return x >= min && x <= max;
    }
}
