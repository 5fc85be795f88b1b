package io.learncast.eval.report;

import io.learncast.common.Seeds;
import io.learncast.eval.scoring.SyntheticStore;
import io.learncast.farm.store.Store;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.store.ForecasterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Every section renders on a real store with a fitted forecaster; the page is offline and its figures are real images. */
class ReportRenderTest {
    @TempDir Path dir;

    static final Pattern SECTION = Pattern.compile("<section id=\"([^\"]+)\">");
    static final Pattern FIGURE = Pattern.compile("<figure id=\"([^\"]+)\"><img alt=\"[^\"]*\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">");

    @Test
    void everySectionRendersWithNonEmptyFiguresAndNothingFromTheNetwork() throws Exception {
        try (Store s = SyntheticStore.open(dir, 40, 2, 3)) {
            FeatureTable t = Corpus.table(s, FeatureTable.Options.defaults());
            ForecasterRegistry.save(s, ForecasterFitter.fit(t, ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK)));
            ReportContext ctx = new ReportContext(s, SyntheticStore.runs(s), ForecasterRegistry.active(s), Seeds.DEFAULT_MASTER, Instant.now());
            HtmlReport report = new HtmlReport("test");
            for (ReportSection sec : ReportSections.all()) sec.write(ctx, report);
            Path out = dir.resolve("report.html");
            report.write(out);
            String html = Files.readString(out);

            Set<String> ids = new HashSet<>();
            Matcher m = SECTION.matcher(html);
            while (m.find()) ids.add(m.group(1));
            for (ReportSection sec : ReportSections.all()) assertTrue(ids.contains(sec.id()), "section " + sec.id() + " is present");
            assertTrue(ids.containsAll(List.of("corpus", "metrics", "phase", "calibration", "importance", "curves", "provenance")), ids.toString());

            Set<String> figures = new HashSet<>();
            Matcher f = FIGURE.matcher(html);
            while (f.find()) {
                figures.add(f.group(1));
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(f.group(2))));
                assertNotNull(img, f.group(1) + " is a PNG");
                assertTrue(img.getWidth() >= 200 && img.getHeight() >= 200, f.group(1));
                assertTrue(distinctColours(img) > 5, f.group(1) + " is not blank");
            }
            assertTrue(figures.contains("calibration-plot") && figures.contains("importance-plot"), figures.toString());
            assertTrue(figures.stream().anyMatch(x -> x.startsWith("phase-observed-")) && figures.stream().anyMatch(x -> x.startsWith("phase-forecast-")), figures.toString());
            assertTrue(figures.contains("curve-learned-early") && figures.contains("curve-never-learned") && figures.contains("curve-diverged"), figures.toString());
            assertEquals(report.figureCount(), figures.size());

            assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"?(https?:)?//", Pattern.CASE_INSENSITIVE).matcher(html).find(), "nothing loads from the network");
            assertFalse(html.contains("<script"), "no scripts");
            assertTrue(html.contains("forecaster Brier".substring(1)) || html.contains("Forecaster Brier / GBT Brier"), "metrics compare with GBT");
            assertTrue(html.contains(t.corpusHash()), "provenance carries the corpus hash");
        }
    }

    @Test
    void sectionsWithoutAForecasterSaySoInsteadOfDrawingNothing() throws Exception {
        try (Store s = SyntheticStore.open(dir, 20, 2, 4)) {
            ReportContext ctx = new ReportContext(s, SyntheticStore.runs(s), Optional.empty(), Seeds.DEFAULT_MASTER, Instant.now());
            HtmlReport report = new HtmlReport("test");
            for (ReportSection sec : ReportSections.all()) if (sec.needsForecaster()) sec.write(ctx, report);
            assertTrue(report.render().contains("No forecaster has been fitted"));
            assertEquals(0, report.figureCount());
        }
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> c = new HashSet<>();
        for (int x = 0; x < img.getWidth(); x += 3) for (int y = 0; y < img.getHeight(); y += 3) c.add(img.getRGB(x, y));
        return c.size();
    }
}
