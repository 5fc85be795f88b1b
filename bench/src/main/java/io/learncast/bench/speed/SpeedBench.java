package io.learncast.bench.speed;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.data.DataSpec;
import io.learncast.data.Dataset;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.Nd4jRuntime;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.train.fast.FastTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * learncast's speed benchmark ({@code bench/speed}): the fast trainer, the DL4J reference and PyTorch
 * (one run at a time with one-hot inputs, with nn.EmbeddingBag, and many runs batched in one bmm) train
 * the standard workloads side by side, alternating, for several repetitions; it prints per-model-step
 * times, model-steps per second and the ratios (medians over repetitions of ratios measured side by
 * side). Phases: {@code speed}, {@code workers} (throughput with 1 and 2 worker threads) and {@code rss}
 * (resident memory over consecutive runs; run it in a fresh JVM).
 */
public final class SpeedBench {
    private static final PrintStream OUT = System.out;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private SpeedBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        Locale.setDefault(Locale.ROOT);
        String phase = opt.getOrDefault("phase", "speed");
        int reps = Integer.parseInt(opt.getOrDefault("reps", "3"));
        List<Workload> workloads = new ArrayList<>(Workload.standard());
        if (opt.containsKey("only")) {
            List<String> only = Arrays.asList(opt.get("only").split(","));
            workloads.removeIf(w -> !only.contains(w.key()));
        }
        FastTrainer fast = new FastTrainer();
        if (!FastTrainer.vectorised()) OUT.println("WARNING: no Vector API module (--add-modules jdk.incubator.vector): the fast trainer runs its scalar kernels");
        switch (phase) {
            case "speed" -> speed(workloads, reps, fast, Path.of(opt.getOrDefault("torch", "bench/torch_reference.py")), !opt.containsKey("no-torch"),
                    !opt.containsKey("no-dl4j"));
            case "workers" -> workers(workloads, reps);
            case "rss" -> rss(Integer.parseInt(opt.getOrDefault("runs", "1000")));
            case "rss-tfm" -> rssTransformer(Integer.parseInt(opt.getOrDefault("runs", "1000")), opt.containsKey("trace"));
            case "measures" -> measures(workloads, reps);
            default -> throw new IllegalArgumentException("unknown phase " + phase + " (speed, workers, rss, rss-tfm, measures)");
        }
    }

    // ------------------------------------------------------------------ speed: side by side

    private static void speed(List<Workload> workloads, int reps, FastTrainer fast, Path script, boolean withTorch, boolean withDl4j) throws IOException {
        TorchReference torch = null;
        if (withTorch) {
            if (!Files.isRegularFile(script)) throw new IOException("no PyTorch reference script at " + script);
            torch = new TorchReference(script);
        }
        try {
            OUT.printf("learncast fast trainer (%s kernels) vs DL4J reference%s; %d repetitions, alternating; one thread each%n%n", fast.kernels(),
                    torch == null ? "" : " vs PyTorch (" + torch.info() + ", OpenBLAS)", reps);
            List<String[]> summary = new ArrayList<>();
            for (Workload w : workloads) summary.addAll(speed(w, reps, fast, torch, withDl4j));
            OUT.println();
            OUT.println("Summary (median of per-repetition ratios, side by side; model-steps/s of the fast farm ÷ the other's,");
            OUT.println("in wall-clock time and per CPU-second; on a busy machine the CPU ratio is the better guess at the idle one):");
            table(List.of("workload", "vs", "fast ÷ other", "per CPU-s"), summary);
        } finally {
            if (torch != null) torch.close();
        }
    }

    private static List<String[]> speed(Workload w, int reps, FastTrainer mlpFast, TorchReference torch, boolean withDl4j) throws IOException {
        RunConfig c = w.config();
        BatchTrainer fast = w.fast();
        List<RunConfig> configs = w.replicas(0, w.runs());
        List<Dataset> data = configs.stream().map(Workload::data).toList();
        List<TrainingListener> none = Collections.nCopies(configs.size(), TrainingListener.NONE);
        boolean tokens = data.get(0).input().isTokens();
        OUT.printf("== %s: %s, %d steps, eval every %d; %d train / %d test examples%s%n", w.key(), w.title(), c.steps(), c.evalEvery(),
                data.get(0).train().size(), data.get(0).test().size(), w.isTransformer() ? ", " + paramsOf(w, data.get(0)) + " parameters" : "");

        // the variants, each returning {wall seconds, model-steps, CPU seconds}
        Map<String, Measure> variants = new LinkedHashMap<>();
        variants.put("learncast fast ×" + w.runs(), () -> {
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            List<RunResult> rs = fast.train(configs, data, none);
            return new double[] {(System.nanoTime() - t0) / 1e9, rs.stream().mapToLong(RunResult::stepsTrained).sum(), (CPU.getCurrentThreadCpuTime() - c0) / 1e9};
        });
        if (withDl4j) {
            BatchTrainer dl4j = w.reference();
            variants.put(w.isTransformer() ? "learncast samediff ×1" : "learncast dl4j ×1", () -> {
                long c0 = CPU.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                List<RunResult> rs = dl4j.train(configs.subList(0, 1), data.subList(0, 1), none.subList(0, 1));
                return new double[] {(System.nanoTime() - t0) / 1e9, rs.get(0).stepsTrained(), (CPU.getCurrentThreadCpuTime() - c0) / 1e9};
            });
        }
        List<String> torchVariants = w.isTransformer() ? List.of("single", "mha", "batched")
                : tokens ? List.of("single", "embedding", "batched") : List.of("single", "batched");
        if (torch != null) {
            for (String v : torchVariants) {
                String label = "torch " + switch (v) {
                    case "single" -> w.isTransformer() ? "hand-written" : "one-hot";
                    case "mha" -> "nn.MultiheadAttention";
                    default -> v;
                } + " ×" + (v.equals("batched") ? w.runs() : 1);
                variants.put(label, () -> torch(torch, w, data.get(0), v, v.equals("batched") ? w.runs() : 1, c.steps()));
            }
        }
        warmUp(fast, configs.get(0), data.get(0));
        if (withDl4j) {
            long s = Math.min(w.isTransformer() ? 20 : 100, c.steps());
            w.reference().train(List.of(c.withReplica(0xBE7C, 0).with(new BudgetConfig(s, (int) s, null))), data.subList(0, 1), none.subList(0, 1));
        }
        if (torch != null) {
            for (String v : torchVariants) torch.run(w, data.get(0), v, v.equals("batched") ? 2 : 1, 20);
        }

        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, List<Double>> perStep = new LinkedHashMap<>();
        Map<String, List<Double>> cpuPerStep = new LinkedHashMap<>();
        for (String n : names) {
            perStep.put(n, new ArrayList<>());
            cpuPerStep.put(n, new ArrayList<>());
        }
        for (int r = 0; r < reps; r++) {
            List<String> order = new ArrayList<>(names);
            Collections.rotate(order, -r); // alternate who goes first
            for (String n : order) {
                double[] m = variants.get(n).run();
                perStep.get(n).add(m[0] / m[1]);
                cpuPerStep.get(n).add(m[2] / m[1]);
            }
        }
        String fastName = names.get(0);
        List<String[]> rows = new ArrayList<>();
        List<String[]> summary = new ArrayList<>();
        for (String n : names) {
            double med = median(perStep.get(n));
            List<Double> ratios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                ratios.add(perStep.get(n).get(r) / perStep.get(fastName).get(r));
                cpuRatios.add(cpuPerStep.get(n).get(r) / cpuPerStep.get(fastName).get(r));
            }
            String ratio = n.equals(fastName) ? "1" : String.format("%.2f×", median(ratios));
            String cpuRatio = n.equals(fastName) ? "1" : String.format("%.2f×", median(cpuRatios));
            rows.add(new String[] {n, String.format("%.4f", med * 1e3), String.format("%.0f", 1 / med), ratio,
                    String.format("%.4f", median(cpuPerStep.get(n)) * 1e3), cpuRatio});
            if (!n.equals(fastName)) summary.add(new String[] {w.key(), n, ratio, cpuRatio});
        }
        table(List.of("variant", "ms/model-step", "model-steps/s", "fast is … faster", "CPU ms/model-step", "… per CPU-s"), rows);
        StringBuilder per = new StringBuilder("  per repetition, ms/model-step:");
        for (String n : names) {
            per.append(String.format("%n    %-20s", n));
            for (double v : perStep.get(n)) per.append(String.format(" %8.4f", v * 1e3));
        }
        OUT.println(per);
        OUT.println();
        return summary;
    }

    /**
     * JIT warm-up: until C2 has compiled the kernels, Vector API code runs its pure-Java fallback, 10–100×
     * slower. At least 3 s and two runs; then on until a run's CPU time per step is within 10 % of the best
     * so far (on a loaded machine the compiler threads get little CPU), for at most 60 s.
     */
    private static void warmUp(BatchTrainer fast, RunConfig c, Dataset d) {
        long start = System.nanoTime();
        double best = Double.MAX_VALUE;
        double last = Double.MAX_VALUE;
        for (int i = 0; ; i++) {
            long c0 = CPU.getCurrentThreadCpuTime();
            RunResult r = fast.train(List.of(c), List.of(d), List.of(TrainingListener.NONE)).get(0);
            last = (CPU.getCurrentThreadCpuTime() - c0) / (double) Math.max(1, r.stepsTrained());
            best = Math.min(best, last);
            long elapsed = System.nanoTime() - start;
            if (elapsed > 60_000_000_000L) break;
            if (i >= 1 && elapsed > 3_000_000_000L && last <= 1.1 * best) break;
        }
    }

    private static String paramsOf(Workload w, Dataset d) {
        var m = io.learncast.farm.train.transformer.TransformerModel.of(w.transformer(), d);
        return String.format("%,d", m.paramCount());
    }

    private static double[] torch(TorchReference torch, Workload w, Dataset d, String variant, int models, long steps) throws IOException {
        TorchReference.Timing t = torch.run(w, d, variant, models, steps);
        return new double[] {t.seconds(), t.modelSteps(), t.cpuSeconds()};
    }

    @FunctionalInterface
    private interface Measure {
        double[] run() throws IOException;
    }

    // ------------------------------------------------------------------ the cost of weight measures

    /**
     * The fast trainer with weight measures at every evaluation (the default) against the same trainer
     * without, alternating within each repetition; CPU time per model-step on this thread, and the ratio
     * per repetition (median). MLPs and transformers (the fast transformer trainer measures too).
     */
    private static void measures(List<Workload> workloads, int reps) {
        OUT.printf("Weight measures at every evaluation (every %d steps): fast trainer with ÷ without, %d repetitions alternating, one thread%n%n",
                Workload.EVAL_EVERY, reps);
        List<String[]> rows = new ArrayList<>();
        for (Workload w : workloads) {
            List<RunConfig> configs = w.replicas(0, w.runs());
            List<Dataset> data = configs.stream().map(Workload::data).toList();
            List<TrainingListener> none = Collections.nCopies(configs.size(), TrainingListener.NONE);
            BatchTrainer on = w.fast();
            BatchTrainer off = w.isTransformer() ? io.learncast.farm.train.fast.FastTransformerTrainer.withoutMeasures(w.transformer()) : FastTrainer.withoutMeasures();
            warmUp(on, configs.get(0), data.get(0));
            warmUp(off, configs.get(0), data.get(0));
            List<Double> withUs = new ArrayList<>();
            List<Double> withoutUs = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                double a = cpuPerStep(on, configs, data, none);
                double b = cpuPerStep(off, configs, data, none);
                withUs.add(a * 1e6);
                withoutUs.add(b * 1e6);
                ratio.add(a / b);
            }
            rows.add(new String[] {w.key(), String.format("%.1f", median(withoutUs)), String.format("%.1f", median(withUs)),
                    String.format("%.3f×", median(ratio)), String.format("%+.1f %%", 100 * (median(ratio) - 1))});
        }
        table(List.of("workload", "µs/step without", "µs/step with measures", "with ÷ without", "cost"), rows);
    }

    private static double cpuPerStep(BatchTrainer t, List<RunConfig> configs, List<Dataset> data, List<TrainingListener> none) {
        long c0 = CPU.getCurrentThreadCpuTime();
        List<RunResult> rs = t.train(configs, data, none);
        long steps = rs.stream().mapToLong(RunResult::stepsTrained).sum();
        return (CPU.getCurrentThreadCpuTime() - c0) / 1e9 / Math.max(1, steps);
    }

    // ------------------------------------------------------------------ throughput with 1 and 2 workers

    private static void workers(List<Workload> workloads, int reps) throws InterruptedException {
        OUT.printf("Farm throughput with 1 and 2 worker threads (fast trainer, one JVM, %d repetitions alternating)%n", reps);
        OUT.println("wall: model-steps per wall-clock second; per CPU-s: per second of CPU time the workers got (what the ratio would be");
        OUT.println("on an otherwise idle machine, where each worker has a core to itself)");
        OUT.println();
        List<String[]> rows = new ArrayList<>();
        for (Workload w : workloads) {
            int k = w.runs();
            List<List<RunConfig>> cfg = List.of(w.replicas(0, k), w.replicas(k, k));
            List<List<Dataset>> data = cfg.stream().map(l -> l.stream().map(Workload::data).toList()).toList();
            warmUp(w.fast(), cfg.get(0).get(0), data.get(0).get(0)); // until C2 has compiled the kernels
            runWorkers(w, cfg, data); // and the second thread's first use of them
            List<double[]> one = new ArrayList<>();
            List<double[]> two = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                one.add(runWorkers(w, cfg.subList(0, 1), data.subList(0, 1)));
                two.add(runWorkers(w, cfg, data));
            }
            List<Double> wall = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                wall.add(two.get(r)[0] / one.get(r)[0]);
                cpu.add(2 * two.get(r)[1] / one.get(r)[1]); // two workers, each at its per-CPU-second rate
            }
            rows.add(new String[] {w.key(), String.format("%.0f", median(one.stream().map(x -> x[0]).toList())),
                    String.format("%.0f", median(two.stream().map(x -> x[0]).toList())), String.format("%.2f×", median(wall)),
                    String.format("%.0f", median(one.stream().map(x -> x[1]).toList())), String.format("%.0f", median(two.stream().map(x -> x[1]).toList())),
                    String.format("%.2f×", median(cpu))});
        }
        table(List.of("workload", "1 worker, wall", "2 workers, wall", "2 ÷ 1", "1 worker per CPU-s", "each of 2 per CPU-s", "2 ÷ 1 at a core each"), rows);
    }

    /**
     * Each list is one worker's batch, trained on its own thread; returns {model-steps per wall second over
     * all workers, model-steps per CPU second of one worker (mean over workers)}.
     */
    private static double[] runWorkers(Workload w, List<List<RunConfig>> cfg, List<List<Dataset>> data) throws InterruptedException {
        long[] steps = new long[cfg.size()];
        long[] cpuNanos = new long[cfg.size()];
        Thread[] threads = new Thread[cfg.size()];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads.length; i++) {
            int j = i;
            threads[i] = new Thread(() -> {
                long c0 = mx.getCurrentThreadCpuTime();
                List<RunResult> rs = w.fast().train(cfg.get(j), data.get(j), Collections.nCopies(cfg.get(j).size(), TrainingListener.NONE));
                cpuNanos[j] = mx.getCurrentThreadCpuTime() - c0;
                steps[j] = rs.stream().mapToLong(RunResult::stepsTrained).sum();
            }, "bench-worker-" + i);
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        double secs = (System.nanoTime() - t0) / 1e9;
        double perCpu = 0;
        for (int i = 0; i < steps.length; i++) perCpu += steps[i] / (cpuNanos[i] / 1e9) / steps.length;
        return new double[] {Arrays.stream(steps).sum() / secs, perCpu};
    }

    // ------------------------------------------------------------------ resident memory over many runs

    private static void rss(int runs) throws IOException {
        // three shapes in turn, so workspaces are made and dropped as a farm worker's batches change shape
        List<RunConfig> shapes = List.of(
                RunConfig.defaults("modadd:p=23").with(new DataSpec(0.5, null, null, 0)).with(ModelConfig.mlp(1, 64, io.learncast.farm.config.Activation.RELU, 1.0))
                        .with(new BudgetConfig(300, 100, null)),
                RunConfig.defaults("sparse-parity:n=20,k=3").with(new DataSpec(null, 1000, 2000, 0)).with(ModelConfig.mlp(1, 32, io.learncast.farm.config.Activation.TANH, 1.0))
                        .with(new OptimConfig(io.learncast.farm.config.Optimizer.SGD, 0.1, 0, 32)).with(new BudgetConfig(300, 100, null)),
                RunConfig.defaults("addition:digits=2").with(new DataSpec(0.3, null, null, 0)).with(ModelConfig.mlp(2, 32, io.learncast.farm.config.Activation.GELU, 1.0))
                        .with(new OptimConfig(io.learncast.farm.config.Optimizer.ADAM, 1e-3, 1e-4, 128)).with(new BudgetConfig(300, 100, null)));
        FastTrainer fast = new FastTrainer();
        int batch = fast.maxBatch();
        OUT.printf("Worker RSS over %d consecutive runs (fast trainer, batches of %d, 3 shapes in turn, datasets built per run as a worker does)%n", runs, batch);
        long[] rss = new long[runs + 1];
        long t0 = System.nanoTime();
        int done = 0;
        int b = 0;
        while (done < runs) {
            RunConfig shape = shapes.get(b++ % shapes.size());
            int n = Math.min(batch, runs - done);
            List<RunConfig> cfg = new ArrayList<>();
            List<Dataset> data = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                RunConfig c = shape.withReplica(0x255, done + i);
                cfg.add(c);
                data.add(Workload.data(c));
            }
            fast.train(cfg, data, Collections.nCopies(n, TrainingListener.NONE));
            done += n;
            rss[done] = rssKb();
            for (int i = done - n + 1; i < done; i++) rss[i] = rss[done];
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int warm = Math.min(runs, 100);
        long max = Arrays.stream(rss, warm, runs + 1).max().orElse(0);
        OUT.printf("RSS after run %d: %d MB; after run %d: %d MB; max after run %d: %d MB; growth %+.1f %% (%.1f s, %.0f runs/s)%n", warm, rss[warm] / 1024,
                runs, rss[runs] / 1024, warm, max / 1024, 100.0 * (rss[runs] - rss[warm]) / rss[warm], secs, runs / secs);
        Nd4jRuntime.releaseThreadMemory();
    }

    /** As {@link #rss}, for transformers: three shapes (1 and 2 blocks, with and without LayerNorm, three tasks) in turn. */
    private static void rssTransformer(int runs, boolean trace) throws IOException {
        record Shape(RunConfig config, io.learncast.farm.train.transformer.TransformerShape shape) {}
        List<Shape> shapes = List.of(
                new Shape(RunConfig.defaults("modadd:p=23").with(new DataSpec(0.5, null, null, 0)).with(new BudgetConfig(100, 50, null)),
                        io.learncast.farm.train.transformer.TransformerShape.of(1, 32, 4)),
                new Shape(RunConfig.defaults("sparse-parity:n=12,k=3").with(new DataSpec(null, 500, 1000, 0))
                        .with(new OptimConfig(io.learncast.farm.config.Optimizer.SGD, 0.1, 0, 32)).with(new BudgetConfig(100, 50, null)),
                        io.learncast.farm.train.transformer.TransformerShape.of(1, 16, 2).withLayerNorm(true)),
                new Shape(RunConfig.defaults("addition:digits=1").with(new DataSpec(0.6, null, null, 0))
                        .with(new OptimConfig(io.learncast.farm.config.Optimizer.ADAM, 1e-3, 1e-4, 16)).with(new BudgetConfig(100, 50, null)),
                        io.learncast.farm.train.transformer.TransformerShape.of(2, 24, 3).withLayerNorm(true)));
        int batch = FastTrainer.MAX_BATCH;
        OUT.printf("Worker RSS over %d consecutive transformer runs (fast trainer, batches of %d, 3 shapes in turn, datasets built per run)%n", runs, batch);
        long[] rss = new long[runs + 1];
        long t0 = System.nanoTime();
        int done = 0;
        int b = 0;
        while (done < runs) {
            Shape shape = shapes.get(b++ % shapes.size());
            int n = Math.min(batch, runs - done);
            List<RunConfig> cfg = new ArrayList<>();
            List<Dataset> data = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                RunConfig c = shape.config().withReplica(0x256, done + i);
                cfg.add(c);
                data.add(Workload.data(c));
            }
            new io.learncast.farm.train.fast.FastTransformerTrainer(shape.shape()).train(cfg, data, Collections.nCopies(n, TrainingListener.NONE));
            done += n;
            rss[done] = rssKb();
            for (int i = done - n + 1; i < done; i++) rss[i] = rss[done];
            if (trace) OUT.printf("  after run %d: RSS %d MB, heap committed %d MB, used %d MB%n", done, rss[done] / 1024,
                    Runtime.getRuntime().totalMemory() >> 20, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int warm = Math.min(runs, 100);
        long max = Arrays.stream(rss, warm, runs + 1).max().orElse(0);
        OUT.printf("RSS after run %d: %d MB; after run %d: %d MB; max after run %d: %d MB; growth %+.1f %% (%.1f s, %.0f runs/s)%n", warm, rss[warm] / 1024,
                runs, rss[runs] / 1024, warm, max / 1024, 100.0 * (rss[runs] - rss[warm]) / rss[warm], secs, runs / secs);
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    // ------------------------------------------------------------------ helpers

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static void table(List<String> head, List<String[]> rows) {
        int[] w = new int[head.size()];
        for (int i = 0; i < w.length; i++) w[i] = head.get(i).length();
        for (String[] r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < w.length; i++) sb.append(String.format("%-" + (w[i] + 2) + "s", head.get(i)));
        OUT.println(sb.toString().stripTrailing());
        for (String[] r : rows) {
            sb.setLength(0);
            for (int i = 0; i < w.length; i++) sb.append(String.format(i == 0 ? "%-" + (w[i] + 2) + "s" : "%" + w[i] + "s  ", r[i]));
            OUT.println(sb.toString().stripTrailing());
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + a);
            String k = a.substring(2);
            int eq = k.indexOf('=');
            if (eq >= 0) m.put(k.substring(0, eq), k.substring(eq + 1));
            else if (i + 1 < args.length && !args[i + 1].startsWith("--")) m.put(k, args[++i]);
            else m.put(k, "");
        }
        return m;
    }
}
