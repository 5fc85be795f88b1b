package io.learncast.farm.train;

import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.data.Property;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.result.RunResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The bookkeeping every trainer shares: when to evaluate, when to stop (property confirmed, or
 * divergence), and how to turn a curve into a {@link RunResult}.
 *
 * <p>Divergence rarely shows as NaN: exploding weights first push the loss to huge finite values.
 * A run counts as diverged when a loss or the weight norm is not finite, the weight norm exceeds
 * {@value #MAX_WEIGHT_NORM}, or the training loss exceeds {@value #MAX_LOSS} nats. An
 * {@link EarlyStopRule} (the early verdict) may end a run that is still going: STOPPED_EARLY, with the
 * verdict kept in the result. With {@link EarlyStopRule#toBudget()} a confirmed property is recorded
 * but the run goes on to its budget, so its curve decides other properties too.
 */
public final class RunTracker {
    static final double MAX_WEIGHT_NORM = 1e6;
    static final double MAX_LOSS = 1e3;
    /** Training accuracy is measured on at most this many training examples. */
    public static final int TRAIN_EVAL_CAP = 10_000;

    private final RunConfig config;
    private final Dataset data;
    private final Property property;
    private final String trainer;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private final List<CurvePoint> curve = new ArrayList<>();
    private Outcome outcome;
    private Long stepsToLearn;
    private Long confirmStep;
    private final EarlyStopRule earlyStop;
    private String verdictJson;

    public RunTracker(RunConfig config, Dataset data, String trainer) {
        this(config, data, trainer, EarlyStopRule.NEVER);
    }

    /** A tracker that also consults {@code earlyStop} at each evaluation that does not end the run by itself. */
    public RunTracker(RunConfig config, Dataset data, String trainer, EarlyStopRule earlyStop) {
        this.config = config;
        this.data = data;
        this.property = config.property();
        this.trainer = trainer;
        this.earlyStop = earlyStop == null ? EarlyStopRule.NEVER : earlyStop;
    }

    /** Evaluations happen at step 0, every {@code evalEvery} steps, and at the budget's end. */
    public boolean evaluatesAt(long step) {
        return step % config.evalEvery() == 0 || step == config.steps();
    }

    /** Records an evaluation; returns true when training should stop here. */
    public boolean record(CurvePoint p) {
        curve.add(p);
        if (diverged(p)) {
            // learned and confirmed before diverging (training to the budget): the trained property's label stands
            outcome = stepsToLearn != null ? Outcome.LEARNED : Outcome.DIVERGED;
            return true;
        }
        if (stepsToLearn == null) {
            OptionalLong reached = property.confirmedAt(curve);
            if (reached.isPresent()) {
                stepsToLearn = reached.getAsLong();
                confirmStep = p.step();
                if (!earlyStop.toBudget()) {
                    outcome = Outcome.LEARNED;
                    return true;
                }
            }
        }
        if (p.step() >= config.steps()) {
            outcome = stepsToLearn != null ? Outcome.LEARNED : Outcome.NOT_LEARNED;
            return true;
        }
        if (stepsToLearn != null) return false; // trained to the budget past its confirmation
        var stop = earlyStop.consult(config, java.util.Collections.unmodifiableList(curve));
        if (stop.isPresent()) {
            outcome = Outcome.STOPPED_EARLY;
            verdictJson = stop.get().verdictJson();
            return true;
        }
        return false;
    }

    static boolean diverged(CurvePoint p) {
        return !p.isFinite() || p.weightNorm() > MAX_WEIGHT_NORM || p.trainLoss() > MAX_LOSS;
    }

    public boolean done() { return outcome != null; }

    public List<CurvePoint> curve() { return curve; }

    public RunConfig config() { return config; }

    public RunResult result() {
        if (outcome == null) throw new IllegalStateException("the run has not finished");
        CurvePoint last = curve.get(curve.size() - 1);
        double best = curve.stream().mapToDouble(CurvePoint::testAcc).filter(Double::isFinite).max().orElse(Double.NaN);
        Instant finished = Instant.now();
        return new RunResult(outcome, stepsToLearn, confirmStep, last.step(), last.testAcc(), best, last.trainAcc(), last.testLoss(),
                last.trainLoss(), (System.nanoTime() - startNanos) / 1_000_000, data.fingerprint(), data.train().size(),
                data.testIsTrain() ? 0 : data.test().size(), data.numClasses(), trainer, List.copyOf(curve),
                Provenance.forTraining(config, data.fingerprint(), trainer, started, finished), verdictJson);
    }
}
