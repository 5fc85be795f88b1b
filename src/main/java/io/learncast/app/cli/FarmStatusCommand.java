package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreStatus;
import io.learncast.farm.store.SweepStatus;
import io.learncast.farm.store.WorkerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code learncast farm status}: where the queue stands, how fast it moves, who works on it. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs by state and outcome, throughput and ETA, live workers and sweeps.")
final class FarmStatusCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--window", paramLabel = "MINUTES", defaultValue = "10", description = "Throughput over the last MINUTES (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (window < 1 || window > 10_080) throw new UserError("--window", "window " + window + " is out of range", "1–10080 minutes");
        try (Store s = store.open()) {
            StoreStatus st = s.catalog().status(window);
            List<WorkerStatus> workers = s.catalog().workers(60);
            List<SweepStatus> sweeps = s.catalog().sweeps();
            Instant now = s.now();
            if (json) {
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
        }
        return Cli.OK;
    }

    private static Map<String, Object> json(StoreStatus st, List<WorkerStatus> workers, List<SweepStatus> sweeps) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> states = new LinkedHashMap<>();
        for (RunState s : RunState.values()) states.put(s.name().toLowerCase(Locale.ROOT), st.count(s));
        m.put("runs", st.total());
        m.put("states", states);
        Map<String, Object> outcomes = new LinkedHashMap<>();
        outcomes.put("learned", st.learned());
        outcomes.put("not_learned", st.notLearned());
        outcomes.put("diverged", st.diverged());
        outcomes.put("stopped_early", st.stoppedEarly());
        outcomes.put("failed", st.count(RunState.FAILED));
        m.put("outcomes", outcomes);
        m.put("imported", st.imported());
        m.put("runs_per_minute", st.runsPerMinute());
        m.put("window_minutes", st.windowMinutes());
        m.put("eta_minutes", st.etaMinutes());
        m.put("workers_alive", workers.stream().filter(WorkerStatus::alive).count());
        m.put("workers", workers.stream().map(w -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", w.id());
            x.put("host", w.host());
            x.put("pid", w.pid());
            x.put("threads", w.threads());
            x.put("state", w.state());
            x.put("alive", w.alive());
            x.put("runs_done", w.runsDone());
            x.put("heartbeat_at", String.valueOf(w.heartbeatAt()));
            return x;
        }).toList());
        m.put("sweeps", sweeps.stream().map(w -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", w.id());
            x.put("name", w.name());
            x.put("spec_hash", w.specHash());
            x.put("runs", w.runs());
            x.put("queued", w.queued());
            x.put("running", w.running());
            x.put("done", w.done());
            x.put("failed", w.failed());
            x.put("learned", w.learned());
            x.put("to_budget", w.toBudget());
            return x;
        }).toList());
        return m;
    }
}
