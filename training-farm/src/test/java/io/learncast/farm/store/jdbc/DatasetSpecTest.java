package io.learncast.farm.store.jdbc;

import io.learncast.farm.config.ConfigJson;
import io.learncast.data.DataSpec;
import io.learncast.farm.config.RunConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A dataset's stored spec is written as it was when it was a map: same keys, same order, nulls kept. */
class DatasetSpecTest {
    @Test
    void writesWhatTheMapWrote() {
        for (RunConfig c : List.of(RunConfig.defaults("modadd:p=7"), RunConfig.defaults("sparse-parity:n=8,k=3").with(new DataSpec(null, 200, 50, 0.1)))) {
            Map<String, Object> old = new HashMap<>();
            old.put("task", c.task());
            old.put("train_frac", c.trainFrac());
            old.put("n_train", c.nTrain());
            old.put("test_size", c.testSize());
            old.put("label_noise", c.labelNoise());
            old.put("data_seed", c.dataSeed());
            assertEquals(ConfigJson.write(old),
                    ConfigJson.write(new JdbcRunQueue.DatasetSpec(c.task(), c.trainFrac(), c.nTrain(), c.testSize(), c.labelNoise(), c.dataSeed())));
        }
    }
}
