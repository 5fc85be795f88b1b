package io.learncast.farm.store.jdbc;

import io.learncast.common.UserError;
import org.h2.engine.DbObject;
import org.h2.engine.MetaRecord;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.DataType;
import org.h2.mvstore.type.MetaType;
import org.h2.mvstore.type.StringDataType;
import org.h2.result.SearchRow;
import org.h2.value.VersionedValue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an H2 file's schema <em>without</em> H2's SQL engine and refuses the file unless every schema object is of
 * a kind learncast's own migrations create. H2 runs code stored in a database file when it opens it: the Java source
 * of a trigger or an alias is compiled and run, a trigger class is loaded, a table engine is instantiated, and the
 * records of two-phase transactions are Java-deserialised. A {@code --db} folder may hold a file from elsewhere, so
 * it is read first, the way {@code org.h2.tools.Recover} reads it: the MVStore opened read-only, H2's own types
 * decoding the schema table (map {@code table.0}: one row per object, its kind and its SQL), no statement executed.
 *
 * <p>What passes (an allow-list): tables, indexes, constraints, sequences, users, roles, rights, schemas, comments and
 * the settings learncast writes; every word of their SQL outside string literals and quoted names must be one of the
 * words learncast's schema is written with (types, DDL keywords, {@code CURRENT_TIMESTAMP}): a default or constraint
 * calling {@code FILE_READ}, {@code CSVREAD}, {@code LINK_SCHEMA} or anything else is refused, and so is a quoted name
 * called like a function, a comment or a dollar-quoted body. The file's type registry may name only H2's own storage
 * types (it is read before the schema, and H2 instantiates the classes it names). Nothing is written: the store is
 * opened read-only, under a shared lock held for the few milliseconds of the read.
 */
final class H2FileCheck {

    /** What the check found. */
    enum Outcome {
        /** No file (or an empty one): H2 will create a new store; nothing to check. */
        ABSENT,
        /** The file's schema is learncast's kind of schema. */
        PASSED,
        /** Another process holds the file (its lock refused our read): it checked the file when it opened it. */
        HELD
    }

    /** The storage types H2 2.4 registers for a database's maps: the only classes the type registry may name. */
    private static final Set<String> STORAGE_TYPES = Set.of(
            "org.h2.mvstore.db.RowDataType$Factory",
            "org.h2.mvstore.db.ValueDataType$Factory",
            "org.h2.mvstore.db.NullValueDataType",
            "org.h2.mvstore.db.LobStorageMap$BlobReference$Type",
            "org.h2.mvstore.db.LobStorageMap$BlobMeta$Type",
            "org.h2.mvstore.type.LongDataType",
            "org.h2.mvstore.type.ByteArrayDataType",
            "org.h2.mvstore.type.StringDataType");
    /** Wraps another registered type, written right after its own name. */
    private static final String VERSIONED = "org.h2.mvstore.tx.VersionedValueType$Factory";

    /**
     * Words learncast's schema is written with (H2 2.4's own SQL for the objects its migrations create). Names are
     * quoted in that SQL, so these are keywords, types and the one niladic function the defaults use.
     */
    private static final Set<String> WORDS = Set.of(
            "CREATE", "CACHED", "TABLE", "IF", "NOT", "EXISTS", "NULL", "DEFAULT", "ON", "ALTER", "ADD",
            "CONSTRAINT", "PRIMARY", "KEY", "UNIQUE", "NULLS", "DISTINCT", "FIRST", "LAST", "ASC", "DESC", "INDEX",
            "FOREIGN", "REFERENCES", "DELETE", "UPDATE", "CASCADE", "RESTRICT", "NO", "ACTION", "SET", "NOCHECK",
            "SEQUENCE", "START", "WITH", "RESTART", "INCREMENT", "BY", "MINVALUE", "MAXVALUE", "CACHE", "CYCLE",
            "BELONGS_TO_TABLE", "AS", "GENERATED", "ALWAYS", "IDENTITY", "SELECTIVITY",
            "USER", "SALT", "HASH", "ADMIN", "ROLE", "SCHEMA", "AUTHORIZATION", "COMMENT", "IS", "COLUMN",
            "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "BOOLEAN", "CHARACTER", "VARYING", "LARGE", "OBJECT",
            "BINARY", "DOUBLE", "PRECISION", "REAL", "NUMERIC", "DECFLOAT", "TIMESTAMP", "TIME", "ZONE", "DATE",
            "WITHOUT", "CURRENT_TIMESTAMP", "TRUE", "FALSE",
            // the settings learncast's stores hold (SET CREATE_BUILD by H2, SET WRITE_DELAY by StoreLocation's URL)
            "CREATE_BUILD", "WRITE_DELAY");
    /** GRANT's words, allowed in rights only. */
    private static final Set<String> RIGHT_WORDS = Set.of("GRANT", "SELECT", "INSERT", "UPDATE", "DELETE", "TO", "ALL", "ON", "SCHEMA");

    static {
        // Database sets H2's system properties (its bind address, …) before H2 first loads; reading a file loads H2
        java.util.Objects.requireNonNull(Database.MIN_H2);
    }

    private H2FileCheck() { }

    /** An embedded open of the checked file. */
    interface Open<T> {
        T open() throws SQLException;
    }

    /**
     * Opens an embedded H2 file the way learncast must: {@code open} runs only after the file passed {@link #check},
     * unless H2 has the file open in this process already (then H2 does not read it again, and it must not be read
     * here either: closing our read of a file this process holds would release H2's lock on it — POSIX locks belong to
     * the process). Checks and opens in this process take turns, so no check reads a file another thread is opening.
     *
     * @throws SQLException H2's "file is locked" (90020) if another process holds the file; whatever {@code open} throws
     * @throws UserError if the file is refused
     */
    static <T> T open(Path mvDb, String where, Open<T> open) throws SQLException {
        synchronized (TURNS) {
            if (!openInThisProcess(mvDb) && check(mvDb, where) == Outcome.HELD) {
                throw new SQLException("The file is locked: " + mvDb + " (another process holds it)", "HY000", LOCKED);
            }
            return open.open();
        }
    }

    /** H2's "database already open" (DATABASE_ALREADY_OPEN_1). */
    static final int LOCKED = 90020;

    private static final Object TURNS = new Object();

    /** The {@code .mv.db} file of an embedded H2 URL ({@code jdbc:h2:file:PATH;…} or {@code jdbc:h2:PATH;…}). */
    static Path mvDbOf(String jdbcUrl) {
        return mvDbOf(databasePathOf(jdbcUrl));
    }

    /** The {@code .mv.db} file of a database path ({@link #databasePathOf}). */
    static Path mvDbOf(Path databasePath) {
        return databasePath.resolveSibling(databasePath.getFileName() + ".mv.db");
    }

    /** The database path (without H2's suffix) of an embedded H2 URL, absolute. */
    static Path databasePathOf(String jdbcUrl) {
        int semi = jdbcUrl.indexOf(';');
        String db = (semi < 0 ? jdbcUrl : jdbcUrl.substring(0, semi)).substring("jdbc:h2:".length());
        String file = db.startsWith("file:") ? db.substring(5) : db;
        if (file.startsWith("~")) file = System.getProperty("user.home") + file.substring(1);
        return Path.of(file).toAbsolutePath().normalize();
    }

    /** Whether H2 has this database open (or is opening it) in this process: its engine's table of open databases. */
    static boolean openInThisProcess(Path mvDb) {
        if (ENGINE_DATABASES == null) return false;
        String name = mvDb.toString();
        try {
            String real = org.h2.store.fs.FileUtils.toRealPath(name);
            String key = real.endsWith(".mv.db") ? real.substring(0, real.length() - ".mv.db".length()) : real;
            synchronized (ENGINE_DATABASES) {
                return ENGINE_DATABASES.containsKey(key);
            }
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code org.h2.engine.Engine.DATABASES} (H2 2.4), or null if this H2 keeps it elsewhere. */
    private static final Map<?, ?> ENGINE_DATABASES = engineDatabases();

    private static Map<?, ?> engineDatabases() {
        try {
            java.lang.reflect.Field f = Class.forName("org.h2.engine.Engine").getDeclaredField("DATABASES");
            f.setAccessible(true);
            return (Map<?, ?>) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(H2FileCheck.class).warn("cannot see which H2 files this process has open ({}):"
                    + " a file this process already holds is read again only if learncast does not know it holds it", e.toString());
            return null;
        }
    }

    /**
     * Checks the H2 file {@code mvDb} (a {@code .mv.db} path) before H2 opens it.
     *
     * @param where what the user named the store with ({@code --db …}), for the error
     * @throws UserError if the file holds anything but learncast's kind of schema, or cannot be read
     */
    static Outcome check(Path mvDb, String where) {
        try {
            if (!Files.exists(mvDb) || Files.size(mvDb) == 0) return Outcome.ABSENT;
        } catch (IOException e) {
            throw new UserError(where, "cannot read " + mvDb + " (" + e.getMessage() + ")", "check the file's permissions");
        }
        try (MVStore mv = new MVStore.Builder().fileName(mvDb.toString()).readOnly().cacheSize(4).open()) {
            checkStore(mv, mvDb, where);
            return Outcome.PASSED;
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) return Outcome.HELD;
            throw unreadable(mvDb, where, e);
        } catch (Refused r) {
            throw new UserError(where, "the H2 file " + mvDb + " holds " + r.getMessage() + "; H2 runs code such a file holds"
                    + " as it opens it, so learncast opens only files with its own kinds of schema objects (tables, indexes,"
                    + " constraints, sequences, users) and did not open this one",
                    "share runs with `learncast corpus export` and `corpus import` (every record is checked); for a store from"
                    + " elsewhere, ask for such an export");
        } catch (UserError e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw unreadable(mvDb, where, e);
        }
    }

    private static UserError unreadable(Path mvDb, String where, Throwable e) {
        return new UserError(where, "cannot read the schema of the H2 file " + mvDb + " (" + Database.rootMessage(e)
                + "), so it is not opened: H2 runs code a database file holds when it opens it",
                "point --db at a learncast store folder (or an empty one); share runs with `corpus export` / `corpus import`");
    }

    /** Why a file is refused: the object, named (the message completes "it holds …"). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) { super(message, null, false, false); }
    }

    private static void checkStore(MVStore mv, Path mvDb, String where) {
        Map<String, String> meta = mv.getMetaMap();
        // records of prepared (two-phase) transactions: H2 reads them with a Java ObjectInputStream when it opens the file
        String txId = meta.get("name.openTransactions");
        if (txId != null) {
            String root = mv.getLayoutMap().get("root." + txId);
            if (root != null && !root.equals("0")) throw new Refused("prepared two-phase transactions (read back as Java objects)");
        }
        String registryId = meta.get("name._");
        if (registryId == null) {
            if (meta.get("name.table.0") != null) throw new Refused("a schema table without H2's type registry");
            return; // an MVStore without a database in it: H2 creates one
        }
        // the type registry names the classes H2 instantiates for every map: H2's own storage types only
        MVMap<String, DataType<?>> registry = mv.openMap("_", new MVMap.Builder<String, DataType<?>>()
                .keyType(StringDataType.INSTANCE).valueType(new CheckedMetaType()));
        for (Map.Entry<String, DataType<?>> e : registry.entrySet()) {
            if (e.getValue() == null) throw new Refused("an empty storage type");
        }
        String tableId = meta.get("name.table.0");
        if (tableId == null) return; // no schema yet
        Map<String, String> config = DataUtils.parseMap(meta.get("map." + tableId));
        DataType<?> keyType = registry.get(config.get("key"));
        DataType<?> valueType = registry.get(config.get("val"));
        if (keyType == null || valueType == null) throw new Refused("a schema table of unknown storage types");
        @SuppressWarnings({"unchecked", "rawtypes"})
        MVMap<Object, Object> schema = mv.openMap("table.0", new MVMap.Builder<Object, Object>()
                .keyType((DataType) keyType).valueType((DataType) valueType));
        for (Map.Entry<Object, Object> e : schema.entrySet()) {
            if (!(e.getValue() instanceof VersionedValue<?> v)) throw new Refused("a schema row of an unknown form");
            // a row changed by a transaction that did not finish: check what it was and what it would become (a committed
            // row is both, checked once)
            Object current = v.getCurrentValue();
            Object committed = v.getCommittedValue();
            checkRow(current);
            if (committed != current) checkRow(committed);
        }
    }

    /** One row of the schema table (null: none), as H2 would read it back. */
    private static void checkRow(Object row) {
        if (row == null) return;
        if (!(row instanceof SearchRow r)) throw new Refused("a schema row of an unknown form");
        MetaRecord record = new MetaRecord(r);
        checkObject(record.getObjectType(), record.getSQL());
    }

    /** One schema object: its kind, the form of its statement, and the words it uses. */
    static void checkObject(int type, String sql) {
        if (sql == null) throw new Refused("a schema object without SQL");
        List<String> prefixes = switch (type) {
            case DbObject.TABLE_OR_VIEW -> List.of("CREATE CACHED TABLE ");
            case DbObject.INDEX -> List.of("CREATE INDEX ", "CREATE UNIQUE INDEX ", "CREATE UNIQUE NULLS DISTINCT INDEX ",
                    "CREATE UNIQUE NULLS NOT DISTINCT INDEX ", "CREATE PRIMARY KEY ");
            case DbObject.USER -> List.of("CREATE USER ");
            case DbObject.SEQUENCE -> List.of("CREATE SEQUENCE ");
            case DbObject.CONSTRAINT -> List.of("ALTER TABLE ");
            case DbObject.SETTING -> List.of("SET CREATE_BUILD ", "SET WRITE_DELAY ");
            case DbObject.ROLE -> List.of("CREATE ROLE ");
            case DbObject.RIGHT -> List.of("GRANT ");
            case DbObject.SCHEMA -> List.of("CREATE SCHEMA ");
            case DbObject.COMMENT -> List.of("COMMENT ON ");
            default -> List.of();
        };
        if (prefixes.isEmpty()) throw new Refused(describe(type, sql));
        if (prefixes.stream().noneMatch(sql::startsWith)) throw new Refused(describe(type, sql) + " of a form learncast never creates");
        checkWords(type, sql);
    }

    /** A short name for an object: its kind and name ("trigger T1 on table RUNS"), from its SQL. */
    static String describe(int type, String sql) {
        String kind = switch (type) {
            case DbObject.TABLE_OR_VIEW -> sql.contains(" VIEW ") ? "view" : sql.contains(" LINKED TABLE ") ? "linked table" : "table";
            case DbObject.INDEX -> "index";
            case DbObject.USER -> "user";
            case DbObject.SEQUENCE -> "sequence";
            case DbObject.TRIGGER -> "trigger";
            case DbObject.CONSTRAINT -> "constraint";
            case DbObject.SETTING -> "setting";
            case DbObject.ROLE -> "role";
            case DbObject.RIGHT -> "right";
            case DbObject.FUNCTION_ALIAS -> sql.contains("$$") ? "Java-source function alias" : "Java function alias";
            case DbObject.SCHEMA -> "schema";
            case DbObject.CONSTANT -> "constant";
            case DbObject.DOMAIN -> "domain";
            case DbObject.COMMENT -> "comment";
            case DbObject.AGGREGATE -> "user-defined aggregate";
            case DbObject.SYNONYM -> "synonym";
            default -> "schema object of kind " + type;
        };
        if (type == DbObject.SETTING) {
            String[] w = sql.split(" ", 3);
            return "the setting " + (w.length > 1 ? clip(w[1]) : clip(sql));
        }
        int body = sql.indexOf("$$"); // a Java-source trigger or alias: its name and table come before the body
        List<Token> tokens = lex(body < 0 ? sql : sql.substring(0, body), true);
        // the object's name follows its kind's keyword; a trigger's and an index's table follows ON, a constraint's ALTER TABLE
        Set<String> nameAfter = Set.of("TABLE", "VIEW", "INDEX", "KEY", "CONSTRAINT", "SEQUENCE", "TRIGGER", "ALIAS", "AGGREGATE",
                "USER", "CONSTANT", "DOMAIN", "SCHEMA", "ROLE", "SYNONYM");
        String name = null;
        String on = null;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind != Kind.WORD || tokens.get(i + 1).kind != Kind.QUOTED) continue;
            String chain = lastOfChain(tokens, i + 1);
            if (type == DbObject.CONSTRAINT && t.text.equals("TABLE") && on == null) on = chain;
            else if (nameAfter.contains(t.text) && name == null) name = chain;
            else if (t.text.equals("ON") && on == null && (type == DbObject.TRIGGER || type == DbObject.INDEX)) on = chain;
        }
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind + (name == null ? "" : " " + clip(name))
                + (on == null ? "" : " on table " + clip(on));
    }

    private static String lastOfChain(List<Token> tokens, int i) {
        String name = tokens.get(i).text;
        while (i + 2 < tokens.size() && tokens.get(i + 1).isPunct('.') && tokens.get(i + 2).kind == Kind.QUOTED) {
            i += 2;
            name = tokens.get(i).text;
        }
        return name;
    }

    private static String clip(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() <= 60 ? t : t.substring(0, 57) + "...";
    }

    private static void checkWords(int type, String sql) {
        List<Token> tokens;
        try {
            tokens = lex(sql, false);
        } catch (Refused r) {
            throw new Refused(describe(type, sql) + " written with " + r.getMessage());
        }
        java.util.LinkedHashSet<String> unknown = new java.util.LinkedHashSet<>();
        for (Token t : tokens) {
            if (t.kind == Kind.WORD && !WORDS.contains(t.text) && !(type == DbObject.RIGHT && RIGHT_WORDS.contains(t.text))) unknown.add(clip(t.text));
        }
        if (!unknown.isEmpty()) {
            List<String> some = new ArrayList<>(unknown).subList(0, Math.min(5, unknown.size()));
            throw new Refused(describe(type, sql) + " using " + String.join(", ", some) + (unknown.size() > 5 ? ", …" : "")
                    + " (learncast's schema uses none of " + (unknown.size() == 1 ? "it" : "them") + ")");
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            // a quoted name followed by '(' is a call, unless it is the table of TABLE/ON/REFERENCES "S"."T"(columns)
            if (t.kind == Kind.QUOTED && i + 1 < tokens.size() && tokens.get(i + 1).isPunct('(')) {
                int start = i;
                while (start >= 2 && tokens.get(start - 1).isPunct('.') && tokens.get(start - 2).kind == Kind.QUOTED) start -= 2;
                Token before = start > 0 ? tokens.get(start - 1) : null;
                boolean tableRef = before != null && before.kind == Kind.WORD
                        && (before.text.equals("TABLE") || before.text.equals("ON") || before.text.equals("REFERENCES"));
                if (!tableRef) throw new Refused(describe(type, sql) + " calling " + clip(t.text) + "(…)");
            }
        }
    }

    enum Kind { WORD, QUOTED, STRING, NUMBER, PUNCT }

    record Token(Kind kind, String text) {
        boolean isPunct(char c) { return kind == Kind.PUNCT && text.charAt(0) == c; }
    }

    /**
     * Splits SQL as H2 writes it into words (upper-cased), quoted names, string literals, numbers and the punctuation of
     * DDL ({@code ( ) , . + -}). Anything else — comments, dollar quotes, operators, brackets, semicolons — is refused:
     * learncast's schema has none, and reading it differently from H2's parser is how a check is fooled.
     */
    static List<Token> lex(String sql, boolean tolerant) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                i++;
            } else if ((c == 'U' || c == 'u') && i + 2 < n && sql.charAt(i + 1) == '&' && (sql.charAt(i + 2) == '\'' || sql.charAt(i + 2) == '"')) {
                i = quoted(sql, i + 2, out, tolerant); // U&'…' / U&"…": H2 writes strings with line breaks so
            } else if (c == '\'' || c == '"') {
                i = quoted(sql, i, out, tolerant);
            } else if (c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                int j = i + 1;
                while (j < n && (sql.charAt(j) == '_' || Character.isLetterOrDigit(sql.charAt(j)) && sql.charAt(j) < 128)) j++;
                if (j < n && (sql.charAt(j) == '$' || sql.charAt(j) > 127)) {
                    if (tolerant) return out;
                    throw new Refused("an unusual name");
                }
                out.add(new Token(Kind.WORD, sql.substring(i, j).toUpperCase(Locale.ROOT)));
                i = j;
            } else if (c >= '0' && c <= '9') {
                int j = i + 1;
                while (j < n && (Character.isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) j++;
                if (j < n && (sql.charAt(j) == 'E' || sql.charAt(j) == 'e')) {
                    j++;
                    if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) j++;
                    while (j < n && Character.isDigit(sql.charAt(j))) j++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(i, j)));
                i = j;
            } else if (c == '(' || c == ')' || c == ',' || c == '.' || c == '-' || c == '+') {
                if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                    if (tolerant) return out;
                    throw new Refused("a comment");
                }
                out.add(new Token(Kind.PUNCT, String.valueOf(c)));
                i++;
            } else {
                if (tolerant) return out;
                throw new Refused("'" + (Character.isISOControl(c) ? "\\u" + Integer.toHexString(c) : String.valueOf(c))
                        + "' (learncast's schema has none)");
            }
        }
        return out;
    }

    /** Reads '…' or "…" (a doubled quote stands for itself) from {@code i}; returns the index after it. */
    private static int quoted(String sql, int i, List<Token> out, boolean tolerant) {
        char q = sql.charAt(i);
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        while (true) {
            if (j >= sql.length()) {
                if (tolerant) return j;
                throw new Refused("an unterminated quote");
            }
            char c = sql.charAt(j);
            if (c == q) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == q) {
                    sb.append(q);
                    j += 2;
                    continue;
                }
                break;
            }
            sb.append(c);
            j++;
        }
        out.add(new Token(q == '"' ? Kind.QUOTED : Kind.STRING, sb.toString()));
        return j + 1;
    }

    /**
     * The type registry's values, read by H2's own {@link MetaType} once the class names they start with (and the one
     * they wrap, for versioned values) are H2 storage types: MetaType would load and instantiate any class named there.
     */
    private static final class CheckedMetaType extends BasicDataType<DataType<?>> {
        private final MetaType<Object> h2 = new MetaType<>(null, null);

        @Override
        public DataType<?> read(ByteBuffer buff) {
            ByteBuffer peek = buff.duplicate();
            for (int depth = 0; ; depth++) {
                int len = DataUtils.readVarInt(peek);
                if (len <= 0 || len > 200 || len > peek.remaining()) throw new Refused("a damaged storage type");
                String className = DataUtils.readString(peek, len);
                if (VERSIONED.equals(className) && depth < 3) continue; // its wrapped type's name follows
                if (!STORAGE_TYPES.contains(className)) throw new Refused("the storage type " + clip(className) + ", not one of H2's");
                break;
            }
            return h2.read(buff);
        }

        @Override
        public void write(WriteBuffer buff, DataType<?> obj) { throw new UnsupportedOperationException("read only"); }

        @Override
        public int getMemory(DataType<?> obj) { return 64; }

        @Override
        public DataType<?>[] createStorage(int size) { return new DataType<?>[size]; }

        @Override
        public int compare(DataType<?> a, DataType<?> b) { throw new UnsupportedOperationException(); }
    }
}
