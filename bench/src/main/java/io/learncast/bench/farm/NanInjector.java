package io.learncast.bench.farm;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.RunTracker;
import io.learncast.farm.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;

/**
 * A trainer that goes bad halfway: the real trainer trains each run for the first half of its budget
 * (its evaluations reach the worker as usual), then the next evaluation comes back NaN or ±Inf — as when
 * weights overflow. The run's own {@link RunTracker} judges the whole curve, as inside any trainer.
 */
final class NanInjector implements BatchTrainer {
    private final BatchTrainer real;
    private final double bad;

    NanInjector(BatchTrainer real, double bad) {
        this.real = real;
        this.bad = bad;
    }

    @Override
    public String name() { return real.name(); }

    @Override
    public int maxBatch() { return real.maxBatch(); }

    @Override
    public List<RunResult> train(List<RunConfig> configs, List<Dataset> data, List<TrainingListener> listeners) {
        List<RunConfig> firstHalf = new ArrayList<>();
        List<List<CurvePoint>> seen = new ArrayList<>();
        List<TrainingListener> relay = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            RunConfig c = configs.get(i);
            long half = Math.max(c.evalEvery(), c.steps() / 2 / c.evalEvery() * c.evalEvery());
            firstHalf.add(c.with(new BudgetConfig(half, c.evalEvery(), List.of(half))));
            List<CurvePoint> points = new ArrayList<>();
            seen.add(points);
            TrainingListener l = listeners.get(i);
            relay.add(new TrainingListener() {
                @Override
                public void evaluated(CurvePoint p) {
                    points.add(p);
                    l.evaluated(p);
                }

                @Override
                public boolean keepGoing() { return l.keepGoing(); }
            });
        }
        List<RunResult> halves = real.train(firstHalf, data, relay);
        List<RunResult> out = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            if (halves.get(i) == null) {
                out.add(null); // abandoned (shutdown, lost lease)
                continue;
            }
            RunConfig c = configs.get(i);
            RunTracker tracker = new RunTracker(c, data.get(i), real.name());
            boolean stopped = false;
            for (CurvePoint p : seen.get(i)) stopped = tracker.record(p);
            if (!stopped) {
                CurvePoint last = seen.get(i).get(seen.get(i).size() - 1);
                CurvePoint broken = new CurvePoint(last.step() + c.evalEvery(), bad, Double.NaN, bad, Double.NaN, Math.abs(bad));
                tracker.record(broken);
                listeners.get(i).evaluated(broken);
            }
            out.add(tracker.result());
        }
        return out;
    }
}
