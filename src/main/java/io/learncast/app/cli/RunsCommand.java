package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.learncast.common.UserError;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** {@code learncast runs}: list stored runs, or show one with its curve. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List the stored runs (newest last), or show one with --id.")
final class RunsCommand extends StoreBackedCommand {
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

    @Mixin JsonOption json;

    @Option(names = "--property", paramLabel = "P", description = "Show each finished run's label for a property read off its curve, at each of its budgets: "
            + "yes@STEP (reached and confirmed by then), no, never (ruled out: generalised too soon to grok, or diverged) or censored (its curve ends "
            + "before the budget, undecided). P: 'train_acc>=0.99', 'test_loss<=0.5,hold=2', grokking[:k=3,…], memorisation[:level=0.5,…].")
    String property;

    private RunFilter filter; // set by check()

    @Override
    protected void check() {
        if (limit < 1) throw new UserError("--limit", "limit " + limit + " is less than 1", "a positive number of runs");
        RunFilter f = RunFilter.all().withTask(task).withSource(source);
        if (state != null) f = f.withState(parseEnum(RunState.class, state, "--state"));
        if (outcome != null) f = f.withOutcome(parseEnum(Outcome.class, outcome, "--outcome"));
        filter = f;
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        if (id != null) {
            StoredRun r = s.catalog().run(id).orElseThrow(() -> new UserError("--id", "there is no run #" + id, "list the runs with `learncast runs`"));
            if (json.on()) Console.json(out, RunPrinter.json(r, s.catalog().curve(id)));
            else RunPrinter.summary(out, r, s.catalog().curve(id));
            return Cli.OK;
        }
        long total = s.catalog().count(filter);
        int offset = (int) Math.max(0, total - limit);
        List<StoredRun> runs = s.catalog().runs(filter.page(limit, offset));
        if (property != null) {
            propertyTable(out, s, io.learncast.data.property.CurveProperty.parse(property, "--property"), runs, total);
            return Cli.OK;
        }
        if (json.on()) {
            Console.json(out, runs.stream().map(r -> RunPrinter.json(r, null)).toList());
            return Cli.OK;
        }
        Console.Table t = new Console.Table("id", "task", "net", "opt", "lr", "wd", "batch", "data", "steps", "state", "outcome", "learned at", "train acc", "test acc");
        for (StoredRun r : runs) {
            var c = r.config();
            t.row(r.id(), c.task(), net(c), c.optimizer().key(), c.lr(), c.wd(),
                    c.fullBatch() ? "full" : c.batch(), c.trainFrac() != null ? "frac " + c.trainFrac() : "n " + c.nTrain(), c.steps(),
                    r.state().name().toLowerCase(Locale.ROOT), r.outcome() == null ? "" : r.outcome().name().toLowerCase(Locale.ROOT),
                    r.stepsToLearn() == null ? "" : r.stepsToLearn(), acc(r.finalTrainAcc()), acc(r.finalTestAcc()));
        }
        if (t.size() == 0) {
            boolean filtered = task != null || state != null || outcome != null || source != null;
            out.println(filtered ? "no runs match in " + s.location()
                    : "no runs in " + s.location() + " yet: try `learncast quickstart` or `learncast train --task modadd:p=23`");
            return Cli.OK;
        }
        t.print(out);
        out.println(runs.size() + " of " + total + " runs in " + s.location());
        return Cli.OK;
    }

    private void propertyTable(PrintWriter out, Store s, io.learncast.data.property.CurveProperty p, List<StoredRun> runs, long total) {
        var labels = io.learncast.forecast.property.PropertyLabels.load(s, p, runs);
        boolean grok = p instanceof io.learncast.data.property.CurveProperty.Grokking;
        if (json.on()) {
            List<PropertyRow> rows = new java.util.ArrayList<>();
            for (StoredRun r : runs) {
                var l = labels.label(r.id());
                String config = r.config().describe();
                if (l == null) {
                    rows.add(new UnlabelledRow(r.id(), config, p.key(), r.state().name().toLowerCase(Locale.ROOT)));
                    continue;
                }
                Map<String, Boolean> at = new LinkedHashMap<>();
                for (long b : r.config().budgets()) at.put(Long.toString(b), l.within(b));
                rows.add(grok ? new GrokRow(r.id(), config, p.key(), at, l.eventStep(), l.observedTo(), l.tMem(), l.tGen(), l.delayRatio())
                        : new LabelledRow(r.id(), config, p.key(), at, l.eventStep(), l.observedTo()));
            }
            Console.json(out, rows);
            return;
        }
        Console.Table t = grok ? new Console.Table("id", "config", "curve to", "labels by budget", "t_mem", "t_gen", "t_gen/t_mem")
                : new Console.Table("id", "config", "curve to", "labels by budget");
        for (StoredRun r : runs) {
            var l = labels.label(r.id());
            if (l == null) continue;
            StringBuilder b = new StringBuilder();
            for (long budget : r.config().budgets()) b.append(b.length() == 0 ? "" : " ").append(budget).append(':').append(l.describeAt(budget));
            if (grok) {
                t.row(r.id(), r.config().describe(), l.observedTo(), b, l.tMem() == null ? "" : l.tMem(), l.tGen() == null ? "" : l.tGen(),
                        l.delayRatio() == null ? "" : String.format(Locale.ROOT, "%.1f", l.delayRatio()));
            } else {
                t.row(r.id(), r.config().describe(), l.observedTo(), b);
            }
        }
        t.print(out);
        out.println(PropertyText.census(labels.census()) + " — of the " + runs.size() + " shown (" + total + " runs match in " + s.location() + ")");
    }

    /** A row of {@code runs --property P --json}: which fields it has says what is known of the run (a null inside one is a value). */
    sealed interface PropertyRow permits UnlabelledRow, LabelledRow, GrokRow {}

    /** A run the property cannot label (not finished): its state. */
    @JsonPropertyOrder(alphabetic = true) // the order these rows had as sorted maps
    record UnlabelledRow(@JsonProperty("id") long id, @JsonProperty("config") String config, @JsonProperty("property") String property,
                         @JsonProperty("state") String state) implements PropertyRow {}

    /** A labelled run; {@code labels} is a real map, budget (as text) → learned by then (null: censored). */
    @JsonPropertyOrder(alphabetic = true)
    record LabelledRow(@JsonProperty("id") long id, @JsonProperty("config") String config, @JsonProperty("property") String property,
                       @JsonProperty("labels") Map<String, Boolean> labels, @JsonProperty("event_step") Long eventStep,
                       @JsonProperty("observed_to") long observedTo) implements PropertyRow {}

    /** A labelled run for grokking, with its memorisation and generalisation steps. */
    @JsonPropertyOrder(alphabetic = true)
    record GrokRow(@JsonProperty("id") long id, @JsonProperty("config") String config, @JsonProperty("property") String property,
                   @JsonProperty("labels") Map<String, Boolean> labels, @JsonProperty("event_step") Long eventStep,
                   @JsonProperty("observed_to") long observedTo, @JsonProperty("t_mem") Long tMem, @JsonProperty("t_gen") Long tGen,
                   @JsonProperty("delay_ratio") Double delayRatio) implements PropertyRow {}

    /** A final accuracy, blank when unknown (queued runs, imports without it). */
    private static String acc(Double v) { return v == null || v.isNaN() ? "" : Console.num(v); }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String flag) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(text.trim())) return e;
        throw new UserError(flag, "unknown value '" + text + "'", "allowed: " + String.join(", ",
                java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }

    /** The network column: depth × width and activation for an MLP, blocks, d_model and heads for a transformer. */
    static String net(io.learncast.farm.config.RunConfig c) {
        return c.model().isTransformer() ? c.model().describe() : c.depth() + "×" + c.width() + " " + c.activation().key();
    }
}
