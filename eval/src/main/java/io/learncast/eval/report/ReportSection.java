package io.learncast.eval.report;

/**
 * One part of {@code learncast report}. Each capability (scoring, phase diagrams, growing the corpus,
 * the early verdict …) contributes its own section, listed in {@link ReportSections}, so the report
 * grows without one class knowing every part.
 */
public interface ReportSection {

    /** The section's HTML id and the name {@code --sections} selects it by, e.g. {@code "calibration"}. */
    String id();

    /** The heading shown in the report. */
    String title();

    /**
     * True when the section cannot be written without a fitted forecaster: {@code learncast report}
     * then stops with a clear error (before writing anything) if none is registered.
     */
    default boolean needsForecaster() { return false; }

    /**
     * Appends this section (starting with {@code report.section(id(), title())}). A section with nothing
     * to show still writes its heading and one sentence saying why and what would fill it (e.g. "no
     * grow rounds yet: run learncast grow"), never an empty chart.
     */
    void write(ReportContext context, HtmlReport report);
}
