package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportContext;
import io.learncast.eval.report.ReportSection;
import io.learncast.eval.report.ReportSections;
import io.learncast.eval.report.sections.PhaseDiagramSection;
import io.learncast.eval.scoring.Evaluation;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.store.ForecasterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code learncast report}: one self-contained offline HTML page of the corpus, the scores and the figures. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write one self-contained HTML report (figures embedded, no scripts, no network): the corpus, forecast accuracy against baselines "
                + "and the seed-noise ceiling, phase diagrams (observed beside forecast), calibration, knob importance, example learning curves "
                + "and provenance."})
final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "report.html", description = "Where to write the report (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--sections", split = ",", paramLabel = "ID[,ID…]", description = "Only these sections, in the report's order (default: all; see the ids with --list-sections).")
    List<String> sections;

    @Option(names = "--list-sections", description = "List the section ids and exit.")
    boolean listSections;

    @Option(names = "--axes", split = ",", paramLabel = "X,Y", description = "The phase diagrams' two axes, e.g. train_frac,wd (default: the two knobs each task varies most).")
    List<String> axes;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        List<ReportSection> chosen = choose(sections, axes);
        if (listSections) {
            for (ReportSection s : chosen) w.println(s.id() + "  " + s.title());
            return Cli.OK;
        }
        Path target = out.toAbsolutePath();
        checkTarget(target);
        try (Store s = store.open()) {
            Path written = write(s, chosen, target, s.now(), line -> {
                w.println(line);
                w.flush();
            });
            w.println("report: " + written);
        } catch (IOException e) {
            throw new UserError("--out", "cannot write " + target + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "write the report to a folder you can write to, e.g. --out ./report.html");
        }
        return Cli.OK;
    }

    /** A report target must be a file in an existing, writable folder: checked before anything is computed. */
    static void checkTarget(Path target) {
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new UserError("--out", "the folder " + target.getParent() + " does not exist", "create it first, or write the report elsewhere");
        }
        if (Files.isDirectory(target)) throw new UserError("--out", target + " is a folder", "give a file name, e.g. --out report.html");
        // a real probe (permission bits do not tell root, or /proc, the truth), before minutes of work
        try {
            Files.delete(Files.createTempFile(target.getParent(), ".report-probe-", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new UserError("--out", "cannot write in " + target.getParent() + " (" + e.getClass().getSimpleName() + ")",
                    "write the report elsewhere, e.g. --out ./report.html");
        }
    }

    /** The sections to write: all, or those named (unknown ids are a user error); --axes configures the phase diagrams. */
    static List<ReportSection> choose(List<String> ids, List<String> axes) {
        List<ReportSection> all = new ArrayList<>();
        for (ReportSection s : ReportSections.all()) all.add(axes != null && s instanceof PhaseDiagramSection ? new PhaseDiagramSection(axes) : s);
        if (ids == null || ids.isEmpty()) return all;
        Set<String> want = new LinkedHashSet<>();
        for (String id : ids) {
            String t = id.trim();
            if (all.stream().noneMatch(s -> s.id().equals(t))) {
                throw new UserError("--sections", "unknown section '" + t + "'", "one of " + String.join(", ", all.stream().map(ReportSection::id).toList()));
            }
            want.add(t);
        }
        return all.stream().filter(s -> want.contains(s.id())).toList();
    }

    /** Writes the report of {@code store} to {@code target} (atomically); returns its path. Shared with quickstart. */
    static Path write(Store store, List<ReportSection> sections, Path target, Instant now, java.util.function.Consumer<String> progress) throws IOException {
        List<StoredRun> runs = Evaluation.finishedRuns(store);
        Optional<ForecasterRegistry.Loaded> f = ForecasterRegistry.active(store);
        if (f.isEmpty()) {
            List<String> need = sections.stream().filter(ReportSection::needsForecaster).map(ReportSection::id).toList();
            if (!need.isEmpty()) {
                throw new UserError("report", "the sections " + String.join(", ", need) + " need a fitted forecaster, and " + store.location() + " has none",
                        "run `learncast forecast fit` first, or leave them out with --sections");
            }
        }
        ReportContext ctx = new ReportContext(store, runs, f, io.learncast.common.Seeds.DEFAULT_MASTER, now);
        HtmlReport report = new HtmlReport("learncast report");
        for (ReportSection s : sections) {
            long t0 = System.nanoTime();
            s.write(ctx, report);
            progress.accept(String.format(java.util.Locale.ROOT, "  %-12s %.1f s", s.id(), (System.nanoTime() - t0) / 1e9));
        }
        report.write(target);
        return target;
    }
}
