package io.learncast.app.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

import java.time.Duration;
import java.util.Optional;

/**
 * A progress bar on interactive terminals; silent with --json or when output is piped. Its ETA is the rate
 * of this bar's own progress (since it started, or since {@link #alreadyDone}) applied to what is left: work
 * done by an earlier, interrupted call does not count as done at this call's speed.
 */
public final class Progress implements AutoCloseable {
    private ProgressBar bar;
    private volatile long baseCount;
    private volatile long baseNanos = System.nanoTime();

    private Progress() {}

    public static Progress start(String task, long max, String unit, boolean quiet) {
        Progress p = new Progress();
        if (quiet || !Console.interactive()) return p;
        p.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + unit, 1)
                .setUpdateIntervalMillis(250)
                .setMaxRenderedLength(110)
                .showSpeed()
                .setSpeedUnit(java.time.temporal.ChronoUnit.MINUTES)
                .setEtaFunction(p::eta)
                .build();
        return p;
    }

    /** Linear ETA over this call's own progress; none until something moved, or without a known total. */
    private Optional<Duration> eta(ProgressState s) {
        long done = s.getCurrent() - baseCount;
        if (s.isIndefinite() || s.getMax() <= 0 || done <= 0) return Optional.empty();
        long left = Math.max(0, s.getMax() - s.getCurrent());
        return Optional.of(Duration.ofNanos(System.nanoTime() - baseNanos).multipliedBy(left).dividedBy(done));
    }

    /** Work finished before this call (a resumed campaign): shown as done, left out of the rate behind the ETA. */
    public void alreadyDone(long n) {
        baseCount = n;
        baseNanos = System.nanoTime();
        stepTo(n);
    }

    public void stepTo(long n) { if (bar != null) bar.stepTo(n); }

    public void stepBy(long n) { if (bar != null) bar.stepBy(n); }

    public void maxHint(long n) { if (bar != null) bar.maxHint(n); }

    public void message(String m) { if (bar != null) bar.setExtraMessage(m); }

    @Override
    public void close() { if (bar != null) bar.close(); }
}
