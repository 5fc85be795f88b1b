package io.learncast.forecast.model;

import io.learncast.common.Seeds;
import io.learncast.farm.config.ConfigJson;
import io.learncast.forecast.features.FeatureTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The structured model is refitted on every run beside the search, at the most rounds the search scores, and cut to the
 * rounds it chose: that must be exactly the model fitted afterwards at those rounds, on the quickstart's real runs.
 */
class RefitBesideSearchTest {
    @TempDir Path dir;

    @Test
    void theRefitBesideTheSearchIsTheModelFittedAfterIt() throws Exception {
        QuickstartCorpus.fit(dir); // imports the real runs
        Candidate.Cure quadratic = new Candidate.Cure(io.learncast.forecast.model.Basis.Spec.defaults(), 3, 3);
        Candidate.CureTrees trees = new Candidate.CureTrees(quadratic, BoostedCure.Spec.defaults());
        ForecasterFitter.Options o = ForecasterFitter.Options.defaults().withCandidates(List.of(quadratic, trees)).withRounds(25, 50, 100);
        FittedForecaster f = ForecasterFitter.fit(FeatureTable.fromRecords(QuickstartCorpus.runs, FeatureTable.Options.defaults()), o);

        String chosen = f.report().chosen();
        assertTrue(chosen.contains("rounds=25") || chosen.contains("rounds=50") || chosen.contains("rounds=100"), chosen);
        int rounds = Integer.parseInt(chosen.replaceAll(".*rounds=(\\d+).*", "$1"));
        BoostedCure sequential = ForecasterFitter.structured(trees.withRounds(rounds), QuickstartCorpus.runs, Seeds.derive(o.seed(), "final"));
        assertEquals(ConfigJson.MAPPER.writeValueAsString(sequential), ConfigJson.MAPPER.writeValueAsString(f.survival()));
    }
}
