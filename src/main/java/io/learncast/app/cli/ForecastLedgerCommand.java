package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.farm.store.ForecastLedger;
import io.learncast.farm.store.LedgerEntry;
import io.learncast.farm.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code learncast forecast ledger}: scores forecasts whose configs have been trained since they were
 * made, lists the scored ones with their Brier score and accuracy, and verifies the hash chain.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"Score ledger forecasts whose configs were trained after the forecast, list the scored ones, and verify the ledger's hash chain.",
                "Exits 1 when the hash chain is broken."})
final class ForecastLedgerCommand extends StoreBackedCommand {
    @Mixin JsonOption json;

    @Override
    protected int run(Store s, PrintWriter out) {
        int newly = s.ledger().score();
        List<LedgerEntry> all = s.ledger().entries();
        List<LedgerEntry> scored = all.stream().filter(e -> e.outcomeLearned() != null).toList();
        ForecastLedger.ChainCheck chain = s.ledger().verify();
        double brier = 0;
        int correct = 0;
        for (LedgerEntry e : scored) {
            double y = e.outcomeLearned() ? 1 : 0;
            brier += (e.probability() - y) * (e.probability() - y);
            if ((e.probability() >= 0.5) == e.outcomeLearned()) correct++;
        }
        Double meanBrier = scored.isEmpty() ? null : brier / scored.size();
        Double accuracy = scored.isEmpty() ? null : (double) correct / scored.size();
        if (json.on()) {
            List<ScoredJson> rows = scored.stream().map(e -> new ScoredJson(e.id(), e.createdAt().toString(), e.modelId(), e.groupHash(), e.budget(),
                    e.probability(), e.pLow(), e.pHigh(), e.runId(), e.outcomeLearned(), e.scoredAt() == null ? null : e.scoredAt().toString())).toList();
            LedgerJson doc = new LedgerJson(all.size(), scored.size(), newly, meanBrier, accuracy, chain.intact(), chain.firstBrokenId(), rows);
            Console.json(out, doc);
            return chain.intact() ? Cli.OK : Cli.INTERNAL_ERROR;
        }
        if (!scored.isEmpty()) {
            Console.Table t = new Console.Table("id", "made", "model", "config", "budget", "P", "interval", "run", "learned", "Brier");
            for (LedgerEntry e : scored) {
                double y = e.outcomeLearned() ? 1 : 0;
                t.row(e.id(), e.createdAt().toString().substring(0, 19).replace('T', ' '), "#" + e.modelId(), e.groupHash().substring(0, 12), e.budget(),
                        String.format(Locale.ROOT, "%.3f", e.probability()),
                        e.pLow() == null ? "" : String.format(Locale.ROOT, "%.2f–%.2f", e.pLow(), e.pHigh()), "#" + e.runId(),
                        e.outcomeLearned() ? "yes" : "no", String.format(Locale.ROOT, "%.3f", (e.probability() - y) * (e.probability() - y)));
            }
            t.print(out);
        }
        out.printf(Locale.ROOT, "%d forecasts in the ledger, %d scored against runs trained after them (%d newly)%s%n", all.size(), scored.size(), newly,
                scored.isEmpty() ? "" : String.format(Locale.ROOT, ": Brier %.4f, accuracy %.1f%%", meanBrier, 100 * accuracy));
        out.println(chain.intact() ? "hash chain intact (" + chain.entries() + " entries)"
                : "HASH CHAIN BROKEN at entry #" + chain.firstBrokenId() + ": the ledger was edited after the fact");
        return chain.intact() ? Cli.OK : Cli.INTERNAL_ERROR;
    }

    /** What {@code forecast ledger --json} prints: the ledger's counts and scores, then its scored forecasts. */
    @JsonPropertyOrder(alphabetic = true) // the order it had as a sorted map
    record LedgerJson(@JsonProperty("entries") int entries, @JsonProperty("scored") int scored, @JsonProperty("newly_scored") int newlyScored,
                      @JsonProperty("brier") Double brier, @JsonProperty("accuracy") Double accuracy, @JsonProperty("chain_intact") boolean chainIntact,
                      @JsonProperty("chain_first_broken_id") Long chainFirstBrokenId, @JsonProperty("forecasts") List<ScoredJson> forecasts) {}

    /** A scored forecast of the ledger. */
    @JsonPropertyOrder(alphabetic = true)
    record ScoredJson(@JsonProperty("id") long id, @JsonProperty("created") String created, @JsonProperty("model_id") long modelId,
                      @JsonProperty("group_hash") String groupHash, @JsonProperty("budget") long budget, @JsonProperty("p") double p,
                      @JsonProperty("p_low") Double pLow, @JsonProperty("p_high") Double pHigh, @JsonProperty("run_id") Long runId,
                      @JsonProperty("learned") Boolean learned, @JsonProperty("scored") String scored) {}
}
