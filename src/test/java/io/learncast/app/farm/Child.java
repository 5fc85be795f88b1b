package io.learncast.app.farm;

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
 * A real {@code learncast} process: a child JVM on this test's class path running
 * {@code io.learncast.app.Main}, with its output collected line by line.
 */
final class Child implements AutoCloseable {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final String name;

    private Child(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
            }
        }, "child-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static Child start(String name, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector"); // the fast trainer's SIMD kernels, as the launcher runs them
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.learncast.app.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("LEARNCAST_NO_PROGRESS", "1");
        pb.environment().remove("LEARNCAST_DB");
        pb.environment().remove("LEARNCAST_DB_PASSWORD");
        pb.environment().remove("LEARNCAST_DB_PASSWORD_FILE");
        pb.environment().putAll(env);
        return new Child(name, pb.start());
    }

    long pid() { return process.pid(); }

    /** Waits for a line matching {@code p}; fails if the process ends or time runs out first. */
    String awaitLine(Predicate<String> p, long seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            for (String l : lines) if (p.test(l)) return l;
            if (!process.isAlive()) {
                Thread.sleep(200);
                for (String l : lines) if (p.test(l)) return l;
                throw new AssertionError(name + " ended (exit " + process.exitValue() + ") before printing the expected line:\n" + output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " did not print the expected line within " + seconds + " s:\n" + output());
    }

    /** Waits for the process to end; returns its exit code. */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still running after " + seconds + " s:\n" + output());
        }
        Thread.sleep(100); // let the reader drain the last lines
        return process.exitValue();
    }

    String output() { return String.join("\n", lines); }

    /** Sends a signal by name (KILL, STOP, CONT, TERM) with the system's kill command. */
    void signal(String sig) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid())).redirectErrorStream(true).start();
        if (k.waitFor() != 0) throw new AssertionError("kill -" + sig + " " + pid() + " failed: " + new String(k.getInputStream().readAllBytes()));
    }

    /** Keeps the children's output in target/child-logs/TEST for diagnosis. */
    static void writeLog(String test, Child... children) {
        Path dir = Path.of("target", "child-logs", test);
        for (Child c : children) {
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(c.name + ".log"), c.output());
            } catch (IOException ignored) {
                // diagnostics only
            }
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
