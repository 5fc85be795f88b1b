package io.learncast.app.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.farm.config.RunConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HTTP forecast requests take the defaults of the command line, including the optimiser's weight decay. */
class ConfigRequestTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"task\":\"modadd:p=23\"}                                | 1.0",
            "{\"task\":\"modadd:p=23\",\"optimizer\":\"adamw\"}        | 1.0",
            "{\"task\":\"modadd:p=23\",\"optimizer\":\"sgd\"}          | 0.0",
            "{\"task\":\"modadd:p=23\",\"optimizer\":\"adam\"}         | 0.0",
            "{\"task\":\"modadd:p=23\",\"optimizer\":\"sgd\",\"wd\":0.5} | 0.5",
    })
    void theWeightDecayDefaultDependsOnTheOptimizer(String body, double wd) throws Exception {
        RunConfig c = ConfigRequest.parse(new ObjectMapper().readTree(body), new StoredTasks(null)); // no csv task here: the store is not read
        assertEquals(wd, c.wd(), body);
    }
}
