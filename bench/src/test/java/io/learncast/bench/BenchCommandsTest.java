package io.learncast.bench;

import io.learncast.app.cli.Cli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With this module on the class path, the benchmarks are where the README documents them, under the CLI's error policy. */
class BenchCommandsTest {

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyBenchmarkCommandIsInTheTreeAndHelpStaysLast() {
        CommandLine root = Cli.commandLine(System.out, System.err);
        List<String> top = new ArrayList<>(root.getSubcommands().keySet());
        assertEquals("help", top.get(top.size() - 1), top.toString());
        assertEquals("bench", top.get(top.size() - 2), top.toString());
        for (String[] cmd : List.of(new String[] {"bench", "faults"}, new String[] {"bench", "share"}, new String[] {"corpus", "bench"},
                new String[] {"forecast", "bench"}, new String[] {"grow", "bench"},
                new String[] {"dashboard", "bench"})) {
            Result r = run(cmd[0], cmd[1], "--help");
            assertEquals(0, r.code(), String.join(" ", cmd) + ": " + r.err());
            assertTrue(r.out().contains("Usage: learncast " + cmd[0] + " " + cmd[1] + " "), r.out());
        }
    }

    @Test
    void aBenchmarksBadInputIsOneClearLineAndExitTwo() {
        Result r = run("bench", "faults", "--scenarios", "nosuch");
        assertEquals(Cli.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().startsWith("error: --scenarios: unknown scenario 'nosuch'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
