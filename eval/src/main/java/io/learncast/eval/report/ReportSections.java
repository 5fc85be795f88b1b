package io.learncast.eval.report;

import io.learncast.eval.report.sections.CalibrationSection;
import io.learncast.eval.report.sections.CorpusSection;
import io.learncast.eval.report.sections.CurvesSection;
import io.learncast.eval.report.sections.ImportanceSection;
import io.learncast.eval.report.sections.MetricsSection;
import io.learncast.eval.report.sections.PhaseDiagramSection;
import io.learncast.eval.report.sections.PhenomenaSection;
import io.learncast.eval.report.sections.ProvenanceSection;

import java.util.List;

/** The report's sections, in the order they appear. Each capability adds one line here. */
public final class ReportSections {
    private ReportSections() {}

    public static List<ReportSection> all() {
        return List.of(
                new CorpusSection(),
                new MetricsSection(),
                new PhaseDiagramSection(),
                new PhenomenaSection(),
                new CalibrationSection(),
                new ImportanceSection(),
                new CurvesSection(),
                new VerdictSection(),
                new JudgeSection(),
                new GrowSection(),
                new ProvenanceSection()
        );
    }
}
