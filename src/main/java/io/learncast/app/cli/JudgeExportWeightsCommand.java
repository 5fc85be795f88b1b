package io.learncast.app.cli;

import io.learncast.farm.store.Store;
import io.learncast.forecast.judge.Judges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code learncast judge export-weights RUN --out FILE.npz}: a run's kept final weights as the {@code .npz} that {@code judge --weights} reads. */
@Command(name = "export-weights", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a stored run's kept final weights (`farm run --keep-weights`) to a NumPy .npz: an MLP's layer0 … layerN (inputs × outputs) "
                + "and bias0 … biasN, a transformer's canonical tensors (embed.tokens … unembed.b; docs/JUDGE.md), float32 — what "
                + "`learncast judge --weights` and NumPy's np.load read."})
final class JudgeExportWeightsCommand extends StoreBackedCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "A stored run whose weights were kept.")
    long runId;

    @Option(names = {"--out", "-o"}, paramLabel = "FILE.npz", required = true, description = "The file to write (written whole or not at all).")
    Path outFile;

    @Override
    protected int run(Store s, PrintWriter out) {
        byte[] bytes = Judges.keptNpz(s, runId);
        Path target = OutputFile.write(outFile, bytes, "--out");
        out.println("wrote run #" + runId + "'s final weights (" + bytes.length + " bytes) to " + target);
        out.flush();
        return Cli.OK;
    }
}
