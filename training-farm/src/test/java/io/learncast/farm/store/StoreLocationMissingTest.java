package io.learncast.farm.store;

import io.learncast.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link StoreLocation#missingEmbedded(String, String)}: what read-only options ({@code --also-db}, {@code --verdict-db})
 * ask before opening another store — is there an embedded store there? — answered without creating anything.
 */
class StoreLocationMissingTest {
    @TempDir Path dir;

    @Test
    void aFolderOrFileUrlWithoutAStoreIsMissingAndStaysAbsent() {
        Path nowhere = dir.resolve("nowhere");
        assertEquals(Optional.of(nowhere.toAbsolutePath().normalize()), StoreLocation.missingEmbedded(nowhere.toString(), "--also-db"));
        Optional<Path> url = StoreLocation.missingEmbedded("jdbc:h2:file:" + nowhere.resolve("learncast"), "--verdict-db");
        assertEquals(Optional.of(nowhere.toAbsolutePath().normalize()), url, "a jdbc:h2:file: URL to no database is missing too");
        assertFalse(Files.exists(nowhere), "asking creates nothing");
    }

    @Test
    void aStoreThatExistsIsNotMissing() throws Exception {
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        Files.writeString(store.resolve(StoreLocation.DB_NAME + ".mv.db"), "");
        assertEquals(Optional.empty(), StoreLocation.missingEmbedded(store.toString(), "--also-db"));
        assertEquals(Optional.empty(), StoreLocation.missingEmbedded("jdbc:h2:file:" + store.resolve(StoreLocation.DB_NAME), "--also-db"));
    }

    @Test
    void serverUrlsAreNotJudgedHereAndBadUrlsNameTheirOption() {
        assertEquals(Optional.empty(), StoreLocation.missingEmbedded("jdbc:postgresql://127.0.0.1:5432/learncast", "--verdict-db"),
                "a server is asked when it is opened");
        UserError e = assertThrows(UserError.class, () -> StoreLocation.missingEmbedded("jdbc:h2:mem:x;INIT=SELECT 1", "--verdict-db"));
        assertEquals("--verdict-db", e.where());
    }
}
