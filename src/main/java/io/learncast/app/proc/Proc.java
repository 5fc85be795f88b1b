package io.learncast.app.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child JVM on this process's class path (the learncast CLI or a {@link FaultWorker}), with its
 * output collected line by line; signals are sent with the system's {@code kill}. The fault bench and
 * the multi-process tests both drive their children through it.
 */
public final class Proc implements AutoCloseable {
    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    /** Children still running when this JVM exits (Ctrl-C, SIGTERM) are killed with it, not left behind. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-children"));
    }

    private Proc(String name, Process process) {
        this.name = name;
        this.process = process;
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
            }
        }, "bench-child-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The learncast command line in a child JVM. */
    public static Proc cli(String name, Map<String, String> env, String... args) throws IOException {
        return java(name, env, "io.learncast.app.Main", args);
    }

    /**
     * The learncast command line in a child JVM that computes little — a status query, a help page, a server or reader that
     * mostly waits — whose JIT stops at C1 ({@code -XX:TieredStopAtLevel=1}): a start costs about half the CPU (measured
     * 2026-12-06, {@code --help} on the test class path: 1.5 → 0.9 CPU-s). Not for a child that trains or fits: its loops want C2.
     */
    public static Proc cliLight(String name, Map<String, String> env, String... args) throws IOException {
        return start(name, env, true, "io.learncast.app.Main", args);
    }

    public static Proc java(String name, Map<String, String> env, String mainClass, String... args) throws IOException {
        return start(name, env, false, mainClass, args);
    }

    /** {@link #java} for a child that computes little (see {@link #cliLight}). */
    public static Proc javaLight(String name, Map<String, String> env, String mainClass, String... args) throws IOException {
        return start(name, env, true, mainClass, args);
    }

    private static Proc start(String name, Map<String, String> env, boolean light, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-XX:+UseSerialGC");
        // LEARNCAST_CHILD_FULL_JIT=1: every child with C2, to measure what the light ones save
        if (light && !"1".equals(System.getenv("LEARNCAST_CHILD_FULL_JIT"))) cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("LEARNCAST_NO_PROGRESS", "1");
        pb.environment().remove("LEARNCAST_DB");
        pb.environment().remove("LEARNCAST_DB_PASSWORD");
        pb.environment().remove("LEARNCAST_DB_PASSWORD_FILE");
        pb.environment().putAll(env);
        return new Proc(name, pb.start());
    }

    public String name() { return name; }

    public long pid() { return process.pid(); }

    public boolean alive() { return process.isAlive(); }

    /** Waits for a line matching {@code p}; throws if the process ends or time runs out first. */
    public String awaitLine(Predicate<String> p, long seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            for (String l : lines) if (p.test(l)) return l;
            if (!process.isAlive()) {
                reader.join(2000);
                for (String l : lines) if (p.test(l)) return l;
                throw new IllegalStateException(name + " ended (exit " + process.exitValue() + ") before printing the expected line:\n" + tail());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(name + " did not print the expected line within " + seconds + " s:\n" + tail());
    }

    /** Waits for the process to end and its output to be read; returns the exit code. */
    public int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still running after " + seconds + " s:\n" + tail());
        }
        reader.join(5000);
        return process.exitValue();
    }

    /** Every line printed so far (a live, thread-safe view). */
    public List<String> lines() { return lines; }

    public String output() { return String.join("\n", lines); }

    public String tail() {
        int n = lines.size();
        return String.join("\n", lines.subList(Math.max(0, n - 30), n));
    }

    /** Sends a signal by name (KILL, STOP, CONT, TERM). */
    public void signal(String sig) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid())).redirectErrorStream(true).start();
        if (k.waitFor() != 0) throw new IllegalStateException("kill -" + sig + " " + pid() + " failed: " + new String(k.getInputStream().readAllBytes()));
    }

    /** kill -9, then waits until the process is gone and its last output read; false if it had already ended. */
    public boolean kill9() throws IOException, InterruptedException {
        boolean killed = process.isAlive() && new ProcessBuilder("kill", "-KILL", Long.toString(pid())).start().waitFor() == 0;
        await(30);
        return killed;
    }

    public void saveLog(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".log"), output());
        } catch (IOException ignored) {
            // diagnostics only
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
