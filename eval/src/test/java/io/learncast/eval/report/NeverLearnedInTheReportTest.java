package io.learncast.eval.report;

import io.learncast.common.Seeds;
import io.learncast.eval.report.sections.MetricsSection;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's metrics section gives the never_learned warning's record on its grouped 5-fold: on the PyTorch snapshot
 * ({@code bench/torch-corpus/torch-mlp-v1.runs.jsonl.gz}) it fires on a few held-out rows (SGD and plain Adam), none of
 * which learned.
 */
class NeverLearnedInTheReportTest {
    @Test
    void theMetricsSectionSaysHowTheWarningFared(@TempDir Path dir) throws Exception {
        try (Store s = io.learncast.eval.scoring.SnapshotStore.open(dir)) {
            ReportContext ctx = new ReportContext(s, s.catalog().runs(RunFilter.done()), Optional.empty(), Seeds.DEFAULT_MASTER, Instant.now());
            HtmlReport report = new HtmlReport("test");
            new MetricsSection().write(ctx, report);
            String html = report.render();
            Matcher m = Pattern.compile("never_learned warning .*? fired on (\\d+) of (\\d+) held-out rows, their mean P ([0-9.]+); (\\d+) of them learned").matcher(html);
            assertTrue(m.find(), html);
            int fired = Integer.parseInt(m.group(1)), rows = Integer.parseInt(m.group(2)), learned = Integer.parseInt(m.group(4));
            assertTrue(fired > 0 && fired <= 0.01 * rows, "rarely: " + m.group());
            assertTrue(learned <= fired / 4, "on rows that mostly did not learn: " + m.group());
        }
    }
}
