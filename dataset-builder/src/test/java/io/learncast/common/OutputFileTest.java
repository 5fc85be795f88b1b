package io.learncast.common;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The one writer for --out targets. Found by the hostile pass: as root, {@code --out /dev/null} left a regular
 * file where /dev/null was (a temporary file was renamed over it). Device nodes made here with mknod stand in for
 * /dev/null, so a failing test cannot break the machine's own.
 */
class OutputFileTest {
    @TempDir Path dir;

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0, "cannot run " + String.join(" ", cmd) + " here (" + out.strip() + "): needs root for mknod");
    }

    /** A character device like /dev/null (major 1, minor 3), made in the test folder. */
    static Path nullDevice(Path dir) throws Exception {
        Path dev = dir.resolve("null");
        run("mknod", dev.toString(), "c", "1", "3");
        return dev;
    }

    static int type(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
    }

    @Test
    void aCharacterDeviceIsWrittenDirectlyAndStaysADevice() throws Exception {
        Path dev = nullDevice(dir);
        OutputFile out = OutputFile.of(dev, "--out");
        assertEquals(OutputFile.Kind.STREAM, out.kind());
        out.check();
        out.writeString("a report nobody keeps");
        assertEquals(0020000, type(dev), "still a character device");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left beside it");
        }
    }

    @Test
    void aLinkToADeviceIsWrittenThroughAndBothStay() throws Exception {
        Path dev = nullDevice(dir);
        Path link = Files.createSymbolicLink(dir.resolve("stdout-like"), dev);
        OutputFile.of(link, "--out").writeString("x");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(0020000, type(dev));
    }

    @Test
    void aFifoIsWrittenDirectly() throws Exception {
        Path fifo = dir.resolve("pipe");
        run("mkfifo", fifo.toString());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        OutputFile out = OutputFile.of(fifo, "--out");
        assertEquals(OutputFile.Kind.STREAM, out.kind());
        out.writeString("through the pipe");
        assertEquals("through the pipe", reader.get(20, TimeUnit.SECONDS));
        assertEquals(0010000, type(fifo), "still a FIFO");
    }

    @Test
    void aRegularFileIsReplacedWholeKeepingItsPermissionsAndOnlyWhenComplete() throws Exception {
        Path f = Files.writeString(dir.resolve("report.html"), "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw----"));
        OutputFile out = OutputFile.of(f, "--out");
        assertEquals(OutputFile.Kind.FILE, out.kind());
        String r = out.write(os -> {
            os.write("half".getBytes(StandardCharsets.UTF_8));
            return "interrupted";
        }, x -> false);
        assertEquals("interrupted", r);
        assertEquals("old", Files.readString(f), "an incomplete result leaves the old file");
        out.writeString("new");
        assertEquals("new", Files.readString(f));
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Path fresh = dir.resolve("fresh.csv");
        OutputFile.of(fresh, "--out").writeString("x");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left");
        }
    }

    @Test
    void aLinkToARegularFileIsFollowedAndStaysALink() throws Exception {
        Path real = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("real.html"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("report.html"), real);
        OutputFile out = OutputFile.of(link, "--out");
        assertEquals(real.toRealPath(), out.target());
        out.writeString("new");
        assertTrue(Files.isSymbolicLink(link), "the link is not replaced");
        assertEquals("new", Files.readString(real));
    }

    @Test
    void foldersDanglingLinksAndMissingFoldersAreRefused() throws Exception {
        UserError folder = assertThrows(UserError.class, () -> OutputFile.of(dir, "--out"));
        assertTrue(folder.getMessage().startsWith("--out: " + dir + " is a folder"), folder.getMessage());
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        UserError link = assertThrows(UserError.class, () -> OutputFile.of(dangling, "--out"));
        assertTrue(link.getMessage().contains("symbolic link to a missing file"), link.getMessage());
        assertFalse(Files.exists(dir.resolve("nowhere")));
        UserError missing = assertThrows(UserError.class, () -> OutputFile.of(dir.resolve("no/such/report.html"), "--out"));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aDashIsStandardOutput() {
        OutputFile out = OutputFile.of(Path.of("-"), "--out");
        assertTrue(out.standardOutput());
        assertEquals("standard output", out.toString());
    }
}
