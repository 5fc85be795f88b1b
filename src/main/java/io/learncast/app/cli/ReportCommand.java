package io.learncast.app.cli;

import io.learncast.common.OutputFile;
import io.learncast.common.UserError;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportSection;
import io.learncast.eval.report.ReportSections;
import io.learncast.eval.report.sections.PhaseDiagramSection;
import io.learncast.farm.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "report.html",
            description = "Where to write the report (default ${DEFAULT-VALUE}; - for standard output). A file is replaced whole; links are followed.")
    Path out;

    @Option(names = "--sections", split = ",", paramLabel = "ID[,ID…]", description = "Only these sections, in the report's order (default: all; see the ids with --list-sections).")
    List<String> sections;

    @Option(names = "--list-sections", description = "List the section ids and exit.")
    boolean listSections;

    @Option(names = "--axes", split = ",", paramLabel = "X,Y", description = "The phase diagrams' two axes, e.g. train_frac,wd (default: the two knobs each task varies most).")
    List<String> axes;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<ReportSection> chosen = choose(sections, axes);
        if (listSections) {
            for (ReportSection s : chosen) w.println(s.id() + "  " + s.title());
            return Cli.OK;
        }
        OutputFile target = OutputFile.of(out, "--out");
        target.check(); // before minutes of work
        // with the report on standard output, the progress goes to standard error
        PrintWriter progress = target.standardOutput() ? spec.commandLine().getErr() : w;
        try (Store s = store.open()) {
            HtmlReport report = ReportBuilder.build(s, chosen, s.now(), line -> {
                progress.println(line);
                progress.flush();
            });
            if (target.standardOutput()) {
                w.print(report.render());
                w.flush();
            } else {
                report.write(target);
            }
            progress.println("report: " + (target.standardOutput() ? "written to standard output" : target.given().toAbsolutePath()));
            progress.flush();
        }
        return Cli.OK;
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
}
