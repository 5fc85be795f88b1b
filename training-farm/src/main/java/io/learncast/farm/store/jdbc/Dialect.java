package io.learncast.farm.store.jdbc;

import io.learncast.farm.store.StoreLocation;

import java.util.Map;

/** The SQL that differs between H2 and PostgreSQL. Fragments are constants: nothing here comes from input. */
enum Dialect {
    H2("VARCHAR(1000000)", "BLOB",
            "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)",
            "DATEADD(MINUTE, -?, CURRENT_TIMESTAMP)"),
    POSTGRES("TEXT", "BYTEA",
            "(CURRENT_TIMESTAMP + CAST(? AS DOUBLE PRECISION) * INTERVAL '1 millisecond')",
            "(CURRENT_TIMESTAMP - CAST(? AS DOUBLE PRECISION) * INTERVAL '1 minute')");

    final String textType;
    final String blobType;
    /** The database time {@code ?} milliseconds from now. */
    final String nowPlusMillis;
    /** The database time {@code ?} minutes ago. */
    final String minutesAgo;

    Dialect(String textType, String blobType, String nowPlusMillis, String minutesAgo) {
        this.textType = textType;
        this.blobType = blobType;
        this.nowPlusMillis = nowPlusMillis;
        this.minutesAgo = minutesAgo;
    }

    static Dialect of(StoreLocation loc) { return loc.isH2() ? H2 : POSTGRES; }

    Map<String, String> placeholders() { return Map.of("text", textType, "blob", blobType); }
}
