package db.migration;

import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The typed knob columns of {@code runs}, derived from the knob catalogue: a repeatable migration whose
 * checksum is the catalogue's column list, so declaring a knob adds its column (old rows get the knob's
 * default) on H2 and PostgreSQL alike, with no hand-written SQL. Columns are catalogue constants, never input.
 */
public final class R__knob_columns extends BaseJavaMigration {

    @Override
    public Integer getChecksum() { return ddl().hashCode(); }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection conn = context.getConnection();
        Set<String> have = columns(conn);
        try (Statement st = conn.createStatement()) {
            for (Knob<?> k : KnobCatalogue.all()) {
                if (have.contains(k.column().toLowerCase(Locale.ROOT))) continue;
                st.execute("ALTER TABLE runs ADD COLUMN " + k.column() + " " + sqlType(k) + defaultClause(k));
            }
        }
    }

    private static Set<String> columns(Connection conn) throws SQLException {
        Set<String> out = new HashSet<>();
        DatabaseMetaData md = conn.getMetaData();
        for (String table : new String[] {"runs", "RUNS"}) {
            try (ResultSet rs = md.getColumns(null, null, table, null)) {
                while (rs.next()) out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The columns and types, in catalogue order: what the checksum covers. */
    static String ddl() {
        StringBuilder sb = new StringBuilder();
        for (Knob<?> k : KnobCatalogue.all()) sb.append(k.column()).append(' ').append(sqlType(k)).append(defaultClause(k)).append(';');
        return sb.toString();
    }

    static String sqlType(Knob<?> k) {
        return switch (k.type()) {
            case INT -> "INT";
            case LONG -> "BIGINT";
            case REAL -> "DOUBLE PRECISION";
            case CHOICE -> "VARCHAR(40)";
            case TEXT -> "VARCHAR(400)";
        };
    }

    private static String defaultClause(Knob<?> k) {
        Object d = k.defaultConstant();
        if (d == null) return "";
        if (d instanceof Number) return " DEFAULT " + d;
        return " DEFAULT '" + k.show(d).replace("'", "''") + "'";
    }
}
