package io.learncast.eval.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Figures render to real, non-blank PNGs, and the page embeds them with nothing to fetch. */
class ChartsTest {
    @TempDir Path dir;

    static int distinctColours(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int x = 0; x < img.getWidth(); x += 3) for (int y = 0; y < img.getHeight(); y += 3) c.add(img.getRGB(x, y));
        return c.size();
    }

    @Test
    void everyChartKindRendersAPicture() throws Exception {
        byte[] heat = Charts.heatmap("phase", "train frac", List.of("0.3", "0.5", "0.8"), "wd", List.of("0.1", "1"),
                new double[][] {{0, 0.2, 0.9}, {0.1, Double.NaN, 1}}, 500, 350);
        byte[] line = Charts.lines("curve", "step", "acc", List.of(new Charts.Series("test", new double[] {0, 100, 200}, new double[] {0, 0.5, 1})),
                false, 0.0, 1.0, 500, 350);
        byte[] cal = Charts.calibration("calibration", new double[] {0.1, 0.5, 0.9}, new double[] {0.12, 0.45, 0.93}, 400, 400);
        byte[] bars = Charts.bars("importance", "mean |attribution|", Map.of("log lr×wd", 0.4, "train frac", 0.3), 500, 300);
        for (byte[] png : List.of(heat, line, cal, bars)) assertTrue(distinctColours(png) > 5, "a real figure, not a blank image");
        HtmlReport r = new HtmlReport("t").section("s", "S").figure("f", heat, "a <phase> diagram");
        Path out = dir.resolve("r.html");
        r.write(out);
        String html = Files.readString(out);
        assertTrue(html.contains("data:image/png;base64,"));
        assertTrue(html.contains("a &lt;phase&gt; diagram"), "captions are escaped");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"), "nothing to fetch at view time");
    }
}
