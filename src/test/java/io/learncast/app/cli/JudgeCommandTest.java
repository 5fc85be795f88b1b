package io.learncast.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad weights files (written by numpy from a PyTorch MLP for modadd:p=23, then damaged) exit 2 with one
 * clear line, before any store is opened; a judge needs a fitted judge.
 */
class JudgeCommandTest {
    @TempDir Path dir;

    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = JudgeCommandTest.class.getResourceAsStream("/judge/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @ParameterizedTest
    @CsvSource({
            "wrong-shape.npz, layer0 has shape (40, 128) but needs 46 rows",
            "nan.npz, layer1 holds NaN or infinite values",
            "missing.npz, no array layer0",
            "pickled.npz, holds Python objects"})
    void badFilesExitTwoWithOneLine(String file, String message) throws IOException {
        Path f = resource(file);
        CliRunner.Result r = CliRunner.run("judge", "--weights", f.toString(), "--task", "modadd:p=23", "--db", dir.resolve("db").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(dir.resolve("db")), "a bad file opens no store");
    }

    @Test
    void withoutAFittedJudgeItSaysHowToFitOne() throws IOException {
        Path f = resource("nan.npz");
        CliRunner.Result r = CliRunner.run("judge", "7", "--db", dir.resolve("db").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("learncast judge fit"), r.err());
        CliRunner.Result both = CliRunner.run("judge", "7", "--weights", f.toString(), "--db", dir.resolve("db").toString());
        assertEquals(2, both.code());
    }

    @Test
    void fitOptionsThatCannotGoTogetherAreOneLine() {
        CliRunner.Result both = CliRunner.run("judge", "fit", "--transfer", "--arch", "mlp", "--db", dir.resolve("db").toString());
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("--arch keeps only one"), both.err());
        assertEquals(1, both.err().strip().lines().count(), both.err());
        CliRunner.Result unknown = CliRunner.run("judge", "fit", "--arch", "cnn", "--db", dir.resolve("db").toString());
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("unknown architecture 'cnn'"), unknown.err());
        assertFalse(Files.exists(dir.resolve("db")), "checked before the store opens");
    }
}
