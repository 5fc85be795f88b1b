package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.UserError;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.TaskFacts;
import io.learncast.farm.grid.GridSpec;
import io.learncast.farm.store.EnqueueReport;
import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.SweepStatus;
import io.learncast.farm.train.Trainable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code learncast farm enqueue SPEC}: validate a grid spec and add its runs to the queue (idempotent). */
@Command(name = "enqueue", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate a grid spec (YAML or JSON) and add its runs to the queue.",
                "Idempotent: runs already in the store (same config and seed) are not added again; enqueueing the same spec twice adds nothing.",
                "Examples are in grids/."})
final class FarmEnqueueCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Parameters(paramLabel = "SPEC", description = "The grid spec file (.yaml, .yml or .json).")
    Path specFile;

    @Option(names = "--dry-run", description = "Validate and show what would be enqueued, and how many of its runs the store already holds; write nothing.")
    boolean dryRun;

    @Mixin JsonOption json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        GridSpec g = GridSpec.read(specFile);
        List<RunConfig> runs = g.expand();
        checkTasks(runs);
        UserError refused = Trainable.refusal(runs);
        if (refused != null) throw refused.relocate(specFile + ": " + refused.where()); // before the store is opened, dry run or not
        if (dryRun) {
            // a dry run must not create the store: an embedded one whose file is missing is not opened (nothing of it is there)
            Optional<Path> missing = StoreLocation.missingEmbedded(store.db);
            int present = missing.isPresent() ? 0 : presentInStore(runs);
            if (json.on()) Console.json(out, report(g, runs, null, false, present));
            else {
                out.println("sweep " + g.name() + " (spec " + g.specHash().substring(0, 12) + "), not enqueued (--dry-run)");
                g.describe().forEach(out::println);
                out.println(missing.isPresent() ? "no store yet in " + missing.get() + ": an enqueue would create it and add all " + runs.size() + " runs"
                        : "in the store " + store.location() + ": " + present + " of these runs already there; an enqueue would add "
                        + (runs.size() - present));
                out.println("first runs:");
                runs.stream().limit(5).forEach(c -> out.println("  " + c.describe()));
            }
            return Cli.OK;
        }
        // Ctrl-C waits for the one enqueue transaction to end: all of the sweep's new runs are added, or none
        try (Interrupts.Work work = Interrupts.begin(); Store s = store.open()) {
            boolean known = s.catalog().sweeps().stream().anyMatch(sw -> sw.specHash().equals(g.specHash()));
            EnqueueReport r;
            try (Progress bar = Progress.start("enqueue", runs.size(), "runs", json.on() || runs.size() < 2000)) {
                r = s.queue().enqueue(runs, "farm", new RunQueue.Sweep(g.name(), g.specHash(), g.text(), g.toBudget()), bar::stepTo);
            }
            if (json.on()) {
                Console.json(out, report(g, runs, r, known, null));
                return Cli.OK;
            }
            out.println("sweep " + g.name() + " (#" + r.sweepId() + ", spec " + g.specHash().substring(0, 12) + ")"
                    + (known ? ": this spec was enqueued before" : ""));
            g.describe().forEach(out::println);
            out.println(r.addedCount() == 0 ? "added nothing: all " + r.alreadyPresent() + " runs are already in the store"
                    : "added " + r.addedCount() + " runs (#" + r.added().get(0) + "–#" + r.added().get(r.added().size() - 1) + ")"
                    + (r.alreadyPresent() > 0 ? "; " + r.alreadyPresent() + " were already in the store" : ""));
            if (g.toBudget() && r.alreadyPresent() > 0) {
                // a run belongs to the sweep that first enqueued it: those train (or trained) as that sweep says
                out.println("note: to_budget applies to this sweep's own runs; the " + r.alreadyPresent()
                        + " already in the store keep the sweep that enqueued them first (see `learncast farm status`)");
            }
            Optional<SweepStatus> st = s.catalog().sweeps().stream().filter(sw -> sw.id() == r.sweepId()).findFirst();
            st.ifPresent(sw -> out.println("sweep #" + sw.id() + " now: " + sw.queued() + " queued, " + sw.running() + " running, " + sw.done()
                    + " done, " + sw.failed() + " failed"));
            if (r.addedCount() > 0) out.println("train them with: learncast farm run" + (store.db == null ? "" : " --db " + store.db));
        }
        return Cli.OK;
    }

    /** How many of the runs the store already holds (an enqueue skips them). */
    private int presentInStore(List<RunConfig> runs) {
        try (Store s = store.open()) {
            return s.catalog().presentConfigHashes(runs.stream().map(RunConfig::configHash).toList()).size();
        }
    }

    /** Builds each task once (reads a CSV, checks sizes) before anything is written: a bad task writes nothing. */
    private static void checkTasks(List<RunConfig> runs) {
        Set<String> seen = new HashSet<>();
        for (RunConfig c : runs) {
            if (!seen.add(c.task())) continue;
            try {
                TaskFacts.of(c);
            } catch (UserError e) {
                throw e.relocate("property.task");
            }
        }
    }

    /**
     * What {@code farm enqueue --json} prints: the sweep as expanded, then what the store did with it, or {@code dry_run} with nothing
     * written (the fields of the other case are absent, as they were in the map this replaces).
     */
    @JsonPropertyOrder(alphabetic = true) // the order it had as a sorted map
    record Report(@JsonProperty("name") String name, @JsonProperty("spec_hash") String specHash, @JsonProperty("configs") long configs,
                  @JsonProperty("seeds") int seeds, @JsonProperty("runs") int runs, @JsonProperty("budgets") List<Long> budgets,
                  @JsonProperty("sampling") Object sampling /* "grid", or {method: n} */, @JsonProperty("to_budget") boolean toBudget,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("sweep_id") Long sweepId,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("sweep_known") Boolean sweepKnown,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("added") Integer added,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("already_present") Integer alreadyPresent,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("added_ids") List<Long> addedIds,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("dry_run") Boolean dryRun,
                  @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("would_add") Integer wouldAdd) {}

    private static Report report(GridSpec g, List<RunConfig> runs, EnqueueReport r, boolean known, Integer present) {
        return r == null
                ? new Report(g.name(), g.specHash(), g.configCount(), g.seeds(), runs.size(), g.budgets(), g.sampling().canonical(), g.toBudget(),
                        null, null, null, present, null, true, runs.size() - present)
                : new Report(g.name(), g.specHash(), g.configCount(), g.seeds(), runs.size(), g.budgets(), g.sampling().canonical(), g.toBudget(),
                        r.sweepId(), known, r.addedCount(), r.alreadyPresent(), r.added(), null, null);
    }
}
