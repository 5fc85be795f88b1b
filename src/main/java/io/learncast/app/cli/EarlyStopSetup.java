package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.forecast.verdict.LossBound;
import io.learncast.forecast.verdict.SafeThreshold;
import io.learncast.forecast.verdict.VerdictPolicy;
import io.learncast.forecast.verdict.VerdictStopRule;
import io.learncast.forecast.verdict.VerdictTransfer;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code farm run --early-stop auto|P}: the stopping rule a farm runs with, and the lines that say what
 * it is. {@code auto} takes the threshold the verdict's out-of-fold stops allow under the bound stored
 * with it at {@code verdict fit} (or {@code --max-loss}, {@code --max-late-loss}, {@code --confidence}
 * given here; recomputed from its stored trials) — or, when the verdict cannot
 * support the bound, no rule at all and one line saying why. An explicit P is used as given, with the
 * bound it gave out of fold. With {@code --verdict-db} the verdict comes from another store, and the
 * queued runs' tasks are compared with the ones it was fitted on.
 */
final class EarlyStopSetup {
    private EarlyStopSetup() {}

    /** "auto", or a threshold P in (0, 1). */
    static Double parseThreshold(String text, String where) {
        if (text == null || text.equalsIgnoreCase("auto")) return null;
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UserError(where, "'" + text + "' is neither auto nor a probability", "auto (the threshold the bound allows), or e.g. 0.01");
        }
    }

    /** The rule to train with, or empty when the verdict refuses; {@code out} hears what was decided. */
    static Optional<VerdictStopRule> configure(Store s, String earlyStop, double minFraction, StopBoundOptions boundFlags, VerdictSourceOption source,
                                               PrintWriter out) {
        Double p = parseThreshold(earlyStop, "--early-stop");
        if (p != null) new VerdictPolicy(p, minFraction); // validate before loading anything
        VerdictSourceOption.Source src = source.load(s, "--early-stop");
        var verdict = src.loaded().verdict();
        LossBound bound = boundFlags.bound(verdict);
        VerdictPolicy policy;
        String from = String.format(Locale.ROOT, " from %.0f %% of the budget, %s", 100 * minFraction, src.label());
        if (p == null) {
            SafeThreshold t = verdict.safeThreshold(bound, minFraction, VerdictPolicy.DEFAULT_HOLD);
            if (!t.acts()) {
                out.println("early stop: off — " + src.label() + " refuses to act: " + t.refusal() + "; every run trains to its budget");
                notes(s, verdict.report(), src, out);
                out.flush();
                return Optional.empty();
            }
            policy = new VerdictPolicy(t.threshold(), minFraction);
            out.println("early stop: auto → P(learn) < " + num(t.threshold()) + from);
            out.println("  the largest threshold keeping " + bound.describe() + "; on its corpus: " + t.summary());
        } else {
            policy = new VerdictPolicy(p, minFraction);
            out.println("early stop: P(learn) < " + num(p) + from);
            SafeThreshold b = verdict.boundOf(bound, policy);
            if (b == null) {
                out.println("  (the verdict was fitted before stopping trials were kept: no bound to state; refit it with learncast verdict fit)");
            } else {
                out.println("  on its corpus, out of fold: " + b.summary() + (b.withinBound() ? " — within " : " — beyond ") + bound.describe()
                        + (b.withinBound() ? "" : "; --early-stop auto picks a threshold that keeps it"));
            }
        }
        notes(s, verdict.report(), src, out);
        out.flush();
        return Optional.of(new VerdictStopRule(verdict, src.loaded().record().id(), policy, s));
    }

    /** For a verdict from elsewhere: the queued tasks it has not seen. */
    private static void notes(Store s, io.learncast.forecast.verdict.VerdictReport report, VerdictSourceOption.Source src, PrintWriter out) {
        if (!src.foreign()) return;
        Map<String, Integer> tasks = new TreeMap<>();
        s.catalog().stream(RunFilter.all().withState(RunState.QUEUED), r -> tasks.merge(r.config().task(), 1, Integer::sum));
        List<String> notes = VerdictTransfer.notes(report, tasks);
        if (notes.isEmpty() && !tasks.isEmpty()) out.println("  note: every queued task is one the verdict was fitted on");
        for (String n : notes) out.println("  note: " + n);
    }

    static String num(double x) {
        String s = String.format(Locale.ROOT, "%.3g", x);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
