package io.learncast.forecast.grow;

import io.learncast.farm.grid.GridSpec;
import io.learncast.farm.grid.SearchSpace;
import io.learncast.farm.store.GrowRound;
import io.learncast.farm.store.GrowRounds;
import io.learncast.farm.store.LedgerEntry;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.store.ForecasterRegistry;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Known from the last round: a grow round killed between its enqueue (with its ledger entries) and its row was
 * proposed again and recorded its forecasts a second time. Now the three are one transaction. The "kill" here
 * is a failure injected as the round's row is written — after the enqueue and the ledger entries, inside the
 * transaction — into a real H2 store; the campaign then runs again.
 */
class GrowRoundAtomicityTest {
    @TempDir Path dir;

    static final String SPACE = """
            name: atomic
            property: {task: "modadd:p=23"}
            axes:
              width: {log: [16, 256]}
              lr: {log: [1e-3, 0.1]}
              wd: {lin: [0, 1]}
              train_frac: {lin: [0.3, 0.9]}
              budgets: [1000, 3000]
            eval_every: 100
            master_seed: 5
            """;

    @Test
    void aRoundKilledWhileStartingRecordsNothingAndItsForecastsOnceWhenRunAgain() throws Exception {
        try (Store real = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "--db"))) {
            SyntheticCorpus.importInto(real, SyntheticCorpus.generate(80, 2, 7));
            ForecasterRegistry.save(real, ForecasterFitter.fit(Corpus.table(real, FeatureTable.Options.defaults()),
                    ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withFolds(3).withRounds(30).withDraws(10)));
            long runsBefore = real.catalog().count(RunFilter.all());
            SearchSpace space = SearchSpace.of(GridSpec.parseSpace(SPACE, "atomic", false));
            GrowCampaign.Plan plan = new GrowCampaign.Plan("atomic", space, Strategy.UNCERTAINTY, 1, 6, ForecasterFitter.Search.QUICK,
                    Proposer.Options.defaults().withPoolSize(64));
            GrowCampaign.Training noTraining = ids -> false; // stop before training: the test is about starting the round

            AtomicBoolean killed = new AtomicBoolean();
            Store dying = killingOnce(real, killed);
            assertThrows(IllegalStateException.class, () -> GrowCampaign.run(dying, plan, noTraining, () -> false, new GrowCampaign.Listener() {}));
            assertTrue(killed.get());
            assertEquals(runsBefore, real.catalog().count(RunFilter.all()), "nothing of the killed round was enqueued");
            assertTrue(ledger(real).isEmpty(), "nothing of the killed round was recorded");
            assertTrue(real.growRounds().get("atomic", 1).isEmpty());

            GrowCampaign.run(real, plan, noTraining, () -> false, new GrowCampaign.Listener() {});
            GrowRound r = real.growRounds().get("atomic", 1).orElseThrow();
            assertEquals(6, r.runIds().size());
            assertEquals(runsBefore + 6, real.catalog().count(RunFilter.all()));
            List<LedgerEntry> entries = ledger(real);
            assertEquals(6 * 2, entries.size(), "each proposal's forecast at each budget, once");
            Map<String, Integer> seen = new HashMap<>();
            for (LedgerEntry e : entries) seen.merge(e.configHash() + "@" + e.budget(), 1, Integer::sum);
            assertTrue(seen.values().stream().allMatch(n -> n == 1), seen.toString());
            assertTrue(real.ledger().verify().intact());
            // running it again with the round in place writes nothing more
            GrowCampaign.run(real, plan, noTraining, () -> false, new GrowCampaign.Listener() {});
            assertEquals(12, ledger(real).size());
        }
    }

    static List<LedgerEntry> ledger(Store s) {
        return s.ledger().entries().stream().filter(e -> e.context().equals(GrowCampaign.CONTEXT)).toList();
    }

    /** The real store, whose first grow round dies as its row is written (after the enqueue and the ledger entries). */
    static Store killingOnce(Store real, AtomicBoolean killed) {
        GrowRounds rounds = (GrowRounds) Proxy.newProxyInstance(GrowRounds.class.getClassLoader(), new Class<?>[] {GrowRounds.class}, (p, m, args) -> {
            if (m.getName().equals("start") && !killed.get()) {
                if (args.length == 2) {
                    GrowRounds.Summary s = (GrowRounds.Summary) args[1];
                    args = new Object[] {args[0], (GrowRounds.Summary) (ids, enqueued, recorded) -> {
                        s.json(ids, enqueued, recorded);
                        killed.set(true);
                        throw new IllegalStateException("killed while writing the round's row");
                    }};
                } else {
                    killed.set(true);
                    throw new IllegalStateException("killed before writing the round's row");
                }
            }
            try {
                return m.invoke(real.growRounds(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
            if (m.getName().equals("growRounds")) return rounds;
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
