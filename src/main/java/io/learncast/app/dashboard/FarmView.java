package io.learncast.app.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreStatus;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.SweepStatus;
import io.learncast.farm.store.WorkerStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The farm page's data: what `farm status` prints, plus the failed runs with their errors. */
record FarmView(@JsonProperty("store") String store,
                @JsonProperty("now") String now,
                @JsonProperty("runs") long runs,
                @JsonProperty("states") Map<String, Long> states,
                @JsonProperty("outcomes") Map<String, Long> outcomes,
                @JsonProperty("imported") long imported,
                @JsonProperty("runs_per_minute") double runsPerMinute,
                @JsonProperty("window_minutes") int windowMinutes,
                @JsonProperty("eta_minutes") Double etaMinutes,
                @JsonProperty("workers") List<Worker> workers,
                @JsonProperty("sweeps") List<Sweep> sweeps,
                @JsonProperty("failed") List<Failed> failed) {

    static final int FAILED_SHOWN = 50;

    record Worker(@JsonProperty("id") String id, @JsonProperty("host") String host, @JsonProperty("pid") long pid,
                  @JsonProperty("threads") int threads, @JsonProperty("state") String state, @JsonProperty("alive") boolean alive,
                  @JsonProperty("runs_done") int runsDone, @JsonProperty("heartbeat_seconds_ago") long heartbeatSecondsAgo) {}

    record Sweep(@JsonProperty("id") long id, @JsonProperty("name") String name, @JsonProperty("runs") long runs,
                 @JsonProperty("queued") long queued, @JsonProperty("running") long running, @JsonProperty("done") long done,
                 @JsonProperty("failed") long failed, @JsonProperty("learned") long learned, @JsonProperty("to_budget") boolean toBudget) {}

    record Failed(@JsonProperty("id") long id, @JsonProperty("task") String task, @JsonProperty("attempts") int attempts,
                  @JsonProperty("error") String error) {}

    static FarmView of(Store s, int window) {
        StoreStatus st = s.catalog().status(window);
        Instant now = s.now();
        Map<String, Long> states = new LinkedHashMap<>();
        for (RunState r : RunState.values()) states.put(r.name().toLowerCase(Locale.ROOT), st.count(r));
        Map<String, Long> outcomes = new LinkedHashMap<>();
        outcomes.put("learned", st.learned());
        outcomes.put("not_learned", st.notLearned());
        outcomes.put("diverged", st.diverged());
        outcomes.put("stopped_early", st.stoppedEarly());
        List<Worker> workers = s.catalog().workers(60).stream().map((WorkerStatus w) -> new Worker(w.id(), w.host(), w.pid(), w.threads(),
                w.alive() ? "running" : w.state().equals("RUNNING") ? "silent" : w.state().toLowerCase(Locale.ROOT), w.alive(), w.runsDone(),
                Math.max(0, Duration.between(w.heartbeatAt(), now).toSeconds()))).toList();
        List<Sweep> sweeps = s.catalog().sweeps().stream().map((SweepStatus w) -> new Sweep(w.id(), w.name(), w.runs(), w.queued(), w.running(), w.done(),
                w.failed(), w.learned(), w.toBudget())).toList();
        List<Failed> failed = st.count(RunState.FAILED) == 0 ? List.of()
                : s.catalog().runs(RunFilter.all().withState(RunState.FAILED).page(FAILED_SHOWN, 0)).stream()
                .map((StoredRun r) -> new Failed(r.id(), r.config().task(), r.attempts(), r.error())).toList();
        return new FarmView(s.location().toString(), now.toString(), st.total(), states, outcomes, st.imported(), st.runsPerMinute(), st.windowMinutes(),
                st.etaMinutes(), workers, sweeps, failed);
    }
}
