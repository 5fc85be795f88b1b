package io.learncast.app.cli;

import io.learncast.app.proc.Proc;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command's and subcommand's help renders cleanly. Picocli reports a description it cannot format
 * (a lone '%', as in "95%") on its tracer, which writes to the standard error the JVM started with, so the
 * pages are rendered in a child JVM ({@link #main}) whose whole output is checked.
 */
class HelpTextTest {

    /** Renders every help page of the command tree, each after a line "== qualified name". */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        for (CommandLine c : tree(Cli.commandLine(out, out))) {
            out.println("== " + c.getCommandSpec().qualifiedName());
            c.usage(out);
        }
        out.flush();
    }

    static List<CommandLine> tree(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        for (CommandLine sub : c.getSubcommands().values()) {
            if (!into.contains(sub)) collect(sub, into); // aliases map to the same command
        }
    }

    @Test
    void everyHelpPageRendersWithoutAPicocliWarning() throws Exception {
        try (Proc p = Proc.javaLight("help-pages", Map.of(), HelpTextTest.class.getName())) {
            assertEquals(0, p.await(120), p.tail());
            String all = p.output();
            int pages = (int) p.lines().stream().filter(l -> l.startsWith("== ")).count();
            int expected = tree(Cli.commandLine(System.out, System.err)).size();
            assertEquals(expected, pages, "one page per command");
            assertTrue(pages > 30, "the whole tree is walked: " + pages);
            List<String> bad = p.lines().stream().filter(l -> l.contains("[picocli WARN]") || l.contains("[picocli ERROR]") || l.contains("%n")).toList();
            assertTrue(bad.isEmpty(), "picocli warnings or unformatted descriptions:\n" + String.join("\n", bad));
            assertTrue(all.contains("== learncast eval") && all.replaceAll("\\s+", " ").contains("95% group-bootstrap interval"), "eval's help keeps its 95%");
        }
    }

    @Test
    void helpThroughTheCommandLineExitsZero() {
        for (CommandLine c : tree(Cli.commandLine(System.out, System.err))) {
            String[] name = c.getCommandSpec().qualifiedName(" ").split(" ");
            List<String> args = new ArrayList<>(List.of(name).subList(1, name.length));
            if (!c.getCommandSpec().mixinStandardHelpOptions()) continue; // `help` itself
            args.add("--help");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, code, args + ": " + err);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: " + String.join(" ", name) + " "), args + ": " + out);
        }
    }
}
