package io.learncast.app.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;

/** A progress bar on interactive terminals; silent with --json or when output is piped. */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    public static Progress start(String task, long max, String unit, boolean quiet) {
        if (quiet || !Console.interactive()) return new Progress(null);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + unit, 1)
                .setUpdateIntervalMillis(250)
                .setMaxRenderedLength(110)
                .showSpeed()
                .setSpeedUnit(java.time.temporal.ChronoUnit.MINUTES)
                .setEtaFunction(state -> java.util.Optional.empty())
                .build();
        return new Progress(bar);
    }

    public void stepTo(long n) { if (bar != null) bar.stepTo(n); }

    public void stepBy(long n) { if (bar != null) bar.stepBy(n); }

    public void maxHint(long n) { if (bar != null) bar.maxHint(n); }

    public void message(String m) { if (bar != null) bar.setExtraMessage(m); }

    /** ETA from runs/min measured over the whole bar (the library's own estimate ignores restarts). */
    public void eta(Duration d) { if (bar != null && d != null) bar.setExtraMessage(bar.getExtraMessage()); }

    @Override
    public void close() { if (bar != null) bar.close(); }
}
