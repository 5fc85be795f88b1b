package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code learncast farm resume}: puts runs stopped early by the verdict back in the queue to train
 * their full budget. No checkpoints are stored, so a resumed run trains again from step 0 with the
 * same config and seed (training is deterministic: it retraces its curve); it keeps its old verdict
 * and is never stopped early again.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-queue runs stopped early by the verdict to train their full budget (from step 0 with the same seed: no checkpoints are stored).",
                "A resumed run is never stopped early again; its old verdict stays recorded. Train them with `learncast farm run`."})
final class FarmResumeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "Runs to resume (each must have been stopped early).")
    List<Long> runIds = new ArrayList<>();

    @Option(names = "--all-stopped", description = "Resume every run stopped early.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (runIds.isEmpty() && !all) throw new UserError("RUN_ID", "no run given", "learncast farm resume 42 43, or --all-stopped");
        if (!runIds.isEmpty() && all) throw new UserError("--all-stopped", "both run ids and --all-stopped given", "one or the other");
        try (Store s = store.open()) {
            List<Long> ids = new ArrayList<>();
            if (all) {
                for (StoredRun r : s.catalog().runs(RunFilter.done())) if (r.outcome() == Outcome.STOPPED_EARLY) ids.add(r.id());
            } else {
                for (long id : runIds) {
                    StoredRun r = s.catalog().run(id).orElseThrow(() -> new UserError("RUN_ID", "no run " + id, "see `learncast runs`"));
                    if (r.outcome() != Outcome.STOPPED_EARLY) {
                        throw new UserError("RUN_ID", "run " + id + " was not stopped early (" + (r.outcome() == null ? r.state() : r.outcome()) + ")",
                                "only runs stopped by the verdict can be resumed; see `learncast runs --id " + id + "`");
                    }
                    ids.add(id);
                }
            }
            int done = 0;
            for (long id : ids) if (s.queue().requeue(id, "resumed to the full budget after an early stop")) done++;
            out.println("re-queued " + done + " run" + (done == 1 ? "" : "s") + " stopped early, to train their full budget from step 0 (same seed; no checkpoints are stored)"
                    + (done < ids.size() ? "; " + (ids.size() - done) + " could not be re-queued (not trained by the farm)" : ""));
            if (done > 0) out.println("train them with: learncast farm run" + (store.db == null ? "" : " --db " + store.db));
            out.flush();
            return Cli.OK;
        }
    }
}
