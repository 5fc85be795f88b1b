package io.learncast.app.cli;

import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code learncast farm resume}: puts runs stopped early by the verdict back in the queue to train
 * their full budget. No checkpoints are stored, so a resumed run trains again from step 0 with the
 * same config and seed (training is deterministic: it retraces its curve); it keeps its old verdict
 * and is never stopped early again.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-queue runs stopped early by the verdict to train their full budget (from step 0 with the same seed: no checkpoints are stored); "
                + "--sample resumes a random sample of them, to audit the verdict (`learncast verdict audit`).",
                "A resumed run is never stopped early again; its old verdict stays recorded. Train them with `learncast farm run`."})
final class FarmResumeCommand extends StoreBackedCommand {
    @Parameters(paramLabel = "RUN_ID", arity = "0..*", description = "Runs to resume (each must have been stopped early).")
    List<Long> runIds = new ArrayList<>();

    @Option(names = "--all-stopped", description = "Resume every run stopped early.")
    boolean all;

    @Option(names = "--sample", paramLabel = "N|FRACTION",
            description = "Resume a random sample of the runs stopped early: N runs, or a fraction such as 0.25 — to audit the verdict "
                    + "(`learncast verdict audit` then says how many would have learned).")
    String sample;

    @Option(names = "--seed", description = "Seed of the --sample draw (default: the master seed), so the same sample can be drawn again.")
    Long seed;

    private Sample draw; // set by check()

    @Override
    protected void check() {
        int modes = (runIds.isEmpty() ? 0 : 1) + (all ? 1 : 0) + (sample != null ? 1 : 0);
        if (modes == 0) throw new UserError("RUN_ID", "no run given", "learncast farm resume 42 43, --all-stopped, or --sample 0.25");
        if (modes > 1) throw new UserError(sample != null ? "--sample" : "--all-stopped", "more than one of run ids, --all-stopped and --sample given", "one of them");
        if (seed != null && sample == null) throw new UserError("--seed", "--seed without --sample", "the seed is that of the --sample draw");
        draw = sample == null ? null : Sample.parse(sample);
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        List<Long> ids = new ArrayList<>();
        int stopped = 0;
        if (all || draw != null) {
            for (StoredRun r : s.catalog().runs(RunFilter.done())) if (r.outcome() == Outcome.STOPPED_EARLY) ids.add(r.id());
            stopped = ids.size();
            if (draw != null) ids = draw.from(ids, seed == null ? Seeds.derive(Seeds.DEFAULT_MASTER, "resume-sample") : seed);
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
        out.println("re-queued " + done + (draw != null ? " of " + stopped : "") + " run" + (done == 1 && draw == null ? "" : "s") + " stopped early"
                + (draw != null ? " (a random sample" + (seed != null ? ", seed " + seed : "") + ")" : "")
                + ", to train their full budget from step 0 (same seed; no checkpoints are stored)"
                + (done < ids.size() ? "; " + (ids.size() - done) + " could not be re-queued (not trained by the farm)" : ""));
        String db = store.db == null ? "" : " --db " + store.db;
        if (done > 0) out.println("train them with: learncast farm run" + db + (draw != null ? "; then `learncast verdict audit" + db
                + "` says how many would have learned" : ""));
        out.flush();
        return Cli.OK;
    }

    /** {@code --sample}: a number of runs (a whole number ≥ 1) or a fraction in (0, 1]. */
    record Sample(Integer count, Double fraction) {
        static Sample parse(String text) {
            try {
                if (text.matches("\\d+")) {
                    int n = Integer.parseInt(text);
                    if (n < 1) throw new UserError("--sample", "a sample of " + n + " runs", "at least 1 run, or a fraction such as 0.25");
                    return new Sample(n, null);
                }
                double f = Double.parseDouble(text);
                if (!(f > 0 && f <= 1)) throw new UserError("--sample", "fraction " + text + " is outside (0, 1]", "e.g. 0.25, or a number of runs such as 20");
                return new Sample(null, f);
            } catch (NumberFormatException e) {
                throw new UserError("--sample", "'" + text + "' is neither a number of runs nor a fraction", "e.g. 20 or 0.25");
            }
        }

        /** A uniformly random subset of {@code ids} (in id order), the same for the same seed and ids. */
        List<Long> from(List<Long> ids, long seed) {
            List<Long> sorted = new ArrayList<>(ids);
            java.util.Collections.sort(sorted);
            int n = count != null ? Math.min(count, sorted.size()) : (int) Math.ceil(fraction * sorted.size());
            java.util.Collections.shuffle(sorted, new java.util.Random(seed));
            List<Long> pick = new ArrayList<>(sorted.subList(0, n));
            java.util.Collections.sort(pick);
            return pick;
        }
    }
}
