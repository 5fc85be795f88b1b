package io.learncast.forecast.features;

import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.common.Seeds;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Rows, labels and the CSV of the meta-dataset. */
class FeatureTableTest {

    static RunRecord run(long id, Outcome o, Long confirm, long trained) {
        RunConfig c = RunConfig.defaults("modadd:p=23").with(new BudgetConfig(3000, 100, List.of(500L, 1000L, 2000L))).withReplica(Seeds.DEFAULT_MASTER, (int) id);
        return new RunRecord(id, c.groupHash(), c.configHash(), "farm", c.replica(), c, Knobs.of(c), o, confirm, trained, c.steps(), c.evalEvery(), c.budgets());
    }

    @Test
    void labelsFollowTheConfirmationStep() {
        FeatureTable t = FeatureTable.fromRecords(List.of(
                run(1, Outcome.LEARNED, 1200L, 1200),
                run(2, Outcome.NOT_LEARNED, null, 3000),
                run(3, Outcome.DIVERGED, null, 150),
                run(4, Outcome.STOPPED_EARLY, null, 1000)), FeatureTable.Options.defaults());
        assertEquals(List.of(false, false, true, true), labels(t, 1));
        assertEquals(List.of(false, false, false, false), labels(t, 2));
        assertEquals(List.of(false, false, false, false), labels(t, 3), "a diverged run never learned, at any budget up to its own");
        assertEquals(List.of(false, false), labels(t, 4), "rows beyond the steps of a run stopped early are unknown: dropped");
        assertEquals(14, t.size());
        assertEquals(4, t.runs().size());
        assertEquals(1, t.groupCount(), "replicas share their group");
        for (FeatureTable.Row r : t.rows()) assertTrue(r.listed());
    }

    private static List<Boolean> labels(FeatureTable t, long run) {
        return t.rows().stream().filter(r -> r.run().runId() == run).map(FeatureTable.Row::learned).toList();
    }

    @Test
    void extraBudgetsAddUnlistedRows() {
        FeatureTable t = FeatureTable.fromRecords(List.of(run(1, Outcome.LEARNED, 1200L, 1200)), new FeatureTable.Options(true));
        assertTrue(t.rows().stream().anyMatch(r -> !r.listed()));
        assertEquals(4, t.listedOnly().size());
        for (FeatureTable.Row r : t.rows()) assertEquals(r.budget() >= 1200, r.learned());
    }

    @Test
    void featuresAreComputedOnceForRowsAndQueries() {
        RunRecord r = run(1, Outcome.LEARNED, 1200L, 1200);
        FeatureTable t = FeatureTable.fromRecords(List.of(r), FeatureTable.Options.defaults());
        for (FeatureTable.Row row : t.rows()) assertArrayEquals(Features.row(r.knobs(), row.budget()), row.x(), 1e-12);
        double[] x = Features.row(r.knobs(), 1000);
        assertArrayEquals(Features.row(r.knobs(), 4000), Features.atBudget(x, 4000), 1e-9, "changing the budget only shifts the budget features");
        Knobs k = r.knobs();
        assertEquals(Math.round(0.5 * 23 * 23), k.nTrain());
        assertEquals(k.paramCount(), r.config().paramCount(46, 23));
        assertEquals(Math.log10(1e-3 * 1.0 * 1000), x[Features.index("log10_decay")], 1e-12, "lr·wd·B");
        // batch 512 exceeds the 265 training examples: each step sees all of them once
        assertEquals(265, k.effectiveBatch());
        assertEquals(Math.log(1000.0 * 265 / 265) / Math.log(2), x[Features.index("log2_epochs")], 1e-12, "epochs = steps·batch/n_train");
        Knobs small = k.with(KnobCatalogue.BATCH, 64);
        assertEquals(Math.log(1000.0 * 64 / 265) / Math.log(2), Features.row(small, 1000)[Features.index("log2_epochs")], 1e-12);
        assertEquals(Math.log10(k.paramCount() / 265.0), x[Features.index("log10_params_per_example")], 1e-12, "parameters per training example");
        assertEquals(Features.N_CONFIG - 2, Features.index("log10_params_per_example"), "after every knob's features: older artifacts name theirs");
        assertEquals(Features.N_CONFIG - 1, Features.index("tiny_last_batch"), "the trees' own feature, last");
        // a kept last batch under 5 % of a batch: 265 = 4 × 66 + 1 (tiny); 265 = 4 × 64 + 9 (14 %, not tiny); dropped, or a full batch: none
        Knobs kept = k.with(KnobCatalogue.DROP_LAST, io.learncast.farm.config.Toggle.OFF);
        assertEquals(1, Features.row(kept.with(KnobCatalogue.BATCH, 66), 1000)[Features.index("tiny_last_batch")]);
        assertEquals(1, kept.with(KnobCatalogue.BATCH, 66).keptLastBatch());
        assertEquals(0, Features.row(kept.with(KnobCatalogue.BATCH, 64), 1000)[Features.index("tiny_last_batch")]);
        assertEquals(9, kept.with(KnobCatalogue.BATCH, 64).keptLastBatch());
        assertEquals(0, Features.row(k.with(KnobCatalogue.BATCH, 66), 1000)[Features.index("tiny_last_batch")], "dropped");
        assertEquals(0, Features.row(kept, 1000)[Features.index("tiny_last_batch")], "batch 512 > 265: a full batch has no last batch");
    }

    @Test
    void aBatchAsLargeAsTheTrainingSetIsTheFullBatch() {
        // the default config's batch 512 exceeds modadd p=23's 265 training pairs: the trainers take every pair each step,
        // as --batch full does, so the forecaster must see one config, not two (it read 0.81 against 0.41 before)
        Knobs asked = run(1, Outcome.LEARNED, 1200L, 1200).knobs();
        assertEquals(512, asked.batch());
        Knobs full = asked.with(KnobCatalogue.BATCH, 0);
        assertArrayEquals(Features.row(full, 1000), Features.row(asked, 1000), 0.0);
        assertEquals(1.0, Features.row(asked, 1000)[Features.index("full_batch")]);
        assertEquals(0.0, Features.row(asked.with(KnobCatalogue.BATCH, 64), 1000)[Features.index("full_batch")], "a true mini-batch");
        assertEquals(1.0, Features.row(asked.with(KnobCatalogue.BATCH, 265), 1000)[Features.index("full_batch")], "exactly the training set");
    }

    @Test
    void csvHasOneRowPerRunAndBudgetWithItsProvenance() throws Exception {
        FeatureTable t = FeatureTable.fromRecords(List.of(run(1, Outcome.LEARNED, 1200L, 1200), run(2, Outcome.NOT_LEARNED, null, 3000)),
                FeatureTable.Options.defaults());
        StringWriter w = new StringWriter();
        t.writeCsv(w);
        String[] lines = w.toString().split("\n");
        assertEquals(1 + 8, lines.length);
        String header = lines[0];
        for (String col : new String[] {"run_id", "group_hash", "source", "task", "width", "param_count", "lr", "wd", "batch", "n_train", "budget",
                "epochs", "flops", "lr_wd_budget", "log10_lr", "learned", "outcome", "confirm_step"}) {
            assertTrue(("," + header + ",").contains("," + col + ","), "column " + col + " in " + header);
        }
    }

    @Test
    void theCorpusHashChangesWithAnOutcome() {
        String a = FeatureTable.fromRecords(List.of(run(1, Outcome.LEARNED, 1200L, 1200)), FeatureTable.Options.defaults()).corpusHash();
        String b = FeatureTable.fromRecords(List.of(run(1, Outcome.LEARNED, 1200L, 1200)), new FeatureTable.Options(true)).corpusHash();
        String c = FeatureTable.fromRecords(List.of(run(1, Outcome.LEARNED, 1300L, 1300)), FeatureTable.Options.defaults()).corpusHash();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }
}
