package io.learncast.farm.store;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The stores tests run against: an embedded H2 file, and a fresh database on the PostgreSQL server
 * that {@code ./run-tests} starts ({@code LEARNCAST_TEST_PG_URL}). Without that server PostgreSQL
 * cases are skipped — unless {@code LEARNCAST_REQUIRE_PG=1} (as in CI), where they fail.
 */
public final class TestStores {
    private TestStores() {}

    public static final String PG_ENV = "LEARNCAST_TEST_PG_URL";

    public static StoreLocation h2(Path dir) {
        return StoreLocation.parse(dir.toString(), "--db");
    }

    public static boolean postgresAvailable() {
        String url = System.getenv(PG_ENV);
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("LEARNCAST_REQUIRE_PG"))) {
                throw new IllegalStateException(PG_ENV + " is not set, but LEARNCAST_REQUIRE_PG=1: start it with .ci/postgres start");
            }
            return false;
        }
        return true;
    }

    /** A new, empty PostgreSQL database (skips the test when no server is configured). */
    public static StoreLocation postgres() {
        Assumptions.assumeTrue(postgresAvailable(), "no PostgreSQL server for tests (" + PG_ENV + ")");
        String admin = System.getenv(PG_ENV);
        String name = "lc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name); // name is generated above, not input
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + admin + ": " + e.getMessage(), e);
        }
        String base = admin.substring(0, admin.lastIndexOf('/') + 1);
        String query = admin.contains("?") ? admin.substring(admin.indexOf('?')) : "";
        return StoreLocation.parse(base + name + query, "--db");
    }

    /**
     * A store folder holding the pre-catalogue store (test resource {@code stores/pre-catalogue}: written by learncast before
     * the knob catalogue, three runs), copied so the test may migrate it.
     */
    public static Path preCatalogue(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (InputStream in = TestStores.class.getResourceAsStream("/stores/pre-catalogue/learncast.mv.db")) {
            Files.copy(java.util.Objects.requireNonNull(in, "test resource stores/pre-catalogue/learncast.mv.db"), folder.resolve("learncast.mv.db"));
        }
        return folder;
    }

    /** Both kinds, for parameterised tests. */
    public static List<String> kinds() {
        List<String> k = new ArrayList<>(List.of("h2"));
        if (postgresAvailable()) k.add("postgres");
        return k;
    }

    public static StoreLocation of(String kind, Path dir) {
        return kind.equals("postgres") ? postgres() : h2(dir);
    }
}
