package io.learncast.farm.config.knob;

import io.learncast.common.UserError;
import io.learncast.data.Dataset;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.Toggle;
import io.learncast.farm.grid.GridSpec;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.farm.train.Trainers;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.train.fast.FastTransformerTrainer;
import io.learncast.farm.train.transformer.TransformerShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Architecture is a knob like any other: defaults, errors, JSON, hashes, grids, the store and the trainer all follow the catalogue. */
class TransformerKnobsTest {
    @TempDir Path dir;

    static RunConfig build(KnobValues v) { return RunConfig.from(v, List.of(), 0, 0); }

    static KnobValues tfm(String task) {
        return KnobValues.empty().with(KnobCatalogue.TASK, task).with(KnobCatalogue.ARCH, Knob.Arch.TRANSFORMER);
    }

    @Test
    void aTransformerGetsItsDefaultsAndAnMlpHasNone() {
        ModelConfig m = build(tfm("modadd:p=23")).model();
        assertEquals(List.of(1, 128, 4, 512), List.of(m.layers(), m.dModel(), m.heads(), m.dMlp()), "d_mlp defaults to 4 × d_model");
        assertEquals(Toggle.OFF, m.layerNorm());
        assertEquals(256, build(tfm("modadd:p=23").with(KnobCatalogue.D_MODEL, 64)).model().dMlp());
        ModelConfig mlp = build(KnobValues.empty().with(KnobCatalogue.TASK, "modadd:p=23")).model();
        assertEquals(Knob.Arch.MLP, mlp.arch());
        assertNull(mlp.layers());
        assertNull(mlp.dMlp());
        assertTrue(build(tfm("sparse-parity:n=8,k=3")).model().isTransformer(), "bit tasks read as sequences too");
    }

    @Test
    void knobsOfTheOtherFamilyAndBadShapesAreClearErrors() throws Exception {
        UserError e = assertThrows(UserError.class, () -> build(tfm("modadd:p=23").with(KnobCatalogue.WIDTH, 64)));
        assertEquals("width", e.where());
        assertTrue(e.getMessage().contains("does not apply to a transformer"), e.getMessage());
        e = assertThrows(UserError.class, () -> build(KnobValues.empty().with(KnobCatalogue.TASK, "modadd:p=23").with(KnobCatalogue.HEADS, 2)));
        assertEquals("heads", e.where());
        assertTrue(e.getMessage().contains("does not apply to an MLP"), e.getMessage());
        e = assertThrows(UserError.class, () -> build(tfm("modadd:p=23").with(KnobCatalogue.D_MODEL, 30)));
        assertEquals("heads", e.where());
        assertTrue(e.getMessage().contains("do not divide d_model 30") && e.getMessage().contains("1, 2, 3, 5, 6, 10, 15, 30"), e.getMessage());
        e = assertThrows(UserError.class, () -> build(tfm("modadd:p=23").with(KnobCatalogue.LAYERS, 5)));
        assertEquals("layers", e.where());
        Path csv = Files.writeString(dir.resolve("t.csv"), "x,y\n1,a\n2,b\n3,a\n4,b\n");
        e = assertThrows(UserError.class, () -> build(tfm("csv:path=" + csv + ",label=y")));
        assertEquals("arch", e.where());
        assertTrue(e.getMessage().contains("a transformer needs a token task"), e.getMessage());
    }

    @Test
    void aTransformerConfigRoundTripsThroughJsonAndHasItsOwnHashes() {
        RunConfig t = build(tfm("modadd:p=23").with(KnobCatalogue.D_MODEL, 64).with(KnobCatalogue.LAYER_NORM, Toggle.ON));
        String json = ConfigJson.write(t);
        assertTrue(json.contains("\"arch\":\"transformer\"") && json.contains("\"layer_norm\":\"on\"") && json.contains("\"d_mlp\":256"), json);
        assertEquals(t, ConfigJson.config(json));
        RunConfig mlp = build(KnobValues.empty().with(KnobCatalogue.TASK, "modadd:p=23"));
        assertFalse(ConfigJson.write(mlp).contains("arch"), "an MLP's JSON is as it always was");
        assertNotEquals(mlp.groupHash(), build(tfm("modadd:p=23")).groupHash());
        assertNotEquals(t.shapeKey(), build(tfm("modadd:p=23")).shapeKey(), "runs of different shapes never share a batch");
        assertEquals(t, KnobCatalogue.LAYERS.with(t, 1), "a knob's with goes through the catalogue");
    }

    @Test
    void gridsSweepTransformerAxesAndTheStoreKeepsThem() {
        GridSpec g = GridSpec.parse("""
                name: tfm
                property: {task: "modadd:p=11"}
                axes:
                  arch: [transformer]
                  d_model: [16, 32]
                  heads: [2]
                  layer_norm: [off, on]
                  budgets: [100]
                seeds: 1
                eval_every: 50
                """, "test", false);
        List<RunConfig> runs = g.expand();
        assertEquals(4, runs.size());
        assertEquals(Set.of(16, 32), runs.stream().map(c -> c.model().dModel()).collect(Collectors.toSet()));
        try (JdbcStore s = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "--db"), 2)) {
            assertEquals(4, s.queue().enqueue(runs, "farm", null).addedCount());
            for (RunConfig c : runs) {
                StoredRun r = s.catalog().byConfigHash(c.configHash()).orElseThrow();
                assertEquals(c, r.config());
                assertEquals(io.learncast.farm.config.TaskFacts.of(c).paramCount(c), r.paramCount(),
                        "the stored parameter count is the transformer's");
            }
        }
    }

    @Test
    void theFarmsTrainerTrainsTheShapeTheConfigAsksFor() {
        RunConfig c = build(tfm("modadd:p=7").with(KnobCatalogue.D_MODEL, 8).with(KnobCatalogue.HEADS, 2)
                .with(KnobCatalogue.STEPS, 40L).with(KnobCatalogue.EVAL_EVERY, 20).with(KnobCatalogue.BATCH, 0));
        Dataset d = io.learncast.data.Datasets.build(c.taskSpec(), c.dataSpec(), c.dataSeed());
        RunResult viaFarm = Trainers.byName(null, "--trainer").train(List.of(c), List.of(d), List.of(TrainingListener.NONE)).get(0);
        RunResult direct = new FastTransformerTrainer(TransformerShape.of(c.model())).train(c, d, TrainingListener.NONE);
        assertEquals(direct.curve(), viaFarm.curve());
        io.learncast.data.SequenceFormat f = io.learncast.data.SequenceFormat.of(d);
        assertEquals(TransformerShape.of(c.model()).paramCount(f.vocab(), f.positions(), d.numClasses()),
                io.learncast.farm.config.TaskFacts.of(c).paramCount(c));
    }
}
