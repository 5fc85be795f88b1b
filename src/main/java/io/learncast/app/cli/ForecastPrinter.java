package io.learncast.app.cli;

import io.learncast.forecast.model.Forecast;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints a forecast for people. */
final class ForecastPrinter {
    private ForecastPrinter() {}

    static void print(PrintWriter out, Forecast f, long modelId) {
        out.println(f.config() + " — within " + f.budget() + " steps");
        out.printf(Locale.ROOT, "P(learn) = %.3f   80%% interval %.3f–%.3f   P(ever learns) = %.3f%s%n", f.p(), f.pLow(), f.pHigh(), f.pEver(), after(f));
        if (f.stepsMedian() != null) {
            out.printf(Locale.ROOT, "steps to learn, if it learns: median %s, 10–90%% %s–%s%n", steps(f.stepsMedian()), steps(f.stepsLow()), steps(f.stepsHigh()));
        }
        if (f.attributions() != null && !f.attributions().isEmpty()) {
            out.printf(Locale.ROOT, "why (Shapley values from the reference %s at %d steps, P = %.3f):%n", f.reference().config(), f.reference().budget(), f.reference().p());
            Console.Table t = new Console.Table("  knob", "value", "reference", "ΔP");
            // a knob that moves P by less than the printed precision would read "+0.000": named once below instead of a row
            java.util.List<String> still = new java.util.ArrayList<>();
            for (Forecast.Attribution a : f.attributions()) {
                if (Math.abs(a.contribution()) < 0.0005) still.add(a.knob() + " " + a.value());
                else t.row("  " + a.knob(), a.value(), a.reference(), String.format(Locale.ROOT, "%+.3f", a.contribution()));
            }
            if (still.size() < f.attributions().size()) t.print(out);
            if (!still.isEmpty()) {
                out.println("  (" + String.join(", ", still) + (still.size() == 1 ? " differs" : " differ") + " from the reference but move"
                        + (still.size() == 1 ? "s" : "") + " P by less than 0.001)");
            }
        }
        if (f.neighbours() != null && !f.neighbours().isEmpty()) {
            out.println("nearest trained configs:");
            Console.Table t = new Console.Table("  config", "runs", "learned ≤ " + f.budget(), "median confirm", "outcomes", "distance");
            boolean mixed = false;
            for (Forecast.Neighbour n : f.neighbours()) {
                t.row("  " + n.config(), runs(n), n.known() == 0 ? "unknown" : n.learned() + "/" + n.known(),
                        n.medianConfirmStep() == null ? "" : n.medianConfirmStep(), n.outcomes(), String.format(Locale.ROOT, "%.2f", n.distance()));
                mixed |= n.mixedBudgets();
            }
            t.print(out);
            if (mixed) out.println("  (a line with several budgets holds runs of one config trained to different step budgets: runs counts them per budget)");
        }
        if (f.warnings() != null) for (Forecast.Warning w : f.warnings()) out.println("warning: " + w.message());
        out.println("model #" + modelId + ": " + f.model());
    }

    /**
     * The part of P(ever) past the longest budget its task was trained to, when it shows at three decimals: that part is
     * the steps-to-learn distribution extrapolated, and a bare "P(ever learns) = 1.000" beside "P(learn) = 0.000" would
     * read as a promise.
     */
    static String after(Forecast f) {
        Forecast.Horizon h = f.horizon();
        if (h == null || h.pEverAfter() < 0.0005) return "";
        return String.format(Locale.ROOT, " (%.3f of it after %s steps, the longest any %s run trained: extrapolated)", h.pEverAfter(),
                steps((double) h.steps()), h.of());
    }

    /** A neighbour's run count, per budget when its runs were trained to different budgets: "4 (2×2000, 2×4000)". */
    static String runs(Forecast.Neighbour n) {
        if (!n.mixedBudgets()) return Integer.toString(n.runs());
        StringBuilder sb = new StringBuilder();
        for (Forecast.Budget b : n.budgets()) sb.append(sb.length() == 0 ? "" : ", ").append(b.runs()).append('×').append(b.steps());
        return n.runs() + " (" + sb + ")";
    }

    static String steps(Double v) {
        if (v == null) return "?";
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }
}
