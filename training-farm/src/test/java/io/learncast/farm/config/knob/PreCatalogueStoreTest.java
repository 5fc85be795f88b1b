package io.learncast.farm.config.knob;

import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.EnqueueReport;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.TestStores;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store written by learncast before the knob catalogue (three queued runs, kept as a test resource)
 * still opens, its runs parse to the same configs, and the same configs built through the catalogue
 * have the stored config and group hashes (so nothing is enqueued twice).
 */
class PreCatalogueStoreTest {
    @TempDir Path dir;

    static final List<String> CONFIG_HASHES = List.of(
            "0055aac4b1e7d8c2f2f2e5770eb862515a124c536ff769a5973a7105667d03a8",
            "0c654b40a9317f1edd248b3d17f9387750c370599ea5bd1d419217f77199f4db",
            "63ed745e68503522359550e2111bc86549444ec2f99221cd202a0a593080eebb");
    static final List<String> GROUP_HASHES = List.of(
            "f96d5ab16ef80c2c9d1a1b0181bab8d784de0ce90e9e5f5b29b7a086c7bdd347",
            "fb0b4e95942a255849a9407e573cccdc673714daeb9dcdd5a3708b80595c4283",
            "a887d8ced6936105032ad8440151dfbab0d6622cdf90f3653819d5dc6c683191");

    @Test
    void anOldStoreOpensAndKeepsItsHashes() throws Exception {
        Path store = TestStores.preCatalogue(dir.resolve("store"));
        RunConfig c = RunConfig.from(KnobValues.empty().with(KnobCatalogue.TASK, "modadd:p=23"), List.of(), 0, 0)
                .withReplica(io.learncast.common.Seeds.DEFAULT_MASTER, 0);
        List<RunConfig> same = List.of(c,
                KnobValues.of(c).with(KnobCatalogue.DEPTH, 2).with(KnobCatalogue.WIDTH, 64).with(KnobCatalogue.ACTIVATION, Activation.TANH)
                        .with(KnobCatalogue.INIT_SCALE, 0.5).buildLike(c),
                KnobValues.of(c).with(KnobCatalogue.OPTIMIZER, Optimizer.SGD).with(KnobCatalogue.LR, 0.1).with(KnobCatalogue.WD, 0.0)
                        .with(KnobCatalogue.BATCH, 0).with(KnobCatalogue.TRAIN_FRAC, null).with(KnobCatalogue.N_TRAIN, 200)
                        .with(KnobCatalogue.TEST_SIZE, 100).with(KnobCatalogue.LABEL_NOISE, 0.1).buildLike(c).withReplica(7, 1));
        for (int i = 0; i < same.size(); i++) {
            assertEquals(CONFIG_HASHES.get(i), same.get(i).configHash(), "config hash of run " + i);
            assertEquals(GROUP_HASHES.get(i), same.get(i).groupHash(), "group hash of run " + i);
        }
        try (JdbcStore s = JdbcStore.open(StoreLocation.parse(store.toString(), "--db"), 2)) {
            for (int i = 0; i < same.size(); i++) {
                StoredRun r = s.catalog().byConfigHash(CONFIG_HASHES.get(i)).orElseThrow();
                assertEquals(same.get(i), r.config(), "stored config " + i + " parses to the same config");
            }
            EnqueueReport again = s.queue().enqueue(same, "farm", null);
            assertEquals(0, again.addedCount(), "the same configs are already there");
            assertEquals(3, again.alreadyPresent());
        }
        assertTrue(Files.size(store.resolve("learncast.mv.db")) > 0);
    }
}
