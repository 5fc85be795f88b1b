package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.UserError;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.SweepStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code learncast farm retry}: puts FAILED runs back in the queue. A run fails after its third attempt
 * (its workers died, or its trainer threw); once the cause is fixed — a crashed machine, a missing CSV
 * file — the runs train again from step 0 with the same seed. Attempts start again at 0; the claim
 * counter (the fencing token) keeps counting, so no earlier claim can write.
 */
@Command(name = "retry", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-queue FAILED runs (all, or one sweep's) with their attempts reset; train them with `learncast farm run`.",
                "Each failed run's last error is listed first, so you can fix its cause before retrying."})
final class FarmRetryCommand extends StoreBackedCommand {
    @Option(names = "--sweep", paramLabel = "NAME", description = "Only this sweep's failed runs (its name, or #ID as `farm status` lists it).")
    String sweep;

    @Mixin JsonOption json;

    @Override
    protected int run(Store s, PrintWriter out) {
        List<SweepStatus> sweeps = s.catalog().sweeps();
        List<Long> sweepIds = sweep == null ? null : sweepIds(sweeps, sweep.trim());
        // the errors, read before the runs are re-queued (a retried run keeps its last error until it runs again)
        Map<Long, String> errors = new HashMap<>();
        for (StoredRun r : s.catalog().runs(RunFilter.all().withState(RunState.FAILED))) errors.put(r.id(), r.error());
        List<Long> ids = new ArrayList<>();
        if (sweepIds == null) ids.addAll(s.queue().retryFailed(null));
        else for (long id : sweepIds) ids.addAll(s.queue().retryFailed(id));
        Map<String, Long> bySweep = new LinkedHashMap<>();
        Map<String, Long> byError = new LinkedHashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (SweepStatus w : sweeps) names.put(w.id(), w.name());
        for (StoredRun r : s.catalog().runs(RunFilter.all().withIds(ids))) {
            bySweep.merge(r.sweepId() == null ? "(no sweep)" : names.getOrDefault(r.sweepId(), "#" + r.sweepId()), 1L, Long::sum);
            byError.merge(firstLine(errors.get(r.id())), 1L, Long::sum);
        }
        if (json.on()) {
            Console.json(out, new Retried(ids.size(), ids, bySweep, byError));
        } else if (ids.isEmpty()) {
            out.println("no failed runs" + (sweep == null ? "" : " in sweep " + sweep) + ": nothing to retry");
        } else {
            out.println("re-queued " + ids.size() + " failed run" + (ids.size() == 1 ? "" : "s") + " (attempts reset; they train again from step 0 with the same seed)");
            bySweep.forEach((k, v) -> out.println("  sweep " + k + ": " + v));
            out.println("their last errors:");
            byError.forEach((k, v) -> out.println("  " + v + "× " + k));
            out.println("train them with: learncast farm run" + (store.db == null ? "" : " --db " + store.db));
        }
        out.flush();
        return Cli.OK;
    }

    /** What {@code farm retry --json} prints; {@code by_sweep} (sweep → runs) and {@code last_errors} (error → runs) are real maps. */
    @JsonPropertyOrder(alphabetic = true) // the order it had as a sorted map
    record Retried(@JsonProperty("requeued") int requeued, @JsonProperty("run_ids") List<Long> runIds,
                   @JsonProperty("by_sweep") Map<String, Long> bySweep, @JsonProperty("last_errors") Map<String, Long> lastErrors) {}

    /** The sweeps a --sweep value names: every sweep with that name, or the one with that #id. */
    private static List<Long> sweepIds(List<SweepStatus> sweeps, String wanted) {
        List<Long> ids = new ArrayList<>();
        for (SweepStatus w : sweeps) if (w.name().equals(wanted)) ids.add(w.id());
        if (ids.isEmpty() && wanted.matches("#?[0-9]{1,18}")) {
            long id = Long.parseLong(wanted.replace("#", ""));
            for (SweepStatus w : sweeps) if (w.id() == id) ids.add(id);
        }
        if (ids.isEmpty()) {
            List<String> known = sweeps.stream().map(SweepStatus::name).distinct().limit(20).toList();
            throw new UserError("--sweep", "no sweep named '" + wanted + "'",
                    known.isEmpty() ? "this store has no sweeps" : "known sweeps: " + String.join(", ", known) + " (see `learncast farm status`)");
        }
        return ids;
    }

    private static String firstLine(String error) {
        if (error == null || error.isBlank()) return "(no error recorded)";
        String line = error.strip().split("\n")[0];
        return line.length() > 200 ? line.substring(0, 199) + "…" : line;
    }
}
