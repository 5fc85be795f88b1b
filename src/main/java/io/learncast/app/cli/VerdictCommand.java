package io.learncast.app.cli;

import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.UserError;
import io.learncast.data.CurvePoint;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.verdict.SafeThreshold;
import io.learncast.forecast.verdict.Verdict;
import io.learncast.forecast.verdict.VerdictPolicy;
import io.learncast.forecast.verdict.VerdictRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code learncast verdict RUN_ID}: from the run's curve so far (running or finished), the early
 * verdict — P(learned by the end of its budget), when, and whether {@code farm run --early-stop P}
 * would stop it now.
 */
@Command(name = "verdict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The early verdict on a running or finished run: from its config and its curve so far, P(it learns its property by the end of "
                + "its budget), when, and whether `farm run --early-stop P` would stop it now.",
                "Fit the verdict model with `learncast verdict fit`; score it with `learncast verdict eval`."},
        subcommands = {VerdictFitCommand.class, VerdictEvalCommand.class, VerdictAuditCommand.class, VerdictExportCommand.class,
                VerdictImportCommand.class})
final class VerdictCommand extends StoreBackedCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "The run (see `learncast runs`).")
    Long runId;

    @Option(names = "--early-stop", paramLabel = "auto|P", defaultValue = "auto",
            description = "The stopping threshold to judge against: auto (the one `farm run --early-stop auto` would use) or a P (default ${DEFAULT-VALUE}).")
    String threshold;

    @Mixin StopBoundOptions stopBound;
    @Mixin VerdictSourceOption verdictSource;

    @Option(names = "--min-fraction", paramLabel = "F", defaultValue = "" + VerdictPolicy.DEFAULT_MIN_FRACTION,
            description = "Never stop before this fraction of the budget (default ${DEFAULT-VALUE}).")
    double minFraction;

    @Mixin JsonOption json;

    private Double p; // set by check()

    @Override
    protected void check() {
        if (runId == null) throw new UserError("RUN_ID", "no run given", "e.g. learncast verdict 42; or a subcommand: fit, eval");
        p = EarlyStopSetup.parseThreshold(threshold, "--early-stop");
        if (p != null) new VerdictPolicy(p, minFraction);
        stopBound.bound(); // validates the flags before the store opens
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        try {
            StoredRun run = s.catalog().run(runId).orElseThrow(() -> new UserError("RUN_ID", "no run " + runId + " in " + s.location(), "see `learncast runs`"));
            List<CurvePoint> curve = s.catalog().curve(runId);
            if (curve.isEmpty()) throw new UserError("RUN_ID", "run " + runId + " has no evaluations yet (" + run.state().name().toLowerCase(Locale.ROOT) + ")",
                    "wait until it has trained a little");
            VerdictSourceOption.Source src = verdictSource.load(s, "verdict");
            VerdictRegistry.Loaded loaded = src.loaded();
            String refusal = null;
            if (p == null) {
                SafeThreshold t = loaded.verdict().safeThreshold(stopBound.bound(loaded.verdict()), minFraction, VerdictPolicy.DEFAULT_HOLD);
                if (t.acts()) p = t.threshold();
                else refusal = t.refusal();
            }
            // a refusing auto rule stops nothing: judged against P = 0⁺ the verdict never says stop
            VerdictPolicy policy = new VerdictPolicy(p != null ? p : Double.MIN_VALUE, minFraction);
            Verdict v = loaded.verdict().judge(run.config(), curve, policy).withIds(runId, loaded.record().id());
            if (json.on()) {
                Console.json(out, new Judged(v, src.label(), refusal, run.state(), run.outcome(),
                        run.verdictJson() == null ? null : ConfigJson.MAPPER.readTree(run.verdictJson())));
            } else {
                print(out, run, v, curve.get(curve.size() - 1).step(), src.label(), refusal);
            }
            return Cli.OK;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored verdict of run " + runId + " is not JSON", e);
        }
    }

    /**
     * What {@code verdict RUN_ID --json} prints: the verdict now, the one stored when the run was trained (as stored, any shape), and
     * {@code early_stop_refusal} only when the auto rule refuses to act.
     */
    @JsonPropertyOrder(alphabetic = true) // the order it had as a sorted map
    record Judged(@JsonProperty("verdict") Verdict verdict, @JsonProperty("verdict_model") String verdictModel,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("early_stop_refusal") String earlyStopRefusal,
                  @JsonProperty("state") RunState state, @JsonProperty("outcome") Outcome outcome,
                  @JsonProperty("stored_verdict") JsonNode storedVerdict) {}

    static void print(PrintWriter out, StoredRun run, Verdict v, long lastStep, String model, String refusal) {
        String state = run.outcome() != null ? run.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') : run.state().name().toLowerCase(Locale.ROOT);
        out.println(String.format(Locale.ROOT, "run %d (%s, %d steps trained): the verdict at step %d of %d (%.0f %% of the budget), %s",
                v.runId(), state, lastStep, v.step(), v.budget(), 100 * v.fraction(), model));
        out.println(String.format(Locale.ROOT, "  train acc %.3f · test acc %.3f%s%s", v.trainAcc(), v.testAcc(),
                v.memorisedAt() != null ? " · train acc reached 1 at step " + v.memorisedAt() : "", v.testRising() ? " · test accuracy rising" : ""));
        out.println(String.format(Locale.ROOT, "  P(learns by step %d) = %.3f; if it learns, around step %d", v.budget(), v.pLearn(), v.learnStepMedian()));
        String why;
        if (refusal != null) {
            out.println("  --early-stop auto would not stop it: the verdict refuses to act (" + refusal + ")");
            if (run.verdictJson() != null) out.println("  stored verdict (the one that stopped it): " + run.verdictJson());
            out.flush();
            return;
        }
        if (Boolean.TRUE.equals(v.stop())) why = v.step() < lastStep ? "would have stopped it here" : "would stop it now";
        else if (v.fraction() + 1e-9 < v.minFraction()) why = "would not stop it yet (before " + Math.round(100 * v.minFraction()) + " % of the budget)";
        else if (v.testRising()) why = "would not stop it (test accuracy is rising)";
        else if (v.pLearn() < v.threshold()) why = "would not stop it yet (" + v.lowInARow() + " low verdict(s) in a row at the cuts so far; it takes " + v.hold() + ")";
        else why = "would not stop it (P ≥ " + v.threshold() + ")";
        out.println("  --early-stop " + EarlyStopSetup.num(v.threshold()) + " " + why);
        if (run.verdictJson() != null) out.println("  stored verdict (the one that stopped it): " + run.verdictJson());
        out.flush();
    }
}
