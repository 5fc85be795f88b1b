package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.UserError;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreStatus;
import io.learncast.farm.store.SweepStatus;
import io.learncast.farm.store.WorkerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code learncast farm status}: where the queue stands, how fast it moves, who works on it. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs by state and outcome, throughput and ETA, live workers and sweeps.")
final class FarmStatusCommand extends StoreBackedCommand {
    @Option(names = "--window", paramLabel = "MINUTES", defaultValue = "10", description = "Throughput over the last MINUTES (default ${DEFAULT-VALUE}).")
    int window;

    @Mixin JsonOption json;

    @Override
    protected void check() {
        if (window < 1 || window > 10_080) throw new UserError("--window", "window " + window + " is out of range", "1–10080 minutes");
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        StoreStatus st = s.catalog().status(window);
        List<WorkerStatus> workers = s.catalog().workers(60);
        List<SweepStatus> sweeps = s.catalog().sweeps();
        Instant now = s.now();
        if (json.on()) {
            Console.json(out, json(st, workers, sweeps));
            return Cli.OK;
        }
        out.println("store: " + s.location());
        out.println("runs: " + st.total() + " (" + st.count(RunState.QUEUED) + " queued, " + st.count(RunState.RUNNING) + " running, "
                + st.count(RunState.DONE) + " done, " + st.count(RunState.FAILED) + " failed)");
        out.println("outcomes: " + st.learned() + " learned, " + st.notLearned() + " not learned, " + st.diverged() + " diverged"
                + (st.stoppedEarly() > 0 ? ", " + st.stoppedEarly() + " stopped early" : "") + (st.imported() > 0 ? " (" + st.imported() + " imported)" : ""));
        out.println(String.format(Locale.ROOT, "throughput: %.1f runs/min over the last %d min; ETA %s", st.runsPerMinute(), st.windowMinutes(),
                st.etaMinutes() == null ? "unknown (nothing finished lately)" : st.etaMinutes() == 0 ? "nothing left"
                        : Durations.of((long) (st.etaMinutes() * 60_000))));
        long live = workers.stream().filter(WorkerStatus::alive).count();
        out.println("workers: " + live + " live");
        if (!workers.isEmpty()) {
            Console.Table t = new Console.Table("  worker", "threads", "runs done", "last heartbeat", "state");
            for (WorkerStatus w : workers) {
                t.row("  " + w.id(), w.threads(), w.runsDone(), Durations.of(Duration.between(w.heartbeatAt(), now).toMillis()) + " ago",
                        w.alive() ? "running" : w.state().equals("RUNNING") ? "silent" : w.state().toLowerCase(Locale.ROOT));
            }
            t.print(out);
        }
        if (!sweeps.isEmpty()) {
            out.println("sweeps:");
            Console.Table t = new Console.Table("  sweep", "name", "runs", "queued", "running", "done", "failed", "learned", "trains to");
            for (SweepStatus w : sweeps) {
                t.row("  #" + w.id(), w.name(), w.runs(), w.queued(), w.running(), w.done(), w.failed(), w.learned(),
                        w.toBudget() ? "budget" : "confirmation");
            }
            t.print(out);
        }
        out.flush();

        return Cli.OK;
    }

    /** What {@code farm status --json} prints (fields in the order they had as sorted maps); {@code states} is a real map, state → runs. */
    @JsonPropertyOrder(alphabetic = true)
    record Status(@JsonProperty("runs") long runs, @JsonProperty("states") Map<String, Long> states, @JsonProperty("outcomes") Outcomes outcomes,
                  @JsonProperty("imported") long imported, @JsonProperty("runs_per_minute") double runsPerMinute,
                  @JsonProperty("window_minutes") int windowMinutes, @JsonProperty("eta_minutes") Double etaMinutes,
                  @JsonProperty("workers_alive") long workersAlive, @JsonProperty("workers") List<Worker> workers,
                  @JsonProperty("sweeps") List<Sweep> sweeps) {}

    @JsonPropertyOrder(alphabetic = true)
    record Outcomes(@JsonProperty("learned") long learned, @JsonProperty("not_learned") long notLearned, @JsonProperty("diverged") long diverged,
                    @JsonProperty("stopped_early") long stoppedEarly, @JsonProperty("failed") long failed) {}

    @JsonPropertyOrder(alphabetic = true)
    record Worker(@JsonProperty("id") String id, @JsonProperty("host") String host, @JsonProperty("pid") long pid, @JsonProperty("threads") int threads,
                  @JsonProperty("state") String state, @JsonProperty("alive") boolean alive, @JsonProperty("runs_done") int runsDone,
                  @JsonProperty("heartbeat_at") String heartbeatAt) {}

    @JsonPropertyOrder(alphabetic = true)
    record Sweep(@JsonProperty("id") long id, @JsonProperty("name") String name, @JsonProperty("spec_hash") String specHash, @JsonProperty("runs") long runs,
                 @JsonProperty("queued") long queued, @JsonProperty("running") long running, @JsonProperty("done") long done,
                 @JsonProperty("failed") long failed, @JsonProperty("learned") long learned, @JsonProperty("to_budget") boolean toBudget) {}

    private static Status json(StoreStatus st, List<WorkerStatus> workers, List<SweepStatus> sweeps) {
        Map<String, Long> states = new LinkedHashMap<>();
        for (RunState s : RunState.values()) states.put(s.name().toLowerCase(Locale.ROOT), st.count(s));
        return new Status(st.total(), states,
                new Outcomes(st.learned(), st.notLearned(), st.diverged(), st.stoppedEarly(), st.count(RunState.FAILED)),
                st.imported(), st.runsPerMinute(), st.windowMinutes(), st.etaMinutes(), workers.stream().filter(WorkerStatus::alive).count(),
                workers.stream().map(w -> new Worker(w.id(), w.host(), w.pid(), w.threads(), w.state(), w.alive(), w.runsDone(),
                        String.valueOf(w.heartbeatAt()))).toList(),
                sweeps.stream().map(w -> new Sweep(w.id(), w.name(), w.specHash(), w.runs(), w.queued(), w.running(), w.done(), w.failed(),
                        w.learned(), w.toBudget())).toList());
    }
}
