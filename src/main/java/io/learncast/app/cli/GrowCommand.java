package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.grid.GridSpec;
import io.learncast.farm.grid.SearchSpace;
import io.learncast.farm.store.GrowRound;
import io.learncast.farm.store.Store;
import io.learncast.farm.train.Trainers;
import io.learncast.farm.worker.WorkerPool;
import io.learncast.forecast.grow.GrowCampaign;
import io.learncast.forecast.grow.GrowSummary;
import io.learncast.forecast.grow.Proposer;
import io.learncast.forecast.grow.Strategy;
import io.learncast.forecast.model.ForecasterFitter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code learncast grow}: rounds of propose → forecast (ledger) → train → refit, resumable. */
@Command(name = "grow", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Grow the corpus where it teaches the forecaster most: each round proposes B configs of the search space that the current "
                + "forecaster is least sure about (P near 0.5, wide interval; kept diverse), records their forecasts in the ledger, "
                + "trains them, and refits the forecaster.",
                "The spec's ranges are read as continuous ranges. Ctrl-C stops cleanly; the same command resumes the campaign "
                + "(a round half-trained continues, a finished round is not redone). --rounds is the campaign's total."})
public final class GrowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--space", paramLabel = "SPEC", description = "The search space: a grid spec (.yaml or .json) whose ranges are read as continuous.")
    Path space;

    @Option(names = "--rounds", paramLabel = "R", description = "Rounds in the campaign (default ${DEFAULT-VALUE}); a resumed campaign continues up to R.",
            defaultValue = "3")
    int rounds;

    @Option(names = "--batch", paramLabel = "B", description = "Configs trained per round (default ${DEFAULT-VALUE}).", defaultValue = "8")
    int batch;

    @Option(names = "--strategy", description = "uncertainty (default) or random (the baseline).", defaultValue = "uncertainty")
    String strategy;

    @Option(names = "--campaign", paramLabel = "NAME", description = "Name the rounds are recorded under (default: the spec's name and the strategy).")
    String campaign;

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads training each round (default: the number of cores).")
    Integer workers;

    @Option(names = "--trainer", defaultValue = Trainers.DEFAULT, description = "Trainer (default ${DEFAULT-VALUE}).")
    String trainer;

    @Option(names = "--search", description = "The refit's model search: quick (default; the structured models), standard or full.", defaultValue = "quick")
    String search;

    @Option(names = "--pool", paramLabel = "N", description = "Candidates scored per round (default ${DEFAULT-VALUE}).", defaultValue = "1024")
    int pool;

    @Option(names = "--json", description = "Print the campaign's rounds as JSON (no progress bar).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (space == null) throw new UserError("--space", "no search space given", "learncast grow --space SPEC --rounds R --batch B (examples in grids/)");
        if (rounds < 1 || rounds > 1000) throw new UserError("--rounds", "rounds " + rounds + " is out of range", "1–1000");
        if (batch < 1 || batch > 10_000) throw new UserError("--batch", "batch " + batch + " is out of range", "1–10000 configs per round");
        if (pool < 1 || pool > 1_000_000) throw new UserError("--pool", "pool " + pool + " is out of range", "1–1000000 candidates");
        Strategy strat = Strategy.parse(strategy, "--strategy");
        ForecasterFitter.Search s = ForecasterFitter.Search.parse(search);
        int threads = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (threads < 1 || threads > 256) throw new UserError("--workers", "worker threads " + threads + " is out of range", "1–256 (default: the number of cores)");
        Trainers.byName(trainer, "--trainer");
        SearchSpace sp = SearchSpace.of(GridSpec.readSpace(space));
        String name = campaign == null ? GrowCampaign.defaultName(sp, strat) : campaign.trim();
        if (name.isEmpty() || name.length() > 200) throw new UserError("--campaign", "campaign name must have 1–200 characters", "e.g. --campaign parity-1");
        GrowCampaign.Plan plan = new GrowCampaign.Plan(name, sp, strat, rounds, batch, s, Proposer.Options.defaults().withPoolSize(pool));
        WorkerPool.Options opts = WorkerPool.Options.defaults(threads).withTrainer(trainer).withStopping(Interrupts::stopping)
                .withPoll(Duration.ofMillis(500));
        try (Interrupts.Work work = Interrupts.begin(); Store st = store.open(threads + 4)) {
            GrowCampaign.check(st, plan);
            List<GrowRound> before = st.growRounds().rounds(name);
            long doneBefore = before.stream().filter(GrowRound::done).count();
            if (!json) {
                out.println("campaign " + name + " (" + strat.key() + ", " + batch + " per round) in " + st.location() + ": "
                        + (before.isEmpty() ? "new" : doneBefore + " of " + rounds + " rounds done"));
                for (String line : sp.describe()) out.println("  " + line);
                out.flush();
            }
            GrowCampaign.Result r;
            try (Progress bar = Progress.start("grow", rounds, "rounds", json)) {
                bar.alreadyDone(Math.min(rounds, doneBefore));
                GrowCampaign.Listener listener = new GrowCampaign.Listener() {
                    @Override
                    public void round(int round, int of, String what) {
                        bar.message(" · round " + round + ": " + what);
                        if (!json && !Console.interactive()) {
                            out.println("round " + round + "/" + of + ": " + what);
                            out.flush();
                        }
                    }

                    @Override
                    public void finished(GrowRound round, GrowSummary summary) {
                        bar.stepTo(round.round());
                        if (!json) {
                            out.println(line(round, summary, rounds));
                            out.flush();
                        }
                    }
                };
                GrowCampaign.Training training = ids -> GrowTraining.train(st, opts, ids,
                        n -> bar.message(" · training " + n + "/" + ids.size()));
                r = GrowCampaign.run(st, plan, training, Interrupts::stopping, listener);
            }
            if (json) {
                Console.json(out, new Report(name, strat.key(), r.interrupted(),
                        r.rounds().stream().map(g -> new Round(g.round(), g.state(), g.modelId(), g.runIds(), GrowSummary.of(g))).toList()));
            } else if (r.interrupted()) {
                out.println("stopped: " + r.rounds().stream().filter(GrowRound::done).count() + " of " + rounds
                        + " rounds done; the same command resumes the campaign");
            } else {
                out.println(r.finishedNow() == 0 ? "campaign " + name + " already has " + rounds + " finished rounds; raise --rounds to grow it further"
                        : "campaign " + name + ": " + rounds + " rounds done (" + r.finishedNow() + " in this call)");
            }
            out.flush();
            return r.interrupted() ? Cli.INTERRUPTED : Cli.OK;
        }
    }

    /** {@code --json}: the campaign's rounds (keys in alphabetical order, as printed before these were records). */
    @JsonPropertyOrder(alphabetic = true)
    record Report(@JsonProperty("campaign") String campaign, @JsonProperty("strategy") String strategy,
                  @JsonProperty("interrupted") boolean interrupted, @JsonProperty("rounds") List<Round> rounds) {}

    @JsonPropertyOrder(alphabetic = true)
    record Round(@JsonProperty("round") int round, @JsonProperty("state") String state, @JsonProperty("model_id") Long modelId,
                 @JsonProperty("run_ids") List<Long> runIds, @JsonProperty("summary") GrowSummary summary) {}

    /** One line per finished round: runs, outcomes, how the forecasts made before training fared, the refit's CV scores. */
    static String line(GrowRound r, GrowSummary s, int rounds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "round %d/%d: %d runs, %s learned", r.round(), rounds, r.runIds().size(),
                s.runsLearned() == null ? "?" : s.runsLearned()));
        if (s.seeded()) b.append(" (seed batch)");
        if (s.prospective() != null) {
            b.append(String.format(Locale.ROOT, " · forecast before training: mean P %.2f, Brier %.3f", s.prospective().meanP(), s.prospective().brier()));
        }
        if (s.fit() instanceof GrowSummary.Refit f) {
            b.append(String.format(Locale.ROOT, " · refit on %s runs: CV AUC %.3f, Brier %.4f (model #%s)", s.corpusRuns(), f.cvAuc(), f.cvBrier(), f.modelId()));
        } else if (s.fit() instanceof GrowSummary.Skipped k) {
            b.append(" · no refit (").append(k.reason()).append(')');
        }
        return b.toString();
    }
}
