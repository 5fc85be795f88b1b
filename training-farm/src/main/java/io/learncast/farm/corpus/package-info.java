/**
 * The corpus in and out: {@code corpus import} reads finished runs trained elsewhere (JSON lines or
 * CSV, one run per record), validates every record before anything is written, and stores them in
 * batches; {@code corpus export} streams the store's finished runs in the same format, so that
 * export → import → export is byte-identical. No SQL here: this package talks to the store's
 * {@code RunQueue.importRuns} and {@code RunCatalog.streamCorpus}.
 */
package io.learncast.farm.corpus;
