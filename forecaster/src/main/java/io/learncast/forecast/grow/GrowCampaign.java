package io.learncast.forecast.grow;

import io.learncast.common.Hashing;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.grid.Axis;
import io.learncast.farm.grid.Sampling;
import io.learncast.farm.grid.SearchSpace;
import io.learncast.farm.store.GrowRounds;
import io.learncast.farm.store.NewForecast;
import io.learncast.farm.store.GrowRound;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.FitReport;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.store.ForecasterRegistry;
import io.learncast.forecast.store.LedgerWriter;
import io.learncast.forecast.validation.Metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A grow campaign: rounds of propose → enqueue and record the forecasts in the ledger (before any
 * training) → train → refit the forecaster → record the round. Each round is a row of
 * {@code grow_rounds}: written with its enqueue and its forecasts in one transaction (state TRAINING) and
 * finished once the refit model is registered (DONE). A later call with the same campaign resumes: done
 * rounds are skipped, a round still training continues training its runs, and new rounds follow until
 * {@code rounds} exist. A process killed while starting a round leaves nothing of it, so the round is
 * proposed again and no forecast is recorded twice.
 */
public final class GrowCampaign {
    private GrowCampaign() {}

    /** Trains the queue until the given runs are finished; false when it was stopped first. */
    public interface Training {
        boolean train(List<Long> runIds);
    }

    /** Hears about the campaign (on the calling thread). */
    public interface Listener {
        default void round(int round, int rounds, String what) {}

        default void finished(GrowRound round, GrowSummary summary) {}
    }

    /**
     * @param campaign the name rounds are recorded under
     * @param rounds   the campaign's total number of rounds (a resumed campaign continues up to it)
     * @param search   the refit's model search ({@code quick} keeps rounds short)
     */
    public record Plan(String campaign, SearchSpace space, Strategy strategy, int rounds, int batch, ForecasterFitter.Search search,
                       Proposer.Options proposer) {}

    /** What a call did: every round of the campaign now, how many rounds this call finished, and whether it was stopped. */
    public record Result(List<GrowRound> rounds, int finishedNow, boolean interrupted) {}

    /** The ledger context of a round's forecasts. */
    public static final String CONTEXT = "grow";
    /** Grow's runs are farm runs (trained by the worker pool); grow_rounds says which round proposed them. */
    public static final String SOURCE = "farm";

    /** The default campaign name: the spec's name and the strategy. */
    public static String defaultName(SearchSpace space, Strategy s) { return space.spec().name() + "-" + s.key(); }

    public static Result run(Store store, Plan plan, Training training, BooleanSupplier stopping, Listener listener) {
        String specHash = plan.space().spec().specHash();
        check(store, plan);
        int finished = 0;
        for (int round = 1; round <= plan.rounds(); round++) {
            Optional<GrowRound> have = store.growRounds().get(plan.campaign(), round);
            if (have.isPresent() && have.get().done()) continue;
            if (stopping.getAsBoolean()) return new Result(store.growRounds().rounds(plan.campaign()), finished, true);
            GrowRound r;
            if (have.isPresent()) {
                r = have.get();
                listener.round(round, plan.rounds(), "resuming: " + r.runIds().size() + " runs enqueued earlier");
            } else {
                r = propose(store, plan, round, specHash, listener);
            }
            listener.round(round, plan.rounds(), "training " + r.runIds().size() + " runs");
            if (!training.train(r.runIds())) return new Result(store.growRounds().rounds(plan.campaign()), finished, true);
            listener.round(round, plan.rounds(), "refitting the forecaster");
            GrowSummary summary = refit(store, plan, r, GrowSummary.of(r));
            Long modelId = summary.refit() == null ? null : summary.refit().modelId();
            store.growRounds().finish(plan.campaign(), round, modelId, summary.json());
            GrowRound done = store.growRounds().get(plan.campaign(), round).orElseThrow();
            finished++;
            listener.finished(done, summary);
        }
        return new Result(store.growRounds().rounds(plan.campaign()), finished, false);
    }

    /** Refuses to continue a campaign with another spec or strategy than it was started with. */
    public static void check(Store store, Plan plan) {
        String specHash = plan.space().spec().specHash();
        for (GrowRound r : store.growRounds().rounds(plan.campaign())) {
            GrowSummary s = GrowSummary.of(r);
            if (!specHash.equals(s.specHash()) || !r.strategy().equals(plan.strategy().key())) {
                throw new UserError("grow", "campaign '" + plan.campaign() + "' was started with " + (!specHash.equals(s.specHash())
                        ? "another spec (" + s.specName() + ")" : "strategy " + r.strategy()),
                        "resume it with the same --space and --strategy, or start a new one with --campaign NAME");
            }
        }
    }

    private static GrowRound propose(Store store, Plan plan, int round, String specHash, Listener listener) {
        SearchSpace space = plan.space();
        Optional<ForecasterRegistry.Loaded> active = ForecasterRegistry.active(store);
        FittedForecaster f = active.map(ForecasterRegistry.Loaded::forecaster).orElse(null);
        // configs already trained or training; queued ones stay proposable, so a round killed between its enqueue and its
        // row is proposed again identically (same model, same corpus) and finds its runs already enqueued
        Set<String> trained = new HashSet<>();
        store.catalog().stream(RunFilter.all(), run -> {
            if (run.state() != RunState.QUEUED) trained.add(run.groupHash());
        });
        long seed = Seeds.derive(space.spec().masterSeed(), "grow:" + plan.campaign() + ":" + round);
        List<Proposer.Proposal> proposals;
        boolean seeded = f == null;
        if (seeded) {
            // no forecaster yet: a Latin hypercube batch spreads the first runs over the whole space
            listener.round(round, plan.rounds(), "no forecaster yet: seeding with a Latin hypercube of " + plan.batch());
            List<Proposer.Candidate> c = Proposer.candidates(space, Sampling.Method.LHS, plan.batch(), seed, trained);
            proposals = Proposer.propose(plan.strategy(), null, c, space.budgets(), plan.batch(), plan.proposer());
        } else {
            listener.round(round, plan.rounds(), "proposing " + plan.batch() + " (" + plan.strategy().key() + ") with forecaster #" + active.get().record().id());
            int pool = plan.strategy() == Strategy.RANDOM ? plan.batch() : Math.max(plan.proposer().poolSize(), 16 * plan.batch());
            List<Proposer.Candidate> c = Proposer.candidates(space, Sampling.Method.RANDOM, pool, seed, trained);
            proposals = Proposer.propose(plan.strategy(), f, c, space.budgets(), plan.batch(), plan.proposer());
        }
        if (proposals.isEmpty()) {
            throw new UserError("--space", "no untrained config of the space is left to propose", "widen the axes or use another spec");
        }
        List<RunConfig> configs = proposals.stream().map(Proposer.Proposal::config).toList();
        RunQueue.Sweep sweep = new RunQueue.Sweep(plan.campaign() + " round " + round,
                Hashing.sha256Hex("grow|" + plan.campaign() + "|" + round + "|" + specHash), space.spec().text());
        // prospective: recorded before any of these runs can start (the store refuses forecasts for started configs)
        List<NewForecast> forecasts = new ArrayList<>();
        if (f != null) {
            List<LedgerWriter.Entry> entries = new ArrayList<>();
            for (Proposer.Proposal p : proposals) for (Forecast fc : p.forecasts()) entries.add(new LedgerWriter.Entry(p.config(), fc));
            forecasts.addAll(LedgerWriter.forecasts(active.get().record().id(), entries, CONTEXT));
        }
        // enqueue, ledger and round row in one transaction: a process killed half-way leaves nothing, so nothing is recorded twice
        GrowRounds.NewRound next = new GrowRounds.NewRound(plan.campaign(), round, plan.strategy().key(), configs, SOURCE, sweep, forecasts);
        return store.growRounds().start(next, (ids, enqueued, recorded) -> {
            List<GrowSummary.Proposal> ps = new ArrayList<>();
            for (int i = 0; i < proposals.size(); i++) {
                Proposer.Proposal p = proposals.get(i);
                boolean forecast = !p.forecasts().isEmpty();
                ps.add(new GrowSummary.Proposal(ids.get(i), p.config().configHash(),
                        space.varying().stream().map(a -> SearchSpace.value(a.field(), p.config())).toList(), p.point(),
                        Double.isNaN(p.score()) ? null : p.score(),
                        forecast ? p.forecasts().stream().map(Forecast::p).toList() : null,
                        forecast ? p.forecasts().stream().map(Forecast::pLow).toList() : null,
                        forecast ? p.forecasts().stream().map(Forecast::pHigh).toList() : null));
            }
            return new GrowSummary(space.spec().name(), specHash, plan.batch(), seeded, f == null ? null : active.get().record().id(), recorded, enqueued,
                    space.varying().stream().map(a -> a.field().key()).toList(),
                    space.varying().stream().map(a -> a instanceof Axis.Range r && r.log()).toList(), ps,
                    null, null, null, null, null).json();
        });
    }

    /** Refits on the whole store, registers the model, scores the ledger and this round's forecasts; the summary with the scores added. */
    private static GrowSummary refit(Store store, Plan plan, GrowRound r, GrowSummary summary) {
        // how the forecasts made before training fared (the prospective score of this round)
        Map<Long, StoredRun> runs = new HashMap<>();
        for (StoredRun run : store.catalog().runs(RunFilter.all().withIds(r.runIds()))) runs.put(run.id(), run);
        List<Double> ps = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        int learned = 0, done = 0;
        List<Long> budgets = plan.space().budgets();
        for (GrowSummary.Proposal m : summary.proposals()) {
            StoredRun run = runs.get(m.runId());
            if (run == null || run.state() != RunState.DONE) continue;
            done++;
            if (run.learnedWithin(budgets.get(budgets.size() - 1))) learned++;
            if (m.p() != null) {
                for (int i = 0; i < m.p().size() && i < budgets.size(); i++) {
                    if (run.stepsTrained() != null && run.stepsTrained() < budgets.get(i) && !run.learnedWithin(budgets.get(i))) continue;
                    ps.add(m.p().get(i));
                    ys.add(run.learnedWithin(budgets.get(i)) ? 1 : 0);
                }
            }
        }
        GrowSummary.Prospective pro = null;
        if (!ps.isEmpty()) {
            double[] p = ps.stream().mapToDouble(Double::doubleValue).toArray();
            int[] y = ys.stream().mapToInt(Integer::intValue).toArray();
            pro = new GrowSummary.Prospective(p.length, Metrics.brier(p, y), java.util.Arrays.stream(p).average().orElse(Double.NaN),
                    java.util.Arrays.stream(y).average().orElse(Double.NaN));
        }
        FeatureTable table = Corpus.table(store, FeatureTable.Options.defaults());
        ForecasterFitter.Options o = ForecasterFitter.Options.defaults().withSearch(plan.search()).withSource(store.location() + " (grow " + plan.campaign() + ")");
        int k = o.foldsFor(table.listedCount());
        int corpusRuns = table.runs().size();
        if (table.runs().size() < 10 || table.groupCount() < k || positives(table) == 0 || positives(table) == table.listedCount()) {
            return summary.finished(done, learned, pro, corpusRuns, new GrowSummary.Skipped("skipped: " + table.runs().size() + " finished runs in "
                    + table.groupCount() + " configs, " + positives(table) + " of " + table.listedCount()
                    + " rows learned (a fit needs ≥ 10 runs over ≥ " + k + " configs, with both outcomes)"));
        }
        FittedForecaster f = ForecasterFitter.fit(table, o);
        long id = ForecasterRegistry.save(store, f);
        int scored = store.ledger().score();
        FitReport rep = f.report();
        Metrics cv = rep.calibratedCv() != null ? rep.calibratedCv() : rep.chosenCv();
        return summary.finished(done, learned, pro, corpusRuns,
                new GrowSummary.Refit(id, rep.chosen(), cv.auc(), cv.brier(), cv.logLoss(), rep.corpusRows(), rep.fitSeconds(), scored));
    }

    private static int positives(FeatureTable t) {
        int n = 0;
        for (FeatureTable.Row r : t.rows()) if (r.listed() && r.learned()) n++;
        return n;
    }
}
