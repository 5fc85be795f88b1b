package io.learncast.bench.farm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.learncast.farm.config.ConfigJson;

import java.util.ArrayList;
import java.util.List;

/**
 * What a fault scenario measured: a record per scenario, its figures in the order the results table shows
 * them (under the names the table has always used), or why the scenario was skipped here.
 */
public sealed interface Figures {
    /** {@code name value} pairs in order, for the results table. */
    default List<String> pairs() {
        List<String> out = new ArrayList<>();
        JsonNode n = ConfigJson.MAPPER.valueToTree(this);
        n.fields().forEachRemaining(e -> out.add(e.getKey() + " " + e.getValue().asText()));
        return out;
    }

    /** The scenario could not run here (no tmpfs, no owning process, no way to stop the server …). */
    record Skipped(@JsonProperty("skipped") String reason) implements Figures {}

    /** worker-kills: workers killed with kill -9 mid-run. */
    record WorkerKills(
            @JsonProperty("runs") long runs,
            @JsonProperty("kills") int kills,
            @JsonProperty("kills_with_runs_in_hand") int killsWithRunsInHand,
            @JsonProperty("runs_killed_in_progress") int runsKilledInProgress,
            @JsonProperty("finished_reports") int finishedReports,
            @JsonProperty("finished_unreported_killed_after_commit") int finishedUnreportedKilledAfterCommit,
            @JsonProperty("lost") long lost,
            @JsonProperty("duplicated") int duplicated,
            @JsonProperty("max_claims_of_a_run") int maxClaimsOfARun,
            @JsonProperty("reclaim_after_lease_s_mean") double reclaimAfterLeaseSMean,
            @JsonProperty("reclaim_after_lease_s_max") double reclaimAfterLeaseSMax) implements Figures {}

    /** stall: workers stalled past their lease. */
    record Stalls(
            @JsonProperty("stalls") int stalls,
            @JsonProperty("stalled_claims_fenced") int stalledClaimsFenced) implements Figures {}

    /** owner-kills: the process owning an embedded store killed. */
    record OwnerKills(
            @JsonProperty("runs") long runs,
            @JsonProperty("kills") int kills,
            @JsonProperty("reopened") int reopened,
            @JsonProperty("reported_finished_before_kills") int reportedFinishedBeforeKills,
            @JsonProperty("reported_but_missing") long reportedButMissing,
            @JsonProperty("reopen_ms_mean") long reopenMsMean,
            @JsonProperty("reopen_ms_max") long reopenMsMax) implements Figures {}

    /** shared-kills: the holder of a shared embedded store killed. */
    record SharedKills(
            @JsonProperty("runs") long runs,
            @JsonProperty("holder_kills") int holderKills,
            @JsonProperty("farm_holder_kills") int farmHolderKills,
            @JsonProperty("reader_holder_kills") int readerHolderKills,
            @JsonProperty("farm_processes") int farmProcesses,
            @JsonProperty("reported_finished") int reportedFinished,
            @JsonProperty("reported_but_missing") long reportedButMissing,
            @JsonProperty("lost") long lost,
            @JsonProperty("duplicated") int duplicated,
            @JsonProperty("reader_queries") long readerQueries,
            @JsonProperty("reader_errors") int readerErrors,
            @JsonProperty("reader_back_after_kill_ms_max") long readerBackAfterKillMsMax) implements Figures {}

    /** many-workers: processes × threads on one store. */
    record ManyWorkers(
            @JsonProperty("runs") long runs,
            @JsonProperty("processes_x_threads") String processesXThreads,
            @JsonProperty("processes_that_trained") int processesThatTrained,
            @JsonProperty("done_exactly_once") long doneExactlyOnce,
            @JsonProperty("duplicated") int duplicated,
            @JsonProperty("claim_calls") int claimCalls,
            @JsonProperty("claim_ms_p50") double claimMsP50,
            @JsonProperty("claim_ms_p99") double claimMsP99,
            @JsonProperty("claim_ms_max") double claimMsMax,
            @JsonProperty("runs_per_s") double runsPerS) implements Figures {}

    /** divergence: runs blowing up to NaN/Inf. */
    record Divergence(
            @JsonProperty("runs") long runs,
            @JsonProperty("diverged") int diverged,
            @JsonProperty("last_point_nan_or_inf") int lastPointNanOrInf,
            @JsonProperty("min_curve_points_kept") int minCurvePointsKept) implements Figures {}

    /** outage: the database away under working workers. */
    record Outage(
            @JsonProperty("runs") long runs,
            @JsonProperty("outage_s") double outageS,
            @JsonProperty("done_before_outage") long doneBeforeOutage,
            @JsonProperty("done_at_end") long doneAtEnd,
            @JsonProperty("failed") long failed,
            @JsonProperty("runs_charged_an_attempt") long runsChargedAnAttempt,
            @JsonProperty("workers_alive_through_outage") boolean workersAliveThroughOutage) implements Figures {}

    /** fuzz: malformed specs, arguments, requests, URLs and files. */
    record FuzzCases(
            @JsonProperty("grid_specs") int gridSpecs,
            @JsonProperty("grid_specs_refused_cleanly") int gridSpecsRefusedCleanly,
            @JsonProperty("cli_args") int cliArgs,
            @JsonProperty("cli_args_refused_cleanly") int cliArgsRefusedCleanly,
            @JsonProperty("http_requests") int httpRequests,
            @JsonProperty("http_400") int http400,
            @JsonProperty("raw_garbage_connections") int rawGarbageConnections,
            @JsonProperty("service_up_after_each") boolean serviceUpAfterEach,
            @JsonProperty("store_urls") int storeUrls,
            @JsonProperty("store_urls_refused_cleanly") int storeUrlsRefusedCleanly,
            @JsonProperty("code_run_by_a_url") int codeRunByAUrl,
            @JsonProperty("special_outputs") int specialOutputs,
            @JsonProperty("special_outputs_as_promised") int specialOutputsAsPromised,
            @JsonProperty("special_files_replaced") int specialFilesReplaced,
            @JsonProperty("hostile_corpus_and_spec_files") int hostileCorpusAndSpecFiles,
            @JsonProperty("hostile_files_refused_whole") int hostileFilesRefusedWhole,
            @JsonProperty("rows_written") String rowsWritten) implements Figures {}

    /** slow-clients: connections that drip or stall. */
    record SlowClients(
            @JsonProperty("request_threads") int requestThreads,
            @JsonProperty("slow_connections") int slowConnections,
            @JsonProperty("health_ms_unloaded_p50_max") String healthMsUnloadedP50Max,
            @JsonProperty("health_ms_with_slow_clients_p50_max") String healthMsWithSlowClientsP50Max,
            @JsonProperty("closed_by_server") long closedByServer,
            @JsonProperty("last_closed_after_s") double lastClosedAfterS) implements Figures {}

    /** disk-full: the store's disk filling under the farm. */
    record DiskFull(
            @JsonProperty("disk") String disk,
            @JsonProperty("filled_s_after_start") double filledSAfterStart,
            @JsonProperty("farm_exit") int farmExit,
            @JsonProperty("stopped_s_after_the_disk_filled") double stoppedSAfterTheDiskFilled,
            @JsonProperty("message") String message,
            @JsonProperty("runs") long runs,
            @JsonProperty("done_before_the_fault") int doneBeforeTheFault,
            @JsonProperty("committed_runs_changed") int committedRunsChanged,
            @JsonProperty("done_exactly_once_after_rerun") long doneExactlyOnceAfterRerun) implements Figures {}
}
