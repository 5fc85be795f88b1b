package io.learncast.forecast.dev;

import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.artifact.Artifacts;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.synthetic.SyntheticCorpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Developer tool: writes an artifact of the current format and the forecasts it gives, as a compatibility fixture. */
public final class DevFixture {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        FeatureTable t = FeatureTable.fromRecords(SyntheticCorpus.generate(120, 2, 11), FeatureTable.Options.defaults());
        FittedForecaster f = ForecasterFitter.fit(t, ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withFolds(3)
                .withRounds(30).withDraws(12));
        byte[] bytes = Artifacts.write(f);
        int v = Artifacts.FORMAT_VERSION;
        Files.write(dir.resolve("forecaster-v" + v + ".zip"), bytes);
        List<Map<String, Object>> expect = new ArrayList<>();
        Random r = new Random(5);
        for (int i = 0; i < 20; i++) {
            RunConfig c = SyntheticCorpus.randomConfig(r);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", c);
            m.put("forecast", f.predict(c, c.steps()));
            expect.add(m);
        }
        Files.writeString(dir.resolve("forecaster-v" + v + "-forecasts.json"), ConfigJson.write(expect));
        System.out.println("wrote " + bytes.length + " bytes");
    }
}
