package io.learncast.forecast.model;

import io.learncast.farm.corpus.CorpusImporter;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.RunRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search's boosted trees of π are monotone in the data ({@link ForecasterFitter#MONOTONE_PI}): fitted on the
 * quickstart's real runs, moving one of those features up — every other feature of a trained config held — never lowers
 * the trees' correction to logit π. Fitted without the constraint, the same trees do lower it somewhere.
 */
class MonotoneTreesTest {
    static List<RunRecord> runs;

    @BeforeAll
    static void load(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("quickstart.jsonl");
        try (InputStream in = new GZIPInputStream(MonotoneTreesTest.class.getResourceAsStream(QuickstartCorpus.CORPUS))) {
            Files.copy(in, jsonl);
        }
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("db").toString(), "--db"))) {
            new CorpusImporter(s.queue()).run(CorpusImporter.Options.of(jsonl), n -> { }, () -> false);
            runs = s.catalog().runs(RunFilter.done()).stream().map(FeatureTable::record).toList();
        }
    }

    /** How many (config, feature, step up) lowered the π correction by more than rounding. */
    static int decreases(BoostedCure m) {
        int bad = 0;
        for (RunRecord r : runs) {
            double[] x = Features.config(r.knobs());
            for (String name : ForecasterFitter.MONOTONE_PI) {
                int j = Features.CONFIG.indexOf(name);
                double prev = Double.NEGATIVE_INFINITY;
                for (double v = x[j] - 4; v <= x[j] + 4; v += 0.05) {
                    double[] y = x.clone();
                    y[j] = v;
                    double c = m.corrections(y)[0];
                    if (c < prev - 1e-12) bad++;
                    prev = c;
                }
            }
        }
        return bad;
    }

    @Test
    void piTreesNeverLowerLearningAsTheDataGrow() {
        Candidate.Cure backbone = new Candidate.Cure(ForecasterFitter.LINEAR, 1, 1);
        BoostedCure.Spec spec = BoostedCure.Spec.defaults().withRounds(100);
        BoostedCure mono = new Candidate.CureTrees(backbone, spec.withMonotone(ForecasterFitter.MONOTONE_PI)).fitModel(runs, 11);
        BoostedCure free = new Candidate.CureTrees(backbone, spec).fitModel(runs, 11);
        assertTrue(mono.rounds() == 100 && free.rounds() == 100);
        assertTrue(decreases(mono) == 0, "monotone trees lowered π " + decreases(mono) + " times");
        assertTrue(decreases(free) > 0, "free trees never lowered π: the check could not fail");
        // the search's candidates carry the constraint
        assertTrue(ForecasterFitter.candidates(ForecasterFitter.Search.QUICK).stream().filter(c -> c instanceof Candidate.CureTrees)
                .allMatch(c -> ((Candidate.CureTrees) c).spec().monotone().equals(ForecasterFitter.MONOTONE_PI)));
    }
}
