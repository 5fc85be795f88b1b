package io.learncast.farm.corpus;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.common.Seeds;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.store.Claim;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Importing records: validation located at line and field, all-or-nothing, skip-bad, idempotence, defaults, unknown fields, never claimed. */
class CorpusImportTest {
    @TempDir Path dir;
    Store store;

    static final String GOOD = "{\"task\":\"modadd\",\"p\":23,\"train_frac\":0.5,\"steps\":1000,\"learned\":false}";

    @BeforeEach
    void open() { store = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "--db")); }

    @AfterEach
    void close() { store.close(); }

    ImportReport importFile(Path file, boolean skipBad) {
        return new CorpusImporter(store.queue()).run(CorpusImporter.Options.of(file).skippingBad(skipBad), n -> { }, () -> false);
    }

    Path file(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    /** A good record with fields replaced or added ({@code "key":value,...} JSON text). */
    static String with(String fieldsJson) {
        try {
            var record = (com.fasterxml.jackson.databind.node.ObjectNode) RecordReader.parseJson(GOOD);
            record.setAll((com.fasterxml.jackson.databind.node.ObjectNode) RecordReader.parseJson("{" + fieldsJson + "}"));
            return record.toString();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'\"width\":0'                              | width           | width 0 is out of range",
            "'\"depth\":7'                              | depth           | 1–4",
            "'\"activation\":\"swish\"'                 | activation      | unknown activation 'swish'",
            "'\"optimizer\":\"lion\"'                   | optimizer       | unknown optimizer",
            "'\"lr\":-1'                                | lr              | learning rate",
            "'\"lr\":\"fast\"'                          | lr              | 'fast' is not a number",
            "'\"batch\":\"half\"'                       | batch           | not a whole number",
            "'\"batch\":0'                              | batch           | less than 1",
            "'\"label_noise\":1.5'                      | label_noise     | outside [0, 1)",
            "'\"eval_every\":5000'                      | eval_every      | out of range",
            "'\"p\":\"x\"'                              | p               | not a whole number",
            "'\"p\":1'                                  | p               | out of range",
            "'\"task\":\"modmul\",\"p\":91'             | p               | prime",
            "'\"task\":\"modadd:p=29\"'                 | p               | contradicts",
            "'\"task\":\"nope\"'                        | task            | unknown task 'nope'",
            "'\"task\":\"modadd:q=3\"'                  | task            | no parameter 'q'",
            "'\"learned\":\"maybe\"'                    | learned         | not true or false",
            "'\"learned\":true'                         | steps_to_learn  | missing for a learned run",
            "'\"learned\":true,\"steps_to_learn\":2000' | steps_to_learn  | outside 0–1000",
            "'\"steps_to_learn\":300'                   | steps_to_learn  | did not learn",
            "'\"diverged\":true,\"learned\":true,\"steps_to_learn\":5' | diverged | both learn and diverge",
            "'\"final_test_acc\":97'                    | final_test_acc  | not a percentage",
            "'\"final_train_loss\":-1'                  | final_train_loss | negative",
            "'\"steps_trained\":1001'                   | steps_trained   | outside 0–1000",
            "'\"curve\":[[0,0.1],[10,0.2,0.3]]'         | curve           | point 1",
            "'\"curve\":[[10,0.1,0.2],[5,0.2,0.3]]'     | curve           | does not come after",
            "'\"curve\":[[0,1.5,0.2]]'                  | curve           | outside [0, 1]",
            "'\"curve\":\"[[0,0.1\"'                    | curve           | not valid JSON",
            "'\"n_train\":100'                          | n_train         | train_frac 0.5 and n_train 100 disagree: 0.5 of the 529 examples of modadd:p=23 is 265",
            "'\"n_train\":0'                            | n_train         | less than 1",
            "'\"train_frac\":1.5,\"n_train\":100'       | train_frac      | outside (0, 1]",
            "'\"source\":\"farm\"'                      | source          | reserved",
            "'\"source\":\"train\"'                     | source          | reserved",
            "'\"dataset_fingerprint\":\"abc\"'          | dataset_fingerprint | SHA-256",
            "'\"replica\":-1'                           | replica         | negative",
            "'\"budgets\":[5000]'                       | budgets         | outside 1–1000",
            "'\"metric\":\"f1\"'                        | metric          | unknown metric",
            "'\"threshold\":2'                          | threshold       | outside (0, 1]",
    })
    void aBadFieldIsReportedWithItsLineAndNothingIsWritten(String field, String where, String fragment) throws IOException {
        Path f = file("runs.jsonl", GOOD, with(field), GOOD.replace("1000", "2000"));
        ImportReport r = importFile(f, false);
        assertEquals(1, r.badCount(), r.bad().toString());
        RecordError e = r.bad().get(0);
        assertEquals(2, e.line());
        assertEquals(where, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("line 2, field " + where + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(r.written());
        assertEquals(0, store.catalog().count(RunFilter.all()), "nothing from the file is written");
    }

    @Test
    void missingRequiredFieldsAndUnreadableLinesAreReportedEach() throws IOException {
        Path f = file("runs.jsonl",
                GOOD,
                "{\"p\":23,\"train_frac\":0.5,\"steps\":1000,\"learned\":false}",
                "{\"task\":\"modadd\",\"p\":23,\"train_frac\":0.5,\"learned\":false}",
                "",
                "{\"task\":\"modadd\",\"p\":23,\"steps\":1000,\"learned\":false}",
                "{\"task\":\"modadd\",\"p\":23,\"train_frac\":0.5,\"steps\":1000}",
                "{\"task\": \"modadd\", oops}",
                "[1, 2]",
                "{\"task\":\"modadd\",\"task\":\"modsub\"}");
        ImportReport r = importFile(f, false);
        assertEquals(8, r.records(), "blank lines are not records");
        assertEquals(List.of(2L, 3L, 5L, 6L, 7L, 8L, 9L), r.bad().stream().map(RecordError::line).toList());
        assertEquals(List.of("task", "steps", "train_frac", "learned"), r.bad().subList(0, 4).stream().map(RecordError::field).toList());
        assertTrue(r.bad().get(4).getMessage().startsWith("line 7: not valid JSON"), r.bad().get(4).getMessage());
        assertTrue(r.bad().get(5).getMessage().contains("not a JSON object"));
        assertTrue(r.bad().get(6).getMessage().contains("Duplicate field"), r.bad().get(6).getMessage());
        assertEquals(0, store.catalog().count(RunFilter.all()));
    }

    @Test
    void csvLinesCountTheHeaderAndQuotedLineBreaks() throws IOException {
        Path f = file("runs.csv",
                "task,p,train_frac,steps,learned,note",
                "modadd,23,0.5,1000,false,fine",
                "modadd,23,0.5,1000,false,\"two",
                "lines\"",
                "modadd,23,0.5,0,false,budget zero",
                "modadd,23,0.5,1000",
                "modadd,23,0.5,1000,false,x,y");
        ImportReport r = importFile(f, false);
        assertEquals(List.of(5L, 6L, 7L), r.bad().stream().map(RecordError::line).toList(), r.bad().toString());
        assertEquals("steps", r.bad().get(0).field());
        assertTrue(r.bad().get(1).getMessage().contains("4 cells, the header 6"), r.bad().get(1).getMessage());
    }

    @Test
    void skipBadImportsTheGoodRecordsAndListsTheBadOnes() throws IOException {
        Path f = file("runs.jsonl", GOOD, with("\"width\":0"), GOOD.replace("1000", "2000"), "not json");
        ImportReport r = importFile(f, true);
        assertTrue(r.written());
        assertEquals(2, r.added());
        assertEquals(2, r.badCount());
        assertEquals(List.of(2L, 4L), r.bad().stream().map(RecordError::line).toList());
        assertEquals(2, store.catalog().count(RunFilter.all()));
    }

    @Test
    void reimportingTheSameFileAddsNothing() throws IOException {
        Path f = file("runs.jsonl", GOOD, GOOD.replace("1000", "2000"), GOOD);
        ImportReport first = importFile(f, false);
        assertEquals(2, first.added());
        assertEquals(1, first.alreadyPresent(), "the repeated line is the same run");
        ImportReport again = importFile(f, false);
        assertEquals(0, again.added());
        assertEquals(3, again.alreadyPresent());
        assertEquals(2, store.catalog().count(RunFilter.all()));
    }

    @Test
    void missingOptionalFieldsTakeTheDefaultsOfTrain() throws IOException {
        importFile(file("min.jsonl", GOOD), false);
        StoredRun run = store.catalog().runs(RunFilter.all()).get(0);
        RunConfig expected = RunConfig.defaults("modadd:p=23").with(new BudgetConfig(1000, 100, List.of()));
        assertEquals(expected, run.config(), "the config `learncast train --task modadd:p=23 --train-frac 0.5 --steps 1000` would train");
        assertEquals(expected.configHash(), run.configHash());
        assertEquals(Outcome.NOT_LEARNED, run.outcome());
        assertEquals(1000L, run.stepsTrained());
        assertNull(run.finalTestAcc());
        assertNull(run.wallMs());
        assertNull(run.trainer());
        assertEquals("min.jsonl", run.source(), "the file name is the default source");
        assertEquals(Seeds.DEFAULT_MASTER, 20261126L);
    }

    @Test
    void trainFracAndNTrainTogetherAreAcceptedWhenTheyAgree() throws IOException {
        // 0.5 of modadd:p=23's 529 examples rounds to 265; scripts that floor write 264
        ImportReport r = importFile(file("both.jsonl", with("\"n_train\":265"), with("\"n_train\":264,\"steps\":2000"),
                "{\"task\":\"sparse-parity:n=30,k=3\",\"train_frac\":9.313225746154785e-7,\"n_train\":1000,\"steps\":500,\"learned\":false}"), false);
        assertEquals(3, r.added(), r.bad().toString());
        List<StoredRun> runs = store.catalog().runs(RunFilter.all());
        RunConfig frac = RunConfig.defaults("modadd:p=23").with(new BudgetConfig(1000, 100, List.of()));
        assertEquals(frac.configHash(), runs.get(0).configHash(), "stored as the fraction, the config a farm grid would train");
        assertEquals(265, runs.get(0).trainSize());
        assertEquals(0.5, runs.get(1).config().trainFrac());
        assertNull(runs.get(1).config().nTrain());
        assertEquals(265, runs.get(1).trainSize(), "the task's rounding of the fraction");
        assertEquals(264, ((Number) ConfigJson.read(runs.get(1).provenanceJson(), Provenance.class)
                .extra().get("n_train")).intValue(), "a count the rounding does not reproduce stays in the provenance");
        assertNull(runs.get(2).config().trainFrac(), "2^30 examples are sampled: the count is kept");
        assertEquals(1000, runs.get(2).config().nTrain());
        assertEquals(1, importFile(file("frac-only.jsonl", GOOD), false).alreadyPresent(), "the same run as the fraction alone");
    }

    @Test
    void theWeightDecayDefaultDependsOnTheOptimizer() throws IOException {
        importFile(file("opt.jsonl", with("\"optimizer\":\"sgd\""), with("\"optimizer\":\"adam\",\"steps\":2000"),
                with("\"optimizer\":\"adamw\",\"steps\":3000"), with("\"optimizer\":\"sgd\",\"wd\":0.5,\"steps\":4000")), false);
        List<StoredRun> runs = store.catalog().runs(RunFilter.all());
        assertEquals(List.of(0.0, 0.0, 1.0, 0.5), runs.stream().map(x -> x.config().wd()).toList(), "0 for sgd and adam, 1 for adamw; a given wd is kept");
    }

    @Test
    void aFullTaskSpecAndLearnedDefaultsWork() throws IOException {
        importFile(file("spec.jsonl", "{\"task\":\"sparse-parity:n=10,k=2\",\"n_train\":300,\"steps\":500,\"eval_every\":50,\"learned\":true,\"steps_to_learn\":200,"
                + "\"batch\":\"full\",\"seed\":7}"), false);
        StoredRun run = store.catalog().runs(RunFilter.all()).get(0);
        assertEquals("sparse-parity:k=2,n=10", run.config().task());
        assertEquals(0, run.config().batch());
        assertEquals(7L, run.config().seed());
        assertEquals(200L, run.stepsToLearn());
        assertEquals(200L, run.confirmStep(), "confirmation defaults to the step it was reached");
        assertEquals(true, store.catalog().learnedWithin(run.id(), 200).orElseThrow());
        assertEquals(false, store.catalog().learnedWithin(run.id(), 150).orElseThrow());
    }

    @Test
    void unknownFieldsAreKeptInTheProvenance() throws IOException {
        importFile(file("optuna.csv", "task,p,train_frac,steps,learned,trial_number,study,extra",
                "modadd,23,0.5,1000,false,17,grok-1,\"{\"\"gpu\"\":\"\"a100\"\"}\""), false);
        StoredRun run = store.catalog().runs(RunFilter.all()).get(0);
        Provenance p = ConfigJson.read(run.provenanceJson(), Provenance.class);
        assertEquals("17", p.extra().get("trial_number"));
        assertEquals("grok-1", p.extra().get("study"));
        assertEquals("a100", p.extra().get("gpu"), "an extra object's entries are unknown fields too");
        assertEquals("optuna.csv", p.source());
        assertEquals(run.config(), p.config());
    }

    @Test
    void theSourceComesFromTheFlagThenTheRecordThenTheFileName() throws IOException {
        Path f = file("mixed.jsonl", GOOD, with("\"source\":\"torch\"").replace("1000", "2000"));
        ImportReport r = new CorpusImporter(store.queue()).run(CorpusImporter.Options.of(f), n -> { }, () -> false);
        assertEquals(java.util.Map.of("mixed.jsonl", 1L, "torch", 1L), r.sources());
        assertEquals(1, store.catalog().count(RunFilter.all().withSource("torch")));
        Path g = file("other.jsonl", GOOD.replace("1000", "3000"), with("\"source\":\"torch\"").replace("1000", "4000"));
        new CorpusImporter(store.queue()).run(CorpusImporter.Options.of(g).withSource("sweep-7"), n -> { }, () -> false);
        assertEquals(2, store.catalog().count(RunFilter.all().withSource("sweep-7")));
        assertThrows(io.learncast.common.UserError.class,
                () -> new CorpusImporter(store.queue()).run(CorpusImporter.Options.of(g).withSource("farm"), n -> { }, () -> false));
    }

    @Test
    void importedRunsAreNeverClaimedByWorkers() throws IOException {
        importFile(file("done.jsonl", GOOD, GOOD.replace("1000", "2000")), false);
        assertEquals(2, store.catalog().count(RunFilter.all().withState(RunState.DONE)));
        assertTrue(store.queue().claim("worker", 8, Duration.ofMinutes(1)).isEmpty(), "nothing to train: imported runs are finished");
        RunConfig queued = RunConfig.defaults("modadd:p=23").with(new BudgetConfig(3000, 100, List.of()));
        store.queue().enqueue(List.of(queued), "farm", null);
        List<Claim> claims = store.queue().claim("worker", 8, Duration.ofMinutes(1));
        assertEquals(1, claims.size());
        assertEquals(queued, claims.get(0).config(), "only the farm's queued run is claimed");
        assertTrue(store.queue().claim("worker", 8, Duration.ofMinutes(1)).isEmpty());
        for (StoredRun r : store.catalog().runs(RunFilter.all().withSource("done.jsonl"))) {
            assertEquals(0, r.claims());
            assertEquals(RunState.DONE, r.state());
            assertFalse(store.queue().requeue(r.id(), "retrain"), "an imported run is not put back in the queue");
        }
    }

    @Test
    void pythonStyleValuesAreAccepted() throws IOException {
        importFile(file("py.jsonl", "{\"task\":\"modadd\",\"p\":23.0,\"train_frac\":0.5,\"steps\":1000.0,\"learned\":\"False\",\"final_test_acc\":NaN,"
                + "\"final_train_loss\":Infinity,\"width\":64.0,\"curve\":[[0,0.1,NaN],[1000,0.5,0.4]]}"), false);
        StoredRun run = store.catalog().runs(RunFilter.all()).get(0);
        assertEquals(64, run.config().width());
        assertNull(run.finalTestAcc());
        assertNull(run.finalTrainLoss());
        assertTrue(Double.isNaN(store.catalog().curve(run.id()).get(0).testAcc()));
    }

    /**
     * PyTorch's DataLoader keeps an epoch's incomplete last batch unless told otherwise; a record saying so is imported as
     * drop_last off (its own identity: the farm, which drops it, never trained that run), a full batch has no last batch
     * to keep (one identity either way), and the queue refuses to enqueue what its trainers cannot train.
     */
    @Test
    void aKeptLastBatchIsImportedAsDropLastOffAndNeverQueued() throws IOException {
        importFile(file("torch.jsonl", with("\"p\":61,\"batch\":512,\"drop_last\":false,\"seed\":1"), with("\"p\":61,\"batch\":512,\"seed\":1"),
                with("\"batch\":\"full\",\"drop_last\":false,\"seed\":2"), with("\"batch\":\"full\",\"seed\":3")), false);
        List<StoredRun> runs = store.catalog().runs(RunFilter.all());
        assertEquals(4, runs.size(), "kept and dropped are two configs; two seeds of one full-batch config");
        RunConfig kept = runs.get(0).config(), dropped = runs.get(1).config();
        assertEquals(io.learncast.farm.config.Toggle.OFF, kept.optim().dropLast());
        assertEquals(io.learncast.farm.config.Toggle.ON, dropped.optim().dropLast(), "absent: the farm's own behaviour");
        assertNotEquals(kept.groupHash(), dropped.groupHash());
        assertTrue(kept.describe().contains("drop_last=off"), kept.describe());
        assertEquals(io.learncast.farm.config.Toggle.ON, runs.get(2).config().optim().dropLast(), "full batch: nothing to drop");
        assertEquals(runs.get(3).config().groupHash(), runs.get(2).config().groupHash(), "a full batch said to keep its last batch is the same config");
        var refused = assertThrows(io.learncast.common.UserError.class, () -> store.queue().enqueue(List.of(kept.withReplica(Seeds.DEFAULT_MASTER, 9)), "farm", null));
        assertEquals("drop_last", refused.where());
        assertTrue(refused.what().contains("cannot train drop_last off"), refused.what());
        assertEquals(4, store.catalog().count(RunFilter.all()), "nothing queued");
    }
}

