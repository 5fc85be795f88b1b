package io.learncast.farm.store;

import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The limits an import checks are the ones the store's schema enforces: read from the live H2 schema. */
class StoreLimitsTest {
    @TempDir Path dir;

    @Test
    void theLimitsMatchTheSchema() throws Exception {
        JdbcStore.open(StoreLocation.parse(dir.toString(), "--db")).close();
        Map<String, Long> size = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("learncast"), "learncast", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT COLUMN_NAME, CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'RUNS'")) {
            while (rs.next()) size.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getLong(2));
        }
        assertEquals(StoreLimits.TASK, size.get("task"));
        assertEquals(StoreLimits.TASK_SPEC, size.get("task_spec"));
        assertEquals(StoreLimits.SHAPE_KEY, size.get("shape_key"));
        assertEquals(StoreLimits.SOURCE, size.get("source"));
        assertEquals(StoreLimits.BUDGETS, size.get("budgets"));
        assertEquals(StoreLimits.TRAINER, size.get("trainer"));
        for (String text : new String[] {"config_json", "provenance_json", "extra_json"}) assertEquals(StoreLimits.TEXT, size.get(text), text);
    }
}
