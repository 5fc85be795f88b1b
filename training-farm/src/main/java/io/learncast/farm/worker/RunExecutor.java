package io.learncast.farm.worker;

import io.learncast.common.UserError;
import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.data.Datasets;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.Claim;
import io.learncast.farm.store.Store;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.EarlyStopRule;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.weights.KeepWeights;
import io.learncast.farm.weights.WeightArray;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Trains claimed runs and records what happened: completed (result and curve in one fenced
 * transaction), fenced (the lease was lost; nothing written), released (stopped by shutdown; back in
 * the queue, no attempt counted) or failed (the error recorded; retried up to the maximum).
 */
public final class RunExecutor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunExecutor.class);

    public enum Status { COMPLETED, FENCED, RELEASED, FAILED }

    public record Report(Claim claim, Status status, RunResult result, String error) {}

    private final Store store;
    private final BatchTrainer trainer;
    private final LeaseKeeper keeper;
    private final BooleanSupplier stopping;
    private final EarlyStopRule earlyStop;
    private final KeepWeights keepWeights;

    public RunExecutor(Store store, BatchTrainer trainer, LeaseKeeper keeper, BooleanSupplier stopping) {
        this(store, trainer, keeper, stopping, EarlyStopRule.NEVER);
    }

    /** An executor whose runs may be cut short by {@code earlyStop} (the early verdict). */
    public RunExecutor(Store store, BatchTrainer trainer, LeaseKeeper keeper, BooleanSupplier stopping, EarlyStopRule earlyStop) {
        this(store, trainer, keeper, stopping, earlyStop, KeepWeights.OFF);
    }

    /** As above; each finished run's final weights are kept with its result as {@code keepWeights} says. */
    public RunExecutor(Store store, BatchTrainer trainer, LeaseKeeper keeper, BooleanSupplier stopping, EarlyStopRule earlyStop,
                       KeepWeights keepWeights) {
        this.store = store;
        this.trainer = trainer;
        this.keeper = keeper;
        this.stopping = stopping;
        this.earlyStop = earlyStop == null ? EarlyStopRule.NEVER : earlyStop;
        this.keepWeights = keepWeights == null ? KeepWeights.OFF : keepWeights;
    }

    /** Trains the claims (of one shape) together; {@code progress} hears (run id, point) after each evaluation. */
    public List<Report> execute(List<Claim> claims, BiConsumer<Long, CurvePoint> progress) {
        return execute(claims, progress, r -> { });
    }

    /**
     * As {@link #execute(List, BiConsumer)}; {@code each} hears every report as soon as its write is done, so what was
     * committed is known even if a later write of the batch fails (a full disk).
     */
    public List<Report> execute(List<Claim> claims, BiConsumer<Long, CurvePoint> progress, java.util.function.Consumer<Report> each) {
        keeper.hold(claims);
        List<Report> done = new ArrayList<>();
        java.util.function.Consumer<Report> reports = r -> {
            done.add(r);
            each.accept(r);
        };
        try {
            List<Claim> ready = new ArrayList<>();
            List<Dataset> data = new ArrayList<>();
            for (Claim c : claims) {
                try {
                    RunConfig cfg = c.config();
                    data.add(Datasets.build(cfg.taskSpec(), cfg.dataSpec(), cfg.dataSeed()));
                    ready.add(c);
                } catch (UserError e) {
                    reports.accept(fail(c, "cannot build the dataset: " + e.getMessage()));
                }
            }
            if (ready.isEmpty()) return done;
            List<TrainingListener> listeners = new ArrayList<>();
            List<List<WeightArray>> finals = new ArrayList<>();
            for (Claim c : ready) {
                int slot = finals.size();
                finals.add(null);
                listeners.add(new TrainingListener() {
                    @Override
                    public boolean wantsWeights() { return keepWeights.on(); }

                    @Override
                    public void trained(List<WeightArray> weights) { finals.set(slot, weights); }

                    @Override
                    public void evaluated(CurvePoint point) {
                        if (progress != null) progress.accept(c.runId(), point);
                    }

                    @Override
                    public boolean keepGoing() {
                        return !stopping.getAsBoolean() && !keeper.isLost(c);
                    }

                    @Override
                    public EarlyStopRule earlyStop() {
                        // a sweep trained to budget (its spec's to_budget) is a corpus for many properties: never cut short
                        return c.toBudget() ? EarlyStopRule.TO_BUDGET : earlyStop;
                    }
                });
            }
            List<RunResult> results;
            try {
                results = trainer.train(ready.stream().map(Claim::config).toList(), data, listeners);
            } catch (RuntimeException | OutOfMemoryError e) {
                for (Claim c : ready) reports.accept(fail(c, trainer.name() + " failed: " + e));
                return done;
            }
            for (int i = 0; i < ready.size(); i++) {
                Claim c = ready.get(i);
                RunResult r = results.get(i);
                boolean lost = keeper.isLost(c);
                keeper.drop(c); // before the final write, so a renewal racing it cannot mistake a finished run for a lost one
                if (r == null) {
                    boolean released = !lost && store.queue().release(c);
                    reports.accept(new Report(c, released ? Status.RELEASED : Status.FENCED, null, null));
                } else if (complete(c, r, finals.get(i))) {
                    reports.accept(new Report(c, Status.COMPLETED, r, null));
                } else {
                    reports.accept(new Report(c, Status.FENCED, r, null));
                }
            }
            return done;
        } finally {
            for (Claim c : claims) keeper.drop(c);
        }
    }

    /** Completes the run, with its final weights when they are to be kept; why they are not is logged once. */
    private boolean complete(Claim c, RunResult r, List<WeightArray> weights) {
        if (!keepWeights.on()) return store.queue().complete(c, r);
        KeepWeights.Packed p = keepWeights.pack(weights);
        if (p.notKept() != null) LOG.warn("run #{}: final weights not kept: {}", c.runId(), p.notKept());
        return store.queue().complete(c, r, p.kept());
    }

    private Report fail(Claim c, String error) {
        boolean held = store.queue().fail(c, error);
        return new Report(c, held ? Status.FAILED : Status.FENCED, null, error);
    }
}
