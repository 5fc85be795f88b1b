package io.learncast.forecast.verdict;

import io.learncast.data.CurvePoint;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.train.EarlyStopRule;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The verdict as the farm's {@link EarlyStopRule}: consulted at the evaluation that ends each trained
 * cut ({@link VerdictRows#FRACTIONS} of the budget — the same prefixes the model was trained and
 * scored on), it stops a run when the {@link VerdictPolicy} says so. A run that was stopped before and
 * resumed to its full budget (it keeps its old verdict in the store) is never stopped again.
 */
public final class VerdictStopRule implements EarlyStopRule {
    private final FittedVerdict verdict;
    private final long modelId;
    private final VerdictPolicy policy;
    private final Store store;
    private final Map<String, RunState> runs = new ConcurrentHashMap<>();

    private static final class RunState {
        final Long runId;
        final boolean exempt;
        int consulted = -1;
        final VerdictPolicy.Streak streak = new VerdictPolicy.Streak();

        RunState(Long runId, boolean exempt) {
            this.runId = runId;
            this.exempt = exempt;
        }
    }

    public VerdictStopRule(FittedVerdict verdict, long modelId, VerdictPolicy policy, Store store) {
        this.verdict = verdict;
        this.modelId = modelId;
        this.policy = policy;
        this.store = store;
    }

    @Override
    public Optional<Stop> consult(RunConfig config, List<CurvePoint> curve) {
        if (curve.isEmpty()) return Optional.empty();
        long step = curve.get(curve.size() - 1).step();
        int k = cutAt(step, config.steps(), config.evalEvery());
        if (k < 0 || VerdictRows.FRACTIONS[k] + 1e-9 < policy.minFraction()) return Optional.empty();
        RunState st = runs.computeIfAbsent(config.configHash(), h -> state(h));
        Verdict v;
        synchronized (st) {
            if (st.exempt || st.consulted >= k) return Optional.empty();
            st.consulted = k;
            Verdict now = verdict.verdict(config, curve).withIds(st.runId, modelId);
            st.streak.add(policy, now.pLearn(), VerdictRows.FRACTIONS[k], now.testRising());
            v = now.judged(policy, st.streak.length());
        }
        if (!Boolean.TRUE.equals(v.stop())) return Optional.empty();
        runs.remove(config.configHash());
        return Optional.of(new Stop(ConfigJson.write(v)));
    }

    private RunState state(String configHash) {
        Optional<StoredRun> r = store == null ? Optional.empty() : store.catalog().byConfigHash(configHash);
        return new RunState(r.map(StoredRun::id).orElse(null), r.map(x -> x.verdictJson() != null).orElse(false));
    }

    /**
     * The cut whose prefix ends at this evaluation: the last evaluation at or before ⌊f·budget⌋ is the
     * one with ⌊f·budget⌋ in [step, step + evalEvery). -1 when this evaluation ends no cut.
     */
    static int cutAt(long step, long budget, int evalEvery) {
        int found = -1;
        for (int i = 0; i < VerdictRows.FRACTIONS.length; i++) {
            long cut = (long) Math.floor(VerdictRows.FRACTIONS[i] * budget);
            if (cut >= step && cut < step + evalEvery && step < budget) found = i;
        }
        return found;
    }
}
