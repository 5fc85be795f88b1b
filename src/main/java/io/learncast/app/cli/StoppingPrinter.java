package io.learncast.app.cli;

import io.learncast.forecast.verdict.SafeThreshold;

import java.io.PrintWriter;

/** How {@code --early-stop auto} will act with a verdict model (verdict fit, eval, import). */
final class StoppingPrinter {
    private StoppingPrinter() {}

    /** The threshold `--early-stop auto` will use, with its bound, or why it will not act. */
    static void print(PrintWriter out, SafeThreshold t) {
        if (t == null) return;
        if (t.acts()) {
            out.println("--early-stop auto: P(learn) < " + EarlyStopSetup.num(t.threshold()) + ", the largest threshold keeping " + t.bound().describe());
            out.println("  out of fold: " + t.summary());
        } else {
            out.println("--early-stop auto: refuses to act — " + t.refusal());
        }
    }
}
