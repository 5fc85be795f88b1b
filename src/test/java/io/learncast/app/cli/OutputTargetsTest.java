package io.learncast.app.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every --out goes through one writer. Found by the hostile pass: as root, {@code report --out /dev/null},
 * {@code corpus export --out} and {@code forecast features --out} renamed a temporary file over the device node.
 * A character device made with mknod (like /dev/null) stands in, so a failure cannot break the machine's own.
 */
class OutputTargetsTest {
    @TempDir Path dir;

    String db() { return dir.resolve("store").toString(); }

    @BeforeEach
    void corpus() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add("{\"task\":\"modadd\",\"p\":23,\"train_frac\":" + (0.3 + 0.05 * i) + ",\"steps\":1000,\"learned\":" + (i > 5)
                    + (i > 5 ? ",\"steps_to_learn\":600" : "") + "}");
        }
        Path f = Files.write(dir.resolve("runs.jsonl"), lines);
        CliRunner.Result r = CliRunner.run("corpus", "import", f.toString(), "--db", db());
        assertEquals(0, r.code(), r.err());
    }

    Path device(String name) throws Exception {
        Path dev = dir.resolve(name);
        Process p = new ProcessBuilder("mknod", dev.toString(), "c", "1", "3").redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "mknod needs root: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return dev;
    }

    static boolean isCharDevice(Path p) throws IOException {
        return (((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000) == 0020000;
    }

    static String[] command(String which, String out, String db) {
        return switch (which) {
            case "report" -> new String[] {"report", "--sections", "corpus,provenance", "--out", out, "--db", db};
            case "export" -> new String[] {"corpus", "export", "--out", out, "--db", db};
            case "export-csv" -> new String[] {"corpus", "export", "--format", "csv", "--out", out, "--db", db};
            case "features" -> new String[] {"forecast", "features", "--out", out, "--db", db};
            default -> throw new IllegalArgumentException(which);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"report", "export", "export-csv", "features"})
    void aDeviceNodeIsWrittenToNotReplaced(String which) throws Exception {
        Path dev = device("null");
        CliRunner.Result r = CliRunner.run(command(which, dev.toString(), db()));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(isCharDevice(dev), which + " replaced the device node with a regular file");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".")), "no temporary file left behind");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"report", "export", "features"})
    void aFifoGetsTheContent(String which) throws Exception {
        Path fifo = dir.resolve("pipe");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo is not available");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        CliRunner.Result r = CliRunner.run(command(which, fifo.toString(), db()));
        assertEquals(0, r.code(), r.out() + r.err());
        String got = reader.get(60, TimeUnit.SECONDS);
        assertTrue(got.contains(which.equals("report") ? "<html" : "modadd"), got.substring(0, Math.min(200, got.length())));
    }

    @Test
    void aDashWritesTheReportToStandardOutputAndTheProgressToStandardError() {
        CliRunner.Result r = CliRunner.run("report", "--sections", "corpus", "--out", "-", "--db", db());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("<!DOCTYPE html>"), r.out().substring(0, Math.min(80, r.out().length())));
        assertTrue(r.err().contains("report: written to standard output"), r.err());
        assertFalse(Files.exists(Path.of("-")));
    }

    @Test
    void aLinkIsFollowedAndAFolderRefused() throws Exception {
        Path real = dir.resolve("real.jsonl");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), real);
        assertEquals(0, CliRunner.run("corpus", "export", "--out", link.toString(), "--db", db()).code());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(12, Files.readAllLines(real).size());
        CliRunner.Result folder = CliRunner.run("corpus", "export", "--out", dir.toString(), "--db", db());
        assertEquals(2, folder.code());
        assertTrue(folder.err().startsWith("error: --out: " + dir + " is a folder"), folder.err());
    }
}
