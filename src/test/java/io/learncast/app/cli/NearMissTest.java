package io.learncast.app.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A misspelt command or flag gets the closest ones, as git does, on one line with exit code 2; nothing is written. */
class NearMissTest {
    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fit                                    | learncast: 'fit' is not a command. Did you mean: forecast fit, judge fit, verdict fit?",
            "forcast                                | learncast: 'forcast' is not a command. Did you mean: forecast?",
            "forecast fti                           | learncast forecast: 'fti' is not a command. Did you mean: fit?",
            "farm stauts                            | learncast farm: 'stauts' is not a command. Did you mean: status?",
            "corpus imprt a.csv                     | learncast corpus: 'imprt' is not a command. Did you mean: import?",
            "xyzzy                                  | learncast: 'xyzzy' is not a command. See `learncast --help` for the commands.",
            "train --widht 64 --task modadd:p=7     | learncast train: unknown option '--widht'. Did you mean: --width?",
            "train --train_frac 0.3 --task modadd:p=7 | learncast train: unknown option '--train_frac'. Did you mean: --train-frac?",
            "train --optimiser=sgd --task modadd:p=7 | learncast train: unknown option '--optimiser'. Did you mean: --optimizer?",
            "runs --sorce x                         | learncast runs: unknown option '--sorce'. Did you mean: --source?",
            "farm run --jsn                         | learncast farm run: unknown option '--jsn'. Did you mean: --json?",
            "runs --zzzzzz                          | learncast runs: unknown option '--zzzzzz'. See `learncast runs --help` for the options.",
    })
    void nearMissesSuggestTheClosest(String args, String expected) {
        Path db = dir.resolve("db");
        String[] a = (args.trim() + " --db " + db).split("\\s+");
        CliRunner.Result r = CliRunner.run(a);
        assertEquals(2, r.code(), r.err());
        assertEquals(expected.trim(), r.err().strip(), "one line: " + r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(db), "nothing is written");
    }

    @org.junit.jupiter.api.Test
    void anOptionGivenTwiceIsNamed() {
        Path db = dir.resolve("db");
        CliRunner.Result r = CliRunner.run("forecast", "--task", "modadd:p=23", "--lr", "0.003", "--width", "64", "--lr", "0.1", "--db", db.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("learncast forecast: --lr is given more than once (--lr=0.003, --lr=0.1). Give it once.", r.err().strip());
        assertFalse(Files.exists(db));
    }

    @ParameterizedTest
    @CsvSource({"fit, forecast", "status, farm", "resume, farm", "ledger, forecast"})
    void suggestionsAreCommandsThatExist(String word, String parent) {
        CliRunner.Result r = CliRunner.run(word);
        assertEquals(2, r.code());
        String line = r.err().strip();
        String list = line.substring(line.indexOf("Did you mean: ") + 14, line.length() - 1);
        for (String s : list.split(", ")) {
            CliRunner.Result help = CliRunner.run((s + " --help").split(" "));
            assertEquals(0, help.code(), s + ": " + help.err());
        }
        assertTrue(list.contains(parent + " " + word), line);
    }
}
