package io.learncast.forecast.dev;

import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.artifact.Artifacts;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.synthetic.SyntheticCorpus;

import java.util.Random;

/** Developer tool: fits the forecaster, prints the report, a forecast, and the artifact size. */
public final class DevFit {
    public static void main(String[] args) {
        String src = args.length > 0 ? args[0] : "synthetic";
        FeatureTable t;
        if (src.equals("synthetic")) t = FeatureTable.fromRecords(SyntheticCorpus.generate(Integer.parseInt(args.length > 2 ? args[2] : "500"), 3, 1), FeatureTable.Options.defaults());
        else try (Store s = JdbcStore.open(StoreLocation.parse(src, "db"))) {
            t = Corpus.table(s, FeatureTable.Options.defaults());
        }
        ForecasterFitter.Search search = ForecasterFitter.Search.valueOf(args.length > 1 ? args[1] : "QUICK");
        long t0 = System.nanoTime();
        FittedForecaster f = ForecasterFitter.fit(t, ForecasterFitter.Options.defaults().withSearch(search), System.out::println);
        System.out.printf("fit %.1fs%n", (System.nanoTime() - t0) / 1e9);
        byte[] a = Artifacts.write(f);
        System.out.println("artifact " + a.length + " bytes");
        FittedForecaster g = Artifacts.read(a);
        RunConfig c = SyntheticCorpus.randomConfig(new Random(5));
        System.out.println(ConfigJson.write(f.predict(c, c.steps())));
        System.out.println(ConfigJson.write(g.predict(c, c.steps())));
        long t1 = System.nanoTime();
        int n = 2000;
        Random r = new Random(9);
        for (int i = 0; i < n; i++) {
            RunConfig q = SyntheticCorpus.randomConfig(r);
            g.predict(q, q.steps());
        }
        System.out.printf("%.3f ms per full forecast%n", (System.nanoTime() - t1) / 1e6 / n);
    }
}
