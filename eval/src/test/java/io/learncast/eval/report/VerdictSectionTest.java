package io.learncast.eval.report;

import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The verdict's report section: listed once, and on a store without curves it says what would fill it instead of drawing nothing. */
class VerdictSectionTest {
    @TempDir Path dir;

    @Test
    void isListedOnceInTheReport() {
        assertEquals(1, ReportSections.all().stream().filter(s -> s.id().equals("verdict")).count());
    }

    @Test
    void anEmptyStoreGetsItsHeadingAndWhatWouldFillIt() {
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "db"))) {
            HtmlReport r = new HtmlReport("t");
            new VerdictSection().write(new ReportContext(s, List.of(), Optional.empty(), 1, Instant.now()), r);
            String html = r.render();
            assertTrue(html.contains("<h2>Early verdict</h2>"), html);
            assertTrue(html.contains("learncast verdict fit"), html);
            assertEquals(0, r.figureCount());
        }
    }
}
