package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code learncast runs}: list stored runs, or show one with its curve. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List the stored runs (newest last), or show one with --id.")
final class RunsCommand implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--id", description = "Show this run with its full curve.")
    Long id;

    @Option(names = "--task", description = "Only this task (name, e.g. modadd, or full spec, e.g. modadd:p=97).")
    String task;

    @Option(names = "--state", description = "Only runs in this state: queued, running, done, failed.")
    String state;

    @Option(names = "--outcome", description = "Only this outcome: learned, not_learned, diverged, stopped_early.")
    String outcome;

    @Option(names = "--source", description = "Only runs from this source: farm (farm workers), train (`learncast train`), or an import's --source.")
    String source;

    @Option(names = "--limit", defaultValue = "50", description = "Show at most this many (the newest; default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (limit < 1) throw new UserError("--limit", "limit " + limit + " is less than 1", "a positive number of runs");
        RunFilter f = RunFilter.all().withTask(task).withSource(source);
        if (state != null) f = f.withState(parseEnum(RunState.class, state, "--state"));
        if (outcome != null) f = f.withOutcome(parseEnum(Outcome.class, outcome, "--outcome"));
        try (Store s = store.open()) {
            if (id != null) {
                StoredRun r = s.catalog().run(id).orElseThrow(() -> new UserError("--id", "there is no run #" + id, "list the runs with `learncast runs`"));
                if (json) Console.json(out, RunPrinter.json(r, s.catalog().curve(id)));
                else RunPrinter.summary(out, r, s.catalog().curve(id));
                return;
            }
            long total = s.catalog().count(f);
            int offset = (int) Math.max(0, total - limit);
            List<StoredRun> runs = s.catalog().runs(f.page(limit, offset));
            if (json) {
                Console.json(out, runs.stream().map(r -> RunPrinter.json(r, null)).toList());
                return;
            }
            Console.Table t = new Console.Table("id", "task", "net", "opt", "lr", "wd", "batch", "data", "steps", "state", "outcome", "learned at", "train acc", "test acc");
            for (StoredRun r : runs) {
                var c = r.config();
                t.row(r.id(), c.task(), c.depth() + "×" + c.width() + " " + c.activation().key(), c.optimizer().key(), c.lr(), c.wd(),
                        c.fullBatch() ? "full" : c.batch(), c.trainFrac() != null ? "frac " + c.trainFrac() : "n " + c.nTrain(), c.steps(),
                        r.state().name().toLowerCase(Locale.ROOT), r.outcome() == null ? "" : r.outcome().name().toLowerCase(Locale.ROOT),
                        r.stepsToLearn() == null ? "" : r.stepsToLearn(), acc(r.finalTrainAcc()), acc(r.finalTestAcc()));
            }
            if (t.size() == 0) {
                boolean filtered = task != null || state != null || outcome != null || source != null;
                out.println(filtered ? "no runs match in " + s.location()
                        : "no runs in " + s.location() + " yet: try `learncast quickstart` or `learncast train --task modadd:p=23`");
                return;
            }
            t.print(out);
            out.println(runs.size() + " of " + total + " runs in " + s.location());
        }
    }

    /** A final accuracy, blank when unknown (queued runs, imports without it). */
    private static String acc(Double v) { return v == null || v.isNaN() ? "" : Console.num(v); }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String flag) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(text.trim())) return e;
        throw new UserError(flag, "unknown value '" + text + "'", "allowed: " + String.join(", ",
                java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }
}
