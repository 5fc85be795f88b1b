package io.learncast.farm.store;

import java.time.Instant;

/** A fitted model registered in the store; its artifact bytes are fetched separately. */
public record ModelRecord(
        long id,
        String kind,
        Instant createdAt,
        String codeVersion,
        int formatVersion,
        int corpusRuns,
        int corpusRows,
        String corpusHash,
        String artifactSha256,
        String summaryJson,
        boolean active) {}
