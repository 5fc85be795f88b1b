package io.learncast.eval.report;

import java.util.List;

/** The report's sections, in the order they appear. Each capability adds one line here. */
public final class ReportSections {
    private ReportSections() {}

    public static List<ReportSection> all() {
        return List.of(
                new GrowSection()
        );
    }
}
