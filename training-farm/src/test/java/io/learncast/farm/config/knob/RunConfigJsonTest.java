package io.learncast.farm.config.knob;

import io.learncast.farm.config.Activation;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;

import io.learncast.common.Seeds;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.config.knob.KnobValues;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The stored shape of a config ({@code config_json} in every store, provenance and ledger) is flat and
 * keeps its field names and order whatever the record's layout: these strings were written by the
 * flat 21-field record that came before the composition, and must read and write back byte for byte.
 */
class RunConfigJsonTest {
    static final String DEFAULTS = "{\"task\":\"modadd:p=97\",\"metric\":\"test_acc\",\"threshold\":0.95,\"hold\":1,\"train_frac\":0.5,\"n_train\":null,\"test_size\":null,\"label_noise\":0.0,\"depth\":1,\"width\":128,\"activation\":\"relu\",\"init_scale\":1.0,\"optimizer\":\"adamw\",\"lr\":0.001,\"wd\":1.0,\"batch\":512,\"steps\":3000,\"eval_every\":100,\"budgets\":[3000],\"seed\":676366360486798199,\"replica\":0}";
    static final String CHANGED = "{\"task\":\"modadd:p=23\",\"metric\":\"test_acc\",\"threshold\":0.95,\"hold\":1,\"train_frac\":null,\"n_train\":200,\"test_size\":100,\"label_noise\":0.1,\"depth\":2,\"width\":128,\"activation\":\"tanh\",\"init_scale\":0.5,\"optimizer\":\"sgd\",\"lr\":0.1,\"wd\":0.0,\"batch\":0,\"steps\":3000,\"eval_every\":100,\"budgets\":[500,3000],\"seed\":-8105533351011104664,\"replica\":1}";

    static RunConfig changed() {
        RunConfig c = RunConfig.from(KnobValues.empty().with(KnobCatalogue.TASK, "modadd:p=23"), List.of(500L), 0, 0);
        return KnobValues.of(c).with(KnobCatalogue.OPTIMIZER, Optimizer.SGD).with(KnobCatalogue.LR, 0.1).with(KnobCatalogue.WD, 0.0)
                .with(KnobCatalogue.BATCH, 0).with(KnobCatalogue.TRAIN_FRAC, null).with(KnobCatalogue.N_TRAIN, 200)
                .with(KnobCatalogue.TEST_SIZE, 100).with(KnobCatalogue.LABEL_NOISE, 0.1).with(KnobCatalogue.DEPTH, 2)
                .with(KnobCatalogue.ACTIVATION, Activation.TANH).with(KnobCatalogue.INIT_SCALE, 0.5).buildLike(c).withReplica(7, 1);
    }

    @Test
    void legacyJsonReadsAndWritesBackByteForByte() {
        RunConfig d = RunConfig.defaults("modadd:p=97");
        assertEquals(DEFAULTS, ConfigJson.write(d));
        assertEquals(CHANGED, ConfigJson.write(changed()));
        assertEquals(d, ConfigJson.config(DEFAULTS));
        assertEquals(DEFAULTS, ConfigJson.write(ConfigJson.config(DEFAULTS)));
        assertEquals(CHANGED, ConfigJson.write(ConfigJson.config(CHANGED)));
    }
}
