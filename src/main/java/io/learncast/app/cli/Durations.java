package io.learncast.app.cli;

import java.util.Locale;

/** Elapsed times as people read them: {@code 42s}, {@code 3m07s}, {@code 2h05m} (farm run, farm status, quickstart). */
final class Durations {
    private Durations() {}

    static String of(long ms) {
        long s = ms / 1000;
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
