package io.learncast.farm.grid;

import io.learncast.common.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Every kind of bad spec is a UserError at the field's path, saying what is wrong and what is allowed. */
class GridSpecValidationTest {
    @TempDir Path dir;

    static final String OK_PROPERTY = "property: {task: \"modadd:p=23\"}\n";

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                // unknown keys, with a suggestion
                Arguments.of(OK_PROPERTY + "axes: {widht: [16]}", "axes.widht", "unknown key 'widht'", "did you mean 'width'"),
                Arguments.of(OK_PROPERTY + "seed: 3", "seed", "unknown key 'seed'", "seeds"),
                Arguments.of("property: {task: \"modadd:p=23\", treshold: 0.9}", "property.treshold", "unknown key", "threshold"),
                Arguments.of(OK_PROPERTY + "axes: {lr: {log: [1e-4, 1e-1], n: 3, step: 2}}", "axes.lr.step", "unknown key", "log, lin, n"),
                Arguments.of(OK_PROPERTY + "sampling: {sobel: 10}", "sampling.sobel", "unknown key", "did you mean 'sobol'"),
                // wrong types
                Arguments.of(OK_PROPERTY + "axes: {width: [16, abc]}", "axes.width[1]", "expected a whole number, got 'abc'", "hidden units per layer"),
                Arguments.of(OK_PROPERTY + "axes: {width: [16.5]}", "axes.width[0]", "expected a whole number, got 16.5", "hidden units"),
                Arguments.of(OK_PROPERTY + "axes: {lr: [true]}", "axes.lr[0]", "expected a number, got the boolean true", "learning rate"),
                Arguments.of(OK_PROPERTY + "axes: {wd: [[1, 2]]}", "axes.wd[0]", "expected a value, got a list", "weight decay"),
                Arguments.of(OK_PROPERTY + "seeds: two", "seeds", "expected a whole number, got 'two'", "replicas per config"),
                Arguments.of(OK_PROPERTY + "axes: [width]", "axes", "expected a mapping", "width"),
                Arguments.of("property: modadd", "property", "expected a mapping", "task"),
                Arguments.of(OK_PROPERTY + "axes: {activation: {lin: [0, 1], n: 2}}", "axes.activation", "only for numeric axes", "[relu, tanh]"),
                Arguments.of(OK_PROPERTY + "sampling: {sobol: many}", "sampling.sobol", "expected a whole number", "number of configs"),
                Arguments.of(OK_PROPERTY + "sampling: everything", "sampling", "unknown sampling 'everything'", "grid, {random: n}"),
                // empty axes and missing parts
                Arguments.of(OK_PROPERTY + "axes: {width: []}", "axes.width", "empty", "hidden units"),
                Arguments.of(OK_PROPERTY + "axes: {width: }", "axes.width", "empty", "at least one value"),
                Arguments.of("axes: {width: [16]}", "property", "missing", "property.task"),
                Arguments.of("property: {metric: test_acc}", "property.task", "missing", "modadd:p=97"),
                Arguments.of("", "spec", "empty", "property.task"),
                // impossible values, checked by the run config's own rules
                Arguments.of(OK_PROPERTY + "axes: {width: [16, 32, 0]}", "axes.width[2]", "width 0 is out of range", "1–4096"),
                Arguments.of(OK_PROPERTY + "axes: {depth: [1, 9]}", "axes.depth[1]", "depth 9 is out of range", "1–4"),
                Arguments.of(OK_PROPERTY + "axes: {lr: [1e-3, -1]}", "axes.lr[1]", "learning rate -1.0 is out of range", "positive"),
                Arguments.of(OK_PROPERTY + "axes: {wd: [-0.5]}", "axes.wd[0]", "weight decay -0.5 is out of range", "≥ 0"),
                Arguments.of(OK_PROPERTY + "axes: {train_frac: [0.5, 1.5]}", "axes.train_frac[1]", "outside (0, 1]", "greater than 0"),
                Arguments.of(OK_PROPERTY + "axes: {label_noise: [1]}", "axes.label_noise[0]", "outside [0, 1)", "fraction"),
                Arguments.of(OK_PROPERTY + "axes: {batch: [full, 0]}", "axes.batch[1]", "less than 1", "or full"),
                Arguments.of(OK_PROPERTY + "axes: {batch: [half]}", "axes.batch[0]", "expected a whole number", "or full"),
                Arguments.of(OK_PROPERTY + "axes: {activation: [relu, swish]}", "axes.activation[1]", "unknown activation 'swish'", "relu, tanh, gelu, quadratic"),
                Arguments.of(OK_PROPERTY + "axes: {optimizer: [lion]}", "axes.optimizer[0]", "unknown optimizer 'lion'", "sgd, adam, adamw"),
                Arguments.of(OK_PROPERTY + "axes: {init_scale: [0]}", "axes.init_scale[0]", "init scale 0.0 is out of range", "positive"),
                Arguments.of(OK_PROPERTY + "axes: {test_size: [0]}", "axes.test_size[0]", "less than 1", "whole number"),
                Arguments.of(OK_PROPERTY + "axes: {n_train: [100, 600]}", "axes.n_train[1]", "leaves no test examples", "at most 528"),
                Arguments.of(OK_PROPERTY + "axes: {train_frac: [0.5], n_train: [10]}", "axes.n_train", "both train_frac and n_train", "not both"),
                Arguments.of("property: {task: \"sparse-parity:n=40,k=3\"}\naxes: {train_frac: [0.5]}", "axes.train_frac", "possible examples for a train fraction", "n_train"),
                Arguments.of("property: {task: [\"modadd:p=23\", \"modmul:p=91\"]}", "property.task[1]", "composite", "prime"),
                Arguments.of("property: {task: [modadd:p=11, sparse-parity:n=40,k=3]}", "property.task[2]", "'k=3' looks like a task parameter", "quote tasks"),
                Arguments.of("property: {task: \"nope:p=3\"}", "property.task", "unknown task 'nope'", "modadd"),
                Arguments.of("property: {task: \"modadd:q=3\"}", "property.task", "no parameter 'q'", "p ("),
                Arguments.of("property: {task: \"modadd:p=23\", threshold: 1.5}", "property.threshold", "outside (0, 1]", "0.95"),
                Arguments.of("property: {task: \"modadd:p=23\", hold: -1}", "property.hold", "outside 0–100", "confirm"),
                Arguments.of("property: {task: \"modadd:p=23\", metric: f1}", "property.metric", "unknown metric 'f1'", "test_acc"),
                Arguments.of(OK_PROPERTY + "seeds: 0", "seeds", "0 is out of range", "1–1000"),
                Arguments.of(OK_PROPERTY + "eval_every: 0", "eval_every", "0 is out of range", "evaluation interval"),
                // to_budget: a yes/no field of the sweep, never guessed
                Arguments.of(OK_PROPERTY + "to_budget: maybe", "to_budget", "expected true or false, got 'maybe'", "full budget"),
                Arguments.of(OK_PROPERTY + "to_budget: 1", "to_budget", "expected true or false, got 1", "false (the default)"),
                Arguments.of(OK_PROPERTY + "to_budget: [true]", "to_budget", "expected true or false, got a list", "true: every run trains"),
                Arguments.of(OK_PROPERTY + "to_budjet: true", "to_budjet", "unknown key 'to_budjet'", "did you mean 'to_budget'"),
                // budgets
                Arguments.of(OK_PROPERTY + "axes: {budgets: [1000, 250]}", "axes.budgets[1]", "not a multiple of eval_every (100)", "fall on an evaluation"),
                Arguments.of(OK_PROPERTY + "axes: {budgets: [0]}", "axes.budgets[0]", "budget 0 is out of range", "multiples of eval_every"),
                Arguments.of(OK_PROPERTY + "axes: {budgets: {log: [100, 1000]}}", "axes.budgets", "needs n", "n: 4"),
                // ranges
                Arguments.of(OK_PROPERTY + "axes: {lr: {lin: [0.1, 0.01], n: 3}}", "axes.lr.lin", "low 0.1 is greater than high 0.01", "[low, high]"),
                Arguments.of(OK_PROPERTY + "axes: {wd: {log: [0, 1], n: 3}}", "axes.wd.log", "a log range needs low > 0, got 0.0", "use lin to include 0"),
                Arguments.of(OK_PROPERTY + "axes: {lr: {log: [-1, 1], n: 3}}", "axes.lr.log", "needs low > 0", "positive"),
                Arguments.of(OK_PROPERTY + "axes: {lr: {log: [1e-4], n: 3}}", "axes.lr.log", "expected [low, high]", "two numbers"),
                Arguments.of(OK_PROPERTY + "axes: {lr: {n: 3}}", "axes.lr", "needs log or lin", "{log: [1e-4, 1e-1], n: 7}"),
                Arguments.of(OK_PROPERTY + "axes: {lr: {log: [1e-4, 1], lin: [0, 1], n: 3}}", "axes.lr", "not both", "e.g."),
                Arguments.of(OK_PROPERTY + "axes: {lr: {log: [1e-4, 1e-1], n: 1}}", "axes.lr.n", "1 is out of range", "2–10000"),
                Arguments.of(OK_PROPERTY + "axes: {width: {lin: [0, 64], n: 3}}", "axes.width.lin[0]", "width 0 is out of range", "1–4096"),
                Arguments.of(OK_PROPERTY + "axes: {train_frac: {lin: [0.5, 2], n: 3}}", "axes.train_frac.lin[1]", "outside (0, 1]", "at most 1"),
                Arguments.of(OK_PROPERTY + "axes: {lr: {log: [1e-4, 1e-1]}}", "axes.lr", "continuous and cannot be enumerated", "sobol"),
                // sizes
                Arguments.of(OK_PROPERTY + "axes: {width: [8, 16]}\nsampling: {random: 3}", "sampling.random", "more than the 2 distinct configs", "sampling: grid"),
                Arguments.of(OK_PROPERTY + "axes: {width: {lin: [1, 4096], n: 4096}, lr: {log: [1e-4, 1], n: 100}}", "axes", "runs", "at most 250000"),
                // syntax
                Arguments.of("property: {task: [modadd:p=23\naxes: 3", "line 2, column", "not valid YAML", "fix the syntax"),
                Arguments.of("property: {task: \"modadd:p=23\"}\nseeds: 1\nseeds: 2", "line 3", "Duplicate field 'seeds'", "fix the syntax"),
                // one document and nothing after it (found by the hostile pass: these were enqueued with exit 0)
                Arguments.of(OK_PROPERTY + "---\n" + OK_PROPERTY, "line", "a second YAML document", "its own file"),
                Arguments.of(OK_PROPERTY + "...\nproperty: {task: [broken\n", "line", "", "fix the syntax"),
                Arguments.of(OK_PROPERTY + "...\n" + "seeds: 2\n", "line", "not valid YAML", "fix the syntax"),
                Arguments.of(OK_PROPERTY + "...\n---\n" + "seeds: 2\n", "line", "a second YAML document", "remove what follows"));
    }

    @Test
    void oneYamlDocumentWithItsMarkersIsStillASpec() {
        assertEquals(1, GridSpec.parse("---\n" + OK_PROPERTY + "...\n", "ok", false).runCount());
        assertEquals(1, GridSpec.parse("---\n" + OK_PROPERTY, "ok", false).runCount());
        assertEquals(1, GridSpec.parse("{\"property\": {\"task\": \"modadd:p=23\"}}\n\n", "ok", true).runCount());
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{\"property\": {\"task\": \"modadd:p=23\"}} garbage",
            "{\"property\": {\"task\": \"modadd:p=23\"}} {}", "{\"property\": {\"task\": \"modadd:p=23\"}}]"})
    void aJsonSpecWithTrailingContentIsRefused(String spec) throws Exception {
        Path f = Files.writeString(dir.resolve("trailing.json"), spec);
        UserError e = assertThrows(UserError.class, () -> GridSpec.read(f));
        assertTrue(e.where().startsWith(f + ": line 1"), e.getMessage());
        assertTrue(e.getMessage().contains("after the end of the JSON spec") || e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badSpecs")
    void aBadSpecIsAUserErrorAtItsPath(String spec, String path, String what, String allowed) {
        UserError e = assertThrows(UserError.class, () -> GridSpec.parse(spec, "bad", false).expand());
        assertTrue(e.where().startsWith(path), "reported at " + path + ", was: " + e.getMessage());
        assertTrue(e.getMessage().contains(what), "says what is wrong (" + what + "): " + e.getMessage());
        assertTrue(e.getMessage().contains(allowed), "says what is allowed (" + allowed + "): " + e.getMessage());
    }

    /** Mutated example specs (characters dropped, duplicated or replaced): each parses, or fails as a UserError with a place. */
    @Test
    void mangledSpecsNeverFailWithAnythingButAUserError() throws Exception {
        List<String> seeds = new java.util.ArrayList<>();
        try (var files = Files.list(Path.of("..", "grids"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) seeds.add(Files.readString(f));
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(8);
        String junk = "{}[],:- \n\"'#&*!|>%@`0123456789.eE+-nullfalsetrue~";
        int userErrors = 0;
        for (int i = 0; i < 160; i++) {
            StringBuilder t = new StringBuilder(seeds.get(i % seeds.size()));
            for (int m = 0, edits = 1 + rnd.nextInt(4); m < edits && t.length() > 1; m++) {
                int at = rnd.nextInt(t.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> t.deleteCharAt(at);
                    case 1 -> t.insert(at, junk.charAt(rnd.nextInt(junk.length())));
                    default -> t.setCharAt(at, junk.charAt(rnd.nextInt(junk.length())));
                }
            }
            try {
                GridSpec g = GridSpec.parse(t.toString(), "fuzz", false);
                if (g.runCount() <= 1000) assertEquals(g.runCount(), g.expand().size());
            } catch (UserError e) {
                userErrors++;
                assertNotNull(e.where(), e.getMessage());
                assertFalse(e.getMessage().isBlank());
            } catch (RuntimeException e) {
                fail("mutation " + i + " failed with " + e + " instead of a UserError:\n" + t, e);
            }
        }
        assertTrue(userErrors > 40, "most mutations are errors: " + userErrors);
    }

    @Test
    void badJsonIsReportedWithItsLine() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.json"), "{\n  \"property\": {\"task\": \"modadd:p=23\"},\n  \"axes\": {\"width\": [16,]}\n}");
        UserError e = assertThrows(UserError.class, () -> GridSpec.read(f));
        assertTrue(e.getMessage().startsWith(f + ": line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void aMissingOrBinaryFileIsAUserError() throws Exception {
        assertTrue(assertThrows(UserError.class, () -> GridSpec.read(dir.resolve("none.yaml"))).getMessage().contains("no such spec file"));
        Path bin = Files.write(dir.resolve("bin.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertTrue(assertThrows(UserError.class, () -> GridSpec.read(bin)).getMessage().contains("not UTF-8"));
    }
}
