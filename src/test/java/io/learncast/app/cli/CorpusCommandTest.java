package io.learncast.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/** {@code learncast corpus import|export} and {@code runs --source} as a user types them. */
class CorpusCommandTest {
    @TempDir Path dir;

    /** Runs of every awkward kind: learned with a six-number curve, diverged with NaN, full batch, n_train, unknown fields, Python spellings. */
    static final String CORPUS = String.join("\n",
            "{\"task\":\"modadd\",\"p\":23,\"width\":64,\"lr\":0.003,\"wd\":1,\"batch\":\"full\",\"train_frac\":0.5,\"seed\":11,\"steps\":1000,\"eval_every\":100,"
                    + "\"learned\":true,\"steps_to_learn\":400,\"confirm_step\":500,\"steps_trained\":500,\"final_test_acc\":0.97,\"best_test_acc\":0.97,"
                    + "\"final_train_acc\":1.0,\"diverged\":false,\"trainer\":\"pytorch\",\"wall_ms\":5300,"
                    + "\"curve\":[[0,0.05,0.04,3.1,3.2,10.5],[100,0.6,0.1,1.2,2.9,12],[400,1,0.96,0.1,0.3,14],[500,1,0.97,0.09,0.28,14.2]]}",
            "{\"task\":\"modadd:p=23\",\"width\":512,\"lr\":1e4,\"optimizer\":\"sgd\",\"batch\":128,\"train_frac\":0.5,\"seed\":12,\"steps\":1000,"
                    + "\"learned\":false,\"steps_to_learn\":-1,\"final_test_acc\":NaN,\"best_test_acc\":0.05,\"final_train_acc\":null,\"diverged\":true,"
                    + "\"steps_trained\":200,\"final_train_loss\":Infinity,\"curve\":[[0,0.05,0.04],[100,0.02,0.05],[200,NaN,NaN]],\"run_url\":\"https://wandb.example/r/12\"}",
            "{\"task\":\"sparse-parity\",\"n\":12,\"k\":3,\"n_train\":800,\"depth\":2,\"width\":32,\"activation\":\"tanh\",\"lr\":0.1,\"optimizer\":\"sgd\",\"wd\":0,"
                    + "\"batch\":32,\"label_noise\":0.05,\"seed\":13,\"steps\":5000,\"eval_every\":250,\"budgets\":[1000,2500],\"learned\":false,"
                    + "\"final_test_acc\":0.52,\"diverged\":false,\"test_size\":500,\"tags\":[\"baseline\",\"v2\"]}",
            "{\"task\":\"addition\",\"digits\":2,\"train_frac\":0.8,\"steps\":2000,\"learned\":true,\"steps_to_learn\":1500,\"hold\":0,\"threshold\":0.99,"
                    + "\"init_scale\":0.5,\"replica\":3}",
            "");

    CliRunner.Result lc(String... args) { return CliRunner.run(args); }

    Path corpus() throws IOException { return Files.writeString(dir.resolve("sweep.jsonl"), CORPUS); }

    String db(String name) { return dir.resolve(name).toString(); }

    @ParameterizedTest(name = "{0}, curves {1}")
    @CsvSource({"jsonl, true", "jsonl, false", "csv, true", "csv, false"})
    void exportImportExportGivesTheSameBytes(String format, boolean curves) throws IOException {
        CliRunner.Result imp = lc("corpus", "import", corpus().toString(), "--db", db("a"));
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.out().contains("4 added, 0 already present, 0 bad"), imp.out());
        Path first = dir.resolve("first." + format);
        Path second = dir.resolve("second." + format);
        String withCurves = curves ? "--with-curves" : "--format=" + format;
        CliRunner.Result e1 = lc("corpus", "export", "--db", db("a"), "--out", first.toString(), withCurves);
        assertEquals(0, e1.code(), e1.err());
        assertTrue(e1.out().contains("exported 4 runs"), e1.out());
        CliRunner.Result i2 = lc("corpus", "import", first.toString(), "--db", db("b"));
        assertEquals(0, i2.code(), i2.err());
        assertTrue(i2.out().contains("4 added"), i2.out());
        CliRunner.Result e2 = lc("corpus", "export", "--db", db("b"), "--out", second.toString(), withCurves);
        assertEquals(0, e2.code(), e2.err());
        assertEquals(Files.readString(first), Files.readString(second));
        assertEquals(format.equals("csv") ? 5 : 4, Files.readAllLines(first).size(), "one line per run (and a header)");
        String text = Files.readString(first);
        assertTrue(text.contains("wandb.example/r/12"), "unknown fields travel in extra");
        assertEquals(curves, text.contains("0.96"), "curves only when asked");
    }

    @Test
    void exportWritesToStandardOutputAndFiltersBySource() throws IOException {
        lc("corpus", "import", corpus().toString(), "--db", db("a"));
        Path other = Files.writeString(dir.resolve("other.jsonl"), "{\"task\":\"modsub\",\"p\":7,\"train_frac\":0.5,\"steps\":100,\"learned\":false}\n");
        lc("corpus", "import", other.toString(), "--db", db("a"), "--source", "torch");
        CliRunner.Result all = lc("corpus", "export", "--db", db("a"));
        assertEquals(5, all.out().lines().count(), all.out());
        assertTrue(all.err().contains("exported 5 runs"), all.err());
        CliRunner.Result one = lc("corpus", "export", "--db", db("a"), "--source", "torch", "--format", "csv");
        assertEquals(2, one.out().lines().count(), one.out());
        assertTrue(one.out().lines().skip(1).findFirst().orElseThrow().startsWith("torch,modsub,7,"), one.out());
    }

    @Test
    void gzipFilesAreWrittenAndRead() throws IOException {
        lc("corpus", "import", corpus().toString(), "--db", db("a"));
        Path gz = dir.resolve("corpus.csv.gz");
        assertEquals(0, lc("corpus", "export", "--db", db("a"), "--out", gz.toString()).code());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("source,task,"), "csv chosen by the file name");
        }
        CliRunner.Result r = lc("corpus", "import", gz.toString(), "--db", db("b"));
        assertTrue(r.out().contains("4 added"), r.out() + r.err());
    }

    @Test
    void badRecordsAreListedWithLineAndFieldAndNothingIsImported() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.csv"), String.join("\n",
                "task,p,width,lr,train_frac,steps,learned,steps_to_learn",
                "modadd,23,64,0.001,0.5,1000,true,300",
                "modadd,23,0,0.001,0.5,1000,false,",
                "modmul,91,64,0.001,0.5,1000,false,",
                "modadd,23,64,0.001,0.5,1000,yes please,",
                "modadd,23,64,0.001,0.5,1000,true,") + "\n");
        CliRunner.Result r = lc("corpus", "import", f.toString(), "--db", db("a"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("line 3, field width: width 0 is out of range"), r.err());
        assertTrue(r.err().contains("line 4, field p: modmul needs a prime modulus"), r.err());
        assertTrue(r.err().contains("line 5, field learned: 'yes please' is not true or false"), r.err());
        assertTrue(r.err().contains("line 6, field steps_to_learn: is missing for a learned run"), r.err());
        assertTrue(r.err().contains("error: " + f + ": 4 of 5 records are bad; nothing was imported"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        CliRunner.Result runs = lc("runs", "--db", db("a"));
        assertTrue(runs.out().startsWith("no runs in"), "nothing from the file was written: " + runs.out());

        CliRunner.Result skip = lc("corpus", "import", f.toString(), "--db", db("a"), "--skip-bad", "--json");
        assertEquals(0, skip.code(), skip.err());
        assertTrue(skip.err().contains("line 3, field width"), "the bad lines are listed: " + skip.err());
        assertTrue(skip.out().contains("\"added\" : 1") && skip.out().contains("\"bad\" : 4"), skip.out());
        assertTrue(skip.out().contains("\"bad_lines\" : [ 3, 4, 5, 6 ]"), skip.out());
    }

    @Test
    void reimportingAddsNothing() throws IOException {
        Path f = corpus();
        assertTrue(lc("corpus", "import", f.toString(), "--db", db("a")).out().contains("4 added, 0 already present"));
        CliRunner.Result again = lc("corpus", "import", f.toString(), "--db", db("a"));
        assertEquals(0, again.code());
        assertTrue(again.out().contains("0 added, 4 already present, 0 bad"), again.out());
    }

    @Test
    void runsListsOneSource() throws IOException {
        lc("corpus", "import", corpus().toString(), "--db", db("a"), "--source", "wandb-export");
        CliRunner.Result mine = lc("runs", "--db", db("a"), "--source", "wandb-export");
        assertEquals(0, mine.code(), mine.err());
        assertTrue(mine.out().contains("4 of 4 runs"), mine.out());
        CliRunner.Result farm = lc("runs", "--db", db("a"), "--source", "farm");
        assertTrue(farm.out().startsWith("no runs match"), farm.out());
        CliRunner.Result json = lc("runs", "--db", db("a"), "--source", "wandb-export", "--json");
        assertEquals(4, json.out().split("\"source\" : \"wandb-export\"", -1).length - 1, json.out());
    }

    @Test
    void badCommandInputIsOneClearLine() throws IOException {
        CliRunner.Result missing = lc("corpus", "import", dir.resolve("nope.csv").toString(), "--db", db("a"));
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("there is no file"), missing.err());
        CliRunner.Result farm = lc("corpus", "import", corpus().toString(), "--db", db("a"), "--source", "farm");
        assertEquals(2, farm.code());
        assertTrue(farm.err().contains("--source: the source name 'farm' is reserved"), farm.err());
        CliRunner.Result table = lc("corpus", "export", "--db", db("a"), "--table", "weights");
        assertEquals(2, table.code());
        assertTrue(table.err().contains("--table: unknown table 'weights'"), table.err());
        CliRunner.Result format = lc("corpus", "export", "--db", db("a"), "--format", "xml");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("--format: unknown format 'xml'"), format.err());
    }
}
