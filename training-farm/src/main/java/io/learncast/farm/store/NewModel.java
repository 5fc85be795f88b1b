package io.learncast.farm.store;

/** A model to register: what it is, what it saw, and its serialised artifact. */
public record NewModel(String kind, String codeVersion, int formatVersion, int corpusRuns, int corpusRows,
                       String corpusHash, String summaryJson, byte[] artifact) {}
