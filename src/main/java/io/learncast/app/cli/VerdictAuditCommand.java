package io.learncast.app.cli;

import io.learncast.farm.store.Store;
import io.learncast.forecast.verdict.LossBound;
import io.learncast.forecast.verdict.VerdictAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code learncast verdict audit}: of the runs stopped early and resumed to their full budget, how many would have learned. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Audit the early verdict's stops: of the runs it stopped that were resumed to their full budget (`farm resume --sample`), how many "
                + "learned — i.e. would have learned had they not been stopped — with an upper confidence bound, and what that says about the runs still stopped."})
final class VerdictAuditCommand extends StoreBackedCommand {
    @Option(names = "--confidence", paramLabel = "C", defaultValue = "" + LossBound.DEFAULT_CONFIDENCE,
            description = "Confidence of the upper bound (Clopper–Pearson; default ${DEFAULT-VALUE}).")
    double confidence;

    @Mixin JsonOption json;

    @Override
    protected void check() {
        new LossBound(1, 1, confidence); // validates --confidence
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        VerdictAudit.Result r = VerdictAudit.of(s, confidence);
        if (json.on()) {
            Console.json(out, r);
            return Cli.OK;
        }
        out.println(r.line());
        if (!r.learnedRuns().isEmpty()) out.println("  stopped runs that learned when resumed: " + r.learnedRuns() + " (see `learncast verdict RUN_ID`)");
        out.flush();
        return Cli.OK;
    }
}
