package io.learncast.bench.speed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.learncast.data.Dataset;
import io.learncast.data.Split;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.data.SequenceFormat;
import io.learncast.farm.train.transformer.TransformerShape;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The PyTorch side of the benchmark: {@code bench/torch_reference.py} as a long-lived child process
 * (one thread, OpenBLAS), spoken to in JSON lines. Each workload's dataset is sent once, so both sides
 * train on the same examples.
 */
final class TorchReference implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    static final String OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread";

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Set<String> sent = new HashSet<>();

    record Timing(double seconds, double cpuSeconds, long modelSteps, double[] last) {}

    TorchReference(Path script) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString());
        Map<String, String> env = pb.environment();
        env.put("LD_LIBRARY_PATH", OPENBLAS);
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.put("OMP_NUM_THREADS", "1");
        env.put("MKL_NUM_THREADS", "1");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    String info() throws IOException {
        JsonNode r = call(json.createObjectNode().put("cmd", "info"));
        return "torch " + r.get("torch").asText() + ", " + r.get("threads").asInt() + " thread";
    }

    /** Trains {@code models} runs of {@code w} for {@code steps} steps with {@code variant} (single, embedding, batched; mha for transformers). */
    Timing run(Workload w, Dataset d, String variant, int models, long steps) throws IOException {
        RunConfig c = w.config();
        ObjectNode req = json.createObjectNode();
        req.put("key", w.key()).put("variant", variant).put("models", models).put("steps", steps).put("eval_every", c.evalEvery()).put("seed", 1);
        ObjectNode spec = req.putObject("spec");
        boolean tokens = d.input().isTokens();
        spec.put("kind", tokens ? "tokens" : "dense").put("positions", d.input().positions()).put("vocab", d.input().vocab())
                .put("dim", d.input().inputWidth()).put("classes", d.numClasses());
        // the network's and the optimiser's knobs under their catalogue keys (choices by their key, batch 0 = full)
        for (Knob<?> k : KnobCatalogue.all()) {
            if (k.group() == Knob.Group.MODEL || k.group() == Knob.Group.OPTIMISER) spec.set(k.key(), json.valueToTree(k.get(c)));
        }
        SequenceFormat seq = null;
        if (w.isTransformer()) {
            TransformerShape s = w.transformer();
            seq = SequenceFormat.of(d);
            spec.put("kind", "transformer").put("positions", seq.positions()).put("vocab", seq.vocab()).put("layers", s.layers())
                    .put("d_model", s.dModel()).put("heads", s.heads()).put("d_mlp", s.dMlp()).put("layer_norm", s.layerNorm());
        }
        if (sent.add(w.key())) {
            ObjectNode data = req.putObject("data");
            if (seq != null) {
                putSequences(data, "train", seq.encode(d.train(), d.input()), d.train());
                putSequences(data, "test", seq.encode(d.test(), d.input()), d.test());
            } else {
                put(data, "train", d.train(), tokens);
                put(data, "test", d.test(), tokens);
            }
        }
        JsonNode r = call(req);
        JsonNode last = r.get("last");
        double[] l = new double[last.size()];
        for (int i = 0; i < l.length; i++) l[i] = last.get(i).asDouble();
        return new Timing(r.get("seconds").asDouble(), r.get("cpu_seconds").asDouble(), r.get("model_steps").asLong(), l);
    }

    private static void putSequences(ObjectNode data, String side, int[] seq, Split s) {
        var x = data.putArray(side + "_x");
        for (int t : seq) x.add(t);
        var y = data.putArray(side + "_y");
        for (int v : s.labels()) y.add(v);
    }

    private static void put(ObjectNode data, String side, Split s, boolean tokens) {
        var x = data.putArray(side + "_x");
        if (tokens) for (int t : s.tokens()) x.add(t);
        else for (float f : s.features()) x.add(f);
        var y = data.putArray(side + "_y");
        for (int v : s.labels()) y.add(v);
    }

    private JsonNode call(ObjectNode req) throws IOException {
        in.write(json.writeValueAsString(req));
        in.write('\n');
        in.flush();
        String line = out.readLine();
        if (line == null) throw new IOException("the PyTorch reference exited (see its error output above)");
        return json.readTree(line);
    }

    @Override
    public void close() {
        try {
            in.write("{\"cmd\":\"quit\"}\n");
            in.flush();
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
