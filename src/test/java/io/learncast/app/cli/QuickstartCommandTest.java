package io.learncast.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The main job in a reduced size: a tiny sweep trained for real (fast trainer, two workers, a real H2
 * file), a real fit, the scores, the report with every section, and an example forecast; then a second
 * call that trains and refits nothing.
 */
class QuickstartCommandTest {
    @TempDir Path dir;

    @Test
    void reducedQuickstartEndToEndThenReuse() throws Exception {
        Path grid = dir.resolve("tiny-parity.yaml");
        try (InputStream in = QuickstartCommandTest.class.getResourceAsStream("/quickstart-tiny/tiny-parity.yaml")) {
            Files.write(grid, in.readAllBytes());
        }
        String db = dir.resolve("store").toString();
        CliRunner.Result first = CliRunner.run("quickstart", "--db", db, "--grid", grid.toString(), "--search", "quick");
        assertEquals(0, first.code(), first.err() + first.out());
        String out = first.out();
        assertTrue(out.contains("24 runs: 24 added"), out);
        Matcher trained = Pattern.compile("trained 24 runs in .*: learned (\\d+) · not learned (\\d+)").matcher(out);
        assertTrue(trained.find(), out);
        int learned = Integer.parseInt(trained.group(1));
        assertTrue(learned >= 4 && learned <= 20, "the tiny sweep has both outcomes: " + learned + " of 24 learned");
        assertTrue(out.contains("registered as model #1"), out);
        assertTrue(out.contains("; beyond the corpus it leans on cure(linear,λπ=3,λμ=3)"), out);
        assertTrue(out.contains("split kfold:5") && out.contains("majority") && out.contains("log-compute"), out);
        assertTrue(out.contains("example forecast for a config it never trained") && out.contains("P(learn) = "), out);
        Path report = dir.resolve("store").resolve("report.html");
        assertTrue(out.contains("report: " + report.toAbsolutePath()), out);
        String html = Files.readString(report, StandardCharsets.UTF_8);
        for (String id : new String[] {"corpus", "metrics", "phase", "calibration", "importance", "curves", "provenance"}) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        assertTrue(html.contains("id=\"curve-learned-early\"") && html.contains("id=\"curve-never-learned\""), "example curves");
        assertTrue(html.contains("id=\"phase-observed-") && html.contains("id=\"phase-forecast-"), "phase diagrams");

        CliRunner.Result again = CliRunner.run("quickstart", "--db", db, "--grid", grid.toString(), "--search", "quick");
        assertEquals(0, again.code(), again.err() + again.out());
        assertTrue(again.out().contains("24 runs: 0 added, 24 already in the store"), again.out());
        assertTrue(again.out().contains("nothing to train"), again.out());
        assertTrue(again.out().contains("model #1 was fitted on this corpus") && again.out().contains("reused"), again.out());
        assertFalse(again.out().contains("registered as model #2"), again.out());
    }

    @Test
    void theShippedGridsAreTheOnesInGrids() throws Exception {
        Path grids = Path.of(System.getProperty("user.dir")).getParent().resolve("grids");
        if (!Files.isDirectory(grids)) grids = Path.of("grids");
        for (String name : QuickstartCommand.DEFAULT_GRIDS) {
            try (InputStream in = QuickstartCommand.class.getResourceAsStream("/quickstart/" + name)) {
                assertNotNull(in, name);
                assertEquals(Files.readString(grids.resolve(name)), new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        "the jar's /quickstart/" + name + " must be grids/" + name + " (src/pom.xml copies it)");
            }
        }
    }
}
