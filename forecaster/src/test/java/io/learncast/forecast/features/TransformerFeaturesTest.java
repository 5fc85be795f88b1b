package io.learncast.forecast.features;

import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.TaskFacts;
import io.learncast.farm.config.Toggle;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.config.knob.KnobValues;
import io.learncast.farm.config.ConfigJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forecaster's features describe both families: the catalogue's later knobs by their encodings, sizes and compute per architecture. */
class TransformerFeaturesTest {

    static RunConfig config(KnobValues v) { return RunConfig.from(v, List.of(), 0, 0); }

    static final RunConfig MLP = config(KnobValues.empty().with(KnobCatalogue.TASK, "modadd:p=23").with(KnobCatalogue.WIDTH, 64));
    static final RunConfig TFM = config(KnobValues.empty().with(KnobCatalogue.TASK, "modadd:p=23").with(KnobCatalogue.ARCH, Knob.Arch.TRANSFORMER)
            .with(KnobCatalogue.LAYERS, 2).with(KnobCatalogue.D_MODEL, 64).with(KnobCatalogue.LAYER_NORM, Toggle.ON));

    static double f(RunConfig c, String name) { return Features.config(Knobs.of(c))[Features.CONFIG.indexOf(name)]; }

    @Test
    void laterKnobsAreFeaturesByTheirEncodingAndZeroWhereTheyDoNotApply() {
        assertTrue(Features.CONFIG.containsAll(List.of("arch_mlp", "arch_transformer", "layers", "log2_d_model", "log2_heads", "log2_d_mlp",
                "layer_norm_on", "layer_norm_off")), Features.CONFIG.toString());
        assertEquals(List.of("hold_steps"), Features.CONFIG.subList(Features.CONFIG.indexOf("hold_steps"), Features.CONFIG.indexOf("hold_steps") + 1),
                "the legacy layout comes first, unchanged");
        assertEquals(1, f(TFM, "arch_transformer"));
        assertEquals(6, f(TFM, "log2_d_model"), 1e-12);
        assertEquals(8, f(TFM, "log2_d_mlp"), 1e-12, "d_mlp defaults to 4 × d_model");
        assertEquals(1, f(TFM, "layer_norm_on"));
        assertEquals(2, f(TFM, "depth"), "a transformer's depth is its blocks");
        assertEquals(6, f(TFM, "log2_width"), 1e-12, "and its width its residual stream's");
        assertEquals(1, f(MLP, "arch_mlp"));
        for (String n : List.of("arch_transformer", "layers", "log2_d_model", "layer_norm_on", "layer_norm_off")) assertEquals(0, f(MLP, n), n);
    }

    @Test
    void sizeAndComputeAreCountedPerArchitecture() {
        Knobs t = Knobs.of(TFM), m = Knobs.of(MLP);
        assertEquals(TaskFacts.of(TFM).paramCount(TFM), t.paramCount(), "the store's and the forecaster's counts agree");
        assertEquals(TaskFacts.of(MLP).paramCount(MLP), m.paramCount());
        assertNotEquals(6.0 * t.paramCount() * t.effectiveBatch() * 1000, t.flops(1000), "a transformer's FLOPs count attention over positions");
        assertTrue(t.flops(2000) > t.flops(1000));
    }

    @Test
    void knobsChangeWithoutValidationAndRoundTripThroughArtifacts() {
        Knobs t = Knobs.of(TFM).with(KnobCatalogue.HEADS, 3); // 3 does not divide 64: a coalition may be no real config
        assertEquals(3, (int) t.get(KnobCatalogue.HEADS));
        Knobs back = ConfigJson.read(ConfigJson.write(t), Knobs.class);
        assertEquals(t, back);
        Knobs mlp = ConfigJson.read(ConfigJson.write(Knobs.of(MLP)), Knobs.class);
        assertEquals(Knobs.of(MLP), mlp);
        assertTrue(!ConfigJson.write(mlp).contains("dModel"), "an MLP's knobs are written as they always were");
    }
}
