package io.learncast.forecast.dev;

import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.synthetic.SyntheticCorpus;

/** Developer tool: fills a store with a synthetic corpus. */
public final class DevStore {
    public static void main(String[] args) {
        try (Store s = JdbcStore.open(StoreLocation.parse(args[0], "db"))) {
            System.out.println(SyntheticCorpus.importInto(s, SyntheticCorpus.generate(Integer.parseInt(args[1]), 3, 1)) + " imported");
        }
    }
}
