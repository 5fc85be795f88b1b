package io.learncast.eval.scoring;

import io.learncast.common.UserError;
import io.learncast.data.property.CurveProperty;
import io.learncast.eval.split.Split;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.property.PropertyForecast;
import io.learncast.forecast.property.PropertyLabels;
import io.learncast.forecast.synthetic.SyntheticGrokking;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Properties read off curves, end to end on a real H2 store holding a synthetic corpus with a known
 * grokking boundary ({@link SyntheticGrokking}): the boundary is recovered, censored labels are never
 * scored, and a property the corpus cannot label is refused with its reason.
 */
class PropertyScoringTest {
    @TempDir static Path dir;
    static Store store;
    static Set<Long> stoppedIds;
    static final CurveProperty GROKKING = CurveProperty.parse("grokking", "t");

    @BeforeAll
    static void corpus() {
        store = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "test"));
        SyntheticGrokking.importInto(store, 8, 8, 2, 20, 5);
        stoppedIds = store.catalog().runs(io.learncast.farm.store.RunFilter.done()).stream().filter(r -> r.source().equals("synthetic-stopped"))
                .map(StoredRun::id).collect(Collectors.toSet());
        assertEquals(20, stoppedIds.size());
    }

    @AfterAll
    static void close() { store.close(); }

    @Test
    void runsStoppedBeforeThePropertyIsDecidedAreCensoredAndNeverScored() {
        PropertyLabels labels = PropertyLabels.load(store, GROKKING);
        assertEquals(148, labels.census().runs());
        assertEquals(20, labels.census().censored(), "the runs that stopped at step 150 cannot tell whether they grok");
        for (long id : stoppedIds) assertNull(labels.label(id).within(1000));
        SplitScore s = new Evaluator(Evaluator.Options.defaults().withResamples(100).withProperty(labels)).score(SyntheticStore.runs(store), Split.parse("kfold:4"), l -> { });
        Set<Long> scored = s.scored().stream().map(r -> r.run().runId()).collect(Collectors.toSet());
        assertTrue(scored.stream().noneMatch(stoppedIds::contains), "no censored label is scored");
        assertEquals(128, s.scoredRuns());
        for (FeatureTable.Row r : s.scored()) assertNotNull(r.run().learnedWithin(r.budget()));
        // the forecaster recovers the known boundary
        assertTrue(s.model(Evaluator.FORECASTER).auc().value() > 0.9, "AUC " + s.model(Evaluator.FORECASTER).auc());
        assertTrue(s.notes().stream().anyMatch(n -> n.startsWith("delay ratio t_gen/t_mem")), s.notes().toString());
    }

    @Test
    void theForecastFollowsTheKnownBoundaryAndItsDelayRatio() {
        // s = log10(wd) + 4 (frac − 0.6): 0.5 groks at 100·(3 + 20·0.5) = 1300 (ratio 13); −0.8 memorises; 1.9 generalises at once (the grid's corner)
        PropertyForecast grok = PropertyForecast.of(store, GROKKING, SyntheticGrokking.config(1.0, 0.725, 0), "t");
        PropertyForecast mem = PropertyForecast.of(store, GROKKING, SyntheticGrokking.config(0.1, 0.65, 0), "t");
        PropertyForecast fast = PropertyForecast.of(store, GROKKING, SyntheticGrokking.config(Math.pow(10, 0.5), 0.95, 0), "t");
        assertTrue(grok.forecast().p() > 0.7, "groks: " + grok.forecast().p());
        assertTrue(mem.forecast().p() < 0.2, "memorises: " + mem.forecast().p());
        assertTrue(fast.forecast().p() < 0.3, "learns without grokking: " + fast.forecast().p());
        var r = grok.delayRatio();
        assertNotNull(r);
        assertTrue(r.low() <= r.median() && r.median() <= r.high());
        assertTrue(r.median() > 6 && r.median() < 26, "delay ratio near 13: " + r);
        PropertyForecast memorised = PropertyForecast.of(store, CurveProperty.parse("memorisation", "t"), SyntheticGrokking.config(0.1, 0.65, 0), "t");
        assertTrue(memorised.forecast().p() > 0.8, "a memoriser: " + memorised.forecast().p());
        assertNull(memorised.forecast().stepsMedian(), "memorisation has no steps");
    }

    @Test
    void aPropertyTheCorpusCannotLabelIsRefusedWithItsReason(@TempDir Path other) {
        try (Store s = JdbcStore.open(StoreLocation.parse(other.resolve("store").toString(), "test"))) {
            SyntheticGrokking.importInto(s, 1, 1, 1, 12, 9); // one run to budget, 12 stopped at step 150
            var e = assertThrows(UserError.class, () -> PropertyLabels.load(s, GROKKING).require(PropertyLabels.MIN_LABELLED, "--property"));
            assertTrue(e.getMessage().contains("only 1 of 13 runs can be labelled"), e.getMessage());
            var all = assertThrows(UserError.class, () -> PropertyForecast.of(s, CurveProperty.parse("test_acc>=0.95", "t"), SyntheticGrokking.config(1, 0.7, 0), "property"));
            assertEquals("property", all.where());
            // train accuracy is decided by every run (all memorise by step 150): labelled, but one-sided
            var same = assertThrows(UserError.class, () -> PropertyLabels.load(s, CurveProperty.parse("train_acc>=0.99", "t")).require(10, "--property"));
            assertTrue(same.getMessage().contains("nothing to tell apart"), same.getMessage());
        }
    }
}
