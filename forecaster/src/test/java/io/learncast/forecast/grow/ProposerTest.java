package io.learncast.forecast.grow;

import io.learncast.farm.config.RunConfig;
import io.learncast.farm.grid.GridSpec;
import io.learncast.farm.grid.Sampling;
import io.learncast.farm.grid.SearchSpace;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The proposer on a forecaster fitted to a synthetic corpus whose truth is known: modular addition
 * learns only with train fraction ≥ 0.3 and weight decay ≥ 0.02, after a known power law of steps.
 */
class ProposerTest {
    static final String SPACE = """
            name: synthetic-modadd
            property: {task: "modadd:p=23"}
            axes:
              lr: {log: [3e-4, 1e-2]}
              wd: {log: [0.003, 3]}
              train_frac: {lin: [0.1, 0.9]}
              width: [64]
              batch: [full]
              budgets: [1000, 2000, 4000]
            eval_every: 100
            master_seed: 11
            """;

    static SearchSpace space;
    static FittedForecaster forecaster;
    static List<Proposer.Candidate> candidates;

    @BeforeAll
    static void fit() {
        space = SearchSpace.of(GridSpec.parseSpace(SPACE, "synthetic", false));
        List<Proposer.Candidate> train = Proposer.candidates(space, Sampling.Method.RANDOM, 160, 1, Set.of());
        Random noise = new Random(5);
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) runs.add(SyntheticCorpus.run(i + 1, train.get(i).config(), 0, noise));
        forecaster = ForecasterFitter.fit(FeatureTable.fromRecords(runs, FeatureTable.Options.defaults()),
                ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK));
        candidates = Proposer.candidates(space, Sampling.Method.RANDOM, 1024, 2, Set.of());
    }

    /** Learned within the largest budget under the truth (the median run, no seed noise). */
    static boolean truth(RunConfig c) {
        Knobs k = Knobs.of(c);
        SyntheticCorpus.Truth t = SyntheticCorpus.truth(k);
        return t.learns() && t.medianSteps() + k.holdSteps() <= c.steps();
    }

    /** True when the truth changes within a small box (±0.04 of each coordinate) around the point: it sits on the boundary. */
    static boolean nearBoundary(double[] u) {
        Random r = new Random(java.util.Arrays.hashCode(u));
        boolean first = truth(space.config(u).orElseThrow());
        for (int i = 0; i < 40; i++) {
            double[] v = u.clone();
            for (int j = 0; j < v.length; j++) v[j] = Math.min(0.999, Math.max(0, v[j] + 0.08 * (r.nextDouble() - 0.5)));
            if (truth(space.config(v).orElseThrow()) != first) return true;
        }
        return false;
    }

    static double shareNearBoundary(List<Proposer.Proposal> ps) {
        return ps.stream().filter(p -> nearBoundary(p.point())).count() / (double) ps.size();
    }

    @Test
    void uncertaintySamplingPicksTheRegionAroundTheKnownBoundary() {
        List<Proposer.Proposal> unsure = Proposer.propose(Strategy.UNCERTAINTY, forecaster, candidates, space.budgets(), 16, Proposer.Options.defaults());
        List<Proposer.Proposal> random = Proposer.propose(Strategy.RANDOM, forecaster, candidates, space.budgets(), 16, Proposer.Options.defaults());
        double allShare = candidates.stream().filter(c -> nearBoundary(c.point())).count() / (double) candidates.size();
        double u = shareNearBoundary(unsure), r = shareNearBoundary(random);
        System.out.printf("near the boundary: uncertainty %.2f, random %.2f, all candidates %.2f%n", u, r, allShare);
        assertTrue(u >= 0.6, "uncertainty picks near the boundary: " + u + " (random " + r + ", all candidates " + allShare + ")");
        assertTrue(u >= 2 * allShare, "uncertainty " + u + " vs the space's share " + allShare);
        // and they are the ones the forecaster is unsure about: P between 0.1 and 0.9 at some budget
        for (Proposer.Proposal p : unsure) {
            assertTrue(p.forecasts().stream().anyMatch(f -> f.p() > 0.05 && f.p() < 0.95 || f.pHigh() - f.pLow() > 0.2), "not uncertain: " + p.forecasts());
        }
        // the scores rank: every pick scores above the median candidate
        double[] all = candidates.stream().mapToDouble(c -> Proposer.score(forecaster, c.config(), space.budgets(), Proposer.Options.defaults(), new ArrayList<>())).sorted().toArray();
        double median = all[all.length / 2];
        for (Proposer.Proposal p : unsure) assertTrue(p.score() > median, p.score() + " ≤ median " + median);
    }

    @Test
    void batchesAreDiverse() {
        Proposer.Options spread = Proposer.Options.defaults();
        Proposer.Options greedy = Proposer.Options.defaults().withRadius(0);
        List<Proposer.Proposal> diverse = Proposer.propose(Strategy.UNCERTAINTY, forecaster, candidates, space.budgets(), 12, spread);
        List<Proposer.Proposal> top = Proposer.propose(Strategy.UNCERTAINTY, forecaster, candidates, space.budgets(), 12, greedy);
        double dDiverse = minDistance(diverse), dTop = minDistance(top);
        System.out.printf("min distance in a batch: diverse %.3f, top scores %.3f%n", dDiverse, dTop);
        double radius = spread.radiusFor(12, space.dims());
        assertTrue(dDiverse > dTop, "diverse min distance " + dDiverse + " vs top-scores " + dTop);
        assertTrue(dDiverse >= 0.5 * radius, "no two picks closer than half the radius " + radius + ": " + dDiverse);
        assertEquals(12, diverse.stream().map(p -> p.config().groupHash()).distinct().count(), "distinct configs");
        // diversity costs little uncertainty: the batch's mean score stays within 30 % of the top scores'
        double sd = diverse.stream().mapToDouble(Proposer.Proposal::score).average().orElseThrow();
        double st = top.stream().mapToDouble(Proposer.Proposal::score).average().orElseThrow();
        assertTrue(sd >= 0.7 * st, sd + " vs " + st);
    }

    static double minDistance(List<Proposer.Proposal> ps) {
        double d = Double.POSITIVE_INFINITY;
        for (int i = 0; i < ps.size(); i++) {
            for (int j = i + 1; j < ps.size(); j++) d = Math.min(d, Proposer.distance(ps.get(i).point(), ps.get(j).point()));
        }
        return d;
    }

    @Test
    void greedyDiversityLeavesAClusterForASpreadBatch() {
        // ten near-identical top candidates and ten spread ones scoring a little less
        List<double[]> pts = new ArrayList<>();
        double[] scores = new double[20];
        for (int i = 0; i < 10; i++) {
            pts.add(new double[] {0.5 + 0.001 * i, 0.5});
            scores[i] = 1.0;
        }
        for (int i = 0; i < 10; i++) {
            pts.add(new double[] {0.1 * i, 0.05 + 0.09 * i});
            scores[10 + i] = 0.8;
        }
        List<Integer> pick = Proposer.diverse(scores, pts, 5, 0.15);
        assertEquals(1, pick.stream().filter(i -> i < 10).count(), "only one of the cluster: " + pick);
        assertEquals(List.of(0, 1, 2, 3, 4), Proposer.diverse(scores, pts, 5, 0), "no radius: the top scores");
    }

    @Test
    void candidatesSkipConfigsAlreadyTrainedAndAreValid() {
        List<Proposer.Candidate> first = Proposer.candidates(space, Sampling.Method.RANDOM, 20, 3, Set.of());
        Set<String> trained = Set.of(first.get(0).config().groupHash(), first.get(1).config().groupHash());
        List<Proposer.Candidate> again = Proposer.candidates(space, Sampling.Method.RANDOM, 20, 3, trained);
        assertTrue(again.stream().noneMatch(c -> trained.contains(c.config().groupHash())));
        for (Proposer.Candidate c : again) {
            assertArrayEquals(c.point(), space.coordinates(c.config()), 0.01, "a config's coordinates are its point (to rounding)");
            assertEquals(4000, c.config().steps());
        }
    }
}
