package io.learncast.farm.config.knob;

import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.Metric;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnobCatalogueTest {

    @Test
    void keysFlagsAndColumnsAreUnique() {
        Set<String> keys = new HashSet<>(), flags = new HashSet<>(), columns = new HashSet<>();
        for (Knob<?> k : KnobCatalogue.all()) {
            assertTrue(keys.add(k.key()), k.key());
            assertTrue(flags.add(k.flag()), k.flag());
            assertTrue(columns.add(k.column()), k.column());
            assertTrue(k.key().matches("[a-z][a-z0-9_]*"), "snake_case key: " + k.key());
        }
        assertEquals("--init-scale", KnobCatalogue.INIT_SCALE.flag());
        assertEquals("batch_size", KnobCatalogue.BATCH.column());
    }

    @Test
    void fromAppliesTheDefaultsOfLearncastTrain() {
        RunConfig c = RunConfig.from(KnobValues.empty().with(KnobCatalogue.TASK, "modadd:p=97"), List.of(), 0, 0);
        RunConfig d = RunConfig.defaults("modadd:p=97");
        assertEquals(d.withSeed(0), c.withSeed(0));
        assertEquals(d.configHash(), c.withReplica(Seeds.DEFAULT_MASTER, 0).configHash());
    }

    @Test
    void ruleDefaultsSeeEarlierKnobsAndTheTask() {
        RunConfig sgd = RunConfig.from(KnobValues.empty().with(KnobCatalogue.TASK, "modadd:p=97").with(KnobCatalogue.OPTIMIZER, Optimizer.SGD),
                List.of(), 0, 0);
        assertEquals(0.0, sgd.wd(), "sgd defaults to no weight decay");
        RunConfig sampled = RunConfig.from(KnobValues.empty().with(KnobCatalogue.TASK, "sparse-parity:n=40,k=3"), List.of(), 0, 0);
        assertNull(sampled.trainFrac());
        assertEquals(KnobCatalogue.DEFAULT_N_TRAIN, sampled.nTrain());
        RunConfig sized = RunConfig.from(KnobValues.empty().with(KnobCatalogue.TASK, "modadd:p=97").with(KnobCatalogue.N_TRAIN, 300), List.of(), 0, 0);
        assertNull(sized.trainFrac(), "a given size leaves no default fraction");
    }

    @Test
    void everyKnobReadsBackWhatItWasGivenAndWithChangesOnlyIt() {
        RunConfig c = RunConfig.defaults("modadd:p=97");
        RunConfig w = KnobCatalogue.WIDTH.with(c, 64);
        assertEquals(64, KnobCatalogue.WIDTH.get(w));
        assertEquals(c.depth(), w.depth());
        assertEquals(c.seed(), w.seed());
        assertEquals(RunConfig.from(KnobValues.of(c), c.budgets(), c.seed(), c.replica()), c);
        assertEquals(Activation.TANH, KnobCatalogue.ACTIVATION.get(KnobCatalogue.ACTIVATION.with(c, Activation.TANH)));
        assertEquals(Metric.TEST_ACC, KnobCatalogue.METRIC.get(c));
    }

    @Test
    void rangeErrorsNameTheKeyWithOneWording() {
        UserError e = assertThrows(UserError.class, () -> KnobCatalogue.WIDTH.with(RunConfig.defaults("modadd:p=97"), 0));
        assertEquals("width", e.where());
        assertEquals("width: width 0 is out of range (hidden units per layer, 1–4096)", e.getMessage());
        assertEquals("--width", KnobCatalogue.toFlag(e).where());
        UserError b = assertThrows(UserError.class, () -> KnobCatalogue.BATCH.coerce("0", "--batch"));
        assertEquals("--batch: batch size 0 is less than 1 (a positive number of examples, or full)", b.getMessage());
        assertEquals(0, KnobCatalogue.BATCH.coerce("full", "--batch"));
    }

    @Test
    void legacyIdentityIsUnchanged() {
        // hashes as stored by learncast before the catalogue (computed from the pre-catalogue RunConfig)
        RunConfig c = RunConfig.defaults("modadd:p=97");
        assertEquals(LEGACY_DEFAULT_CONFIG_HASH, c.configHash());
        assertEquals(LEGACY_DEFAULT_GROUP_HASH, c.groupHash());
        RunConfig d = KnobValues.of(c).with(KnobCatalogue.DEPTH, 2).with(KnobCatalogue.WIDTH, 64).with(KnobCatalogue.ACTIVATION, Activation.TANH)
                .with(KnobCatalogue.INIT_SCALE, 0.5).with(KnobCatalogue.OPTIMIZER, Optimizer.SGD).with(KnobCatalogue.LR, 0.1).with(KnobCatalogue.WD, 0.0)
                .with(KnobCatalogue.BATCH, 0).with(KnobCatalogue.TRAIN_FRAC, null).with(KnobCatalogue.N_TRAIN, 300).with(KnobCatalogue.TEST_SIZE, 500)
                .with(KnobCatalogue.LABEL_NOISE, 0.1).buildLike(c);
        assertEquals("93efa6759ec64fc298bf1849d9eacf25ea66a5c9e6f76e2075d5c092276a3918", d.configHash());
        assertEquals("8132338c8d06f83c9929166e1c82f0e3e996a0acee484cea119d871aa45043a9", d.groupHash());
    }

    static final String LEGACY_DEFAULT_CONFIG_HASH = "3ac1d818e83e47c9e25afdc066945b583ebf641ffc965d3a4a1da004f6200f84";
    static final String LEGACY_DEFAULT_GROUP_HASH = "778823b58a9069937db9d49fd0ad09d2c1552f6192df39eac99d7f48c8aae23a";
}
