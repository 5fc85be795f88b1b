package io.learncast.farm.corpus;

import java.util.List;

/**
 * What an import did. {@code bad} lists the first bad records (at most {@link CorpusImporter#MAX_LISTED});
 * {@code badCount} counts them all. When {@code written} is false nothing was stored (bad records
 * without {@code --skip-bad}, or an empty file). {@code stopped} is true when Ctrl-C ended it early
 * (what was stored stays; importing again adds the rest). {@code sources} counts the runs added per
 * source (the first {@value CorpusImporter#MAX_SOURCES} sources).
 */
public record ImportReport(
        String file,
        CorpusFormat format,
        java.util.Map<String, Long> sources,
        long records,
        long added,
        long alreadyPresent,
        long badCount,
        List<RecordError> bad,
        boolean written,
        boolean stopped) {}
