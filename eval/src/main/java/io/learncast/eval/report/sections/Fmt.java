package io.learncast.eval.report.sections;

import java.util.Locale;

/** Compact number formatting for tables and axis ticks. */
final class Fmt {
    private Fmt() {}

    static String num(double v) {
        if (Double.isNaN(v)) return "–";
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return String.valueOf((long) v);
        double a = Math.abs(v);
        if (a < 1e-2 || a >= 1e5) return String.format(Locale.ROOT, "%.0e", v).replace("e-0", "e-").replace("e+0", "e");
        return String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+$", "");
    }

    static String p3(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v); }

    static String pct(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * v); }
}
