package io.learncast.data;

import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.data.tasks.AdditionTask;
import io.learncast.data.tasks.CsvTask;
import io.learncast.data.tasks.ModularTask;
import io.learncast.data.tasks.ParityTask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** The built-in tasks, their parameters, and validation of task specs. */
public final class TaskCatalog {

    /** One parameter of a task: its name, what it means, and its allowed values. */
    public record Param(String name, String meaning, String allowed, String defaultValue, boolean integer) {}

    /** A task kind: how to describe it and how to build it from a validated spec and a seed. */
    public record Definition(String name, String description, boolean finite, List<Param> params,
                             BiFunction<TaskSpec, Long, Task> factory) {}

    private static final Map<String, Definition> TASKS = new LinkedHashMap<>();

    static {
        Param p = new Param("p", "the modulus", "an integer 2–2000", null, true);
        Param prime = new Param("p", "the modulus", "a prime 2–2000", null, true);
        add(new Definition("modadd", "(a + b) mod p over all p² pairs; inputs are the operand tokens a, b", true, List.of(p),
                (s, seed) -> new ModularTask(s, ModularTask.Op.ADD, s.intParam("p"))));
        add(new Definition("modsub", "(a − b) mod p over all p² pairs", true, List.of(p),
                (s, seed) -> new ModularTask(s, ModularTask.Op.SUB, s.intParam("p"))));
        add(new Definition("modmul", "(a · b) mod p over all p² pairs (p prime)", true, List.of(prime),
                (s, seed) -> new ModularTask(s, ModularTask.Op.MUL, s.intParam("p"))));
        add(new Definition("addition", "multi-digit addition: 2·digits digit tokens in, the sum as one class out", true,
                List.of(new Param("digits", "digits per operand", "an integer 1–4 (at most 20000 classes)", null, true),
                        new Param("base", "number base", "an integer 2–16", "10", true)),
                (s, seed) -> new AdditionTask(s, s.intParam("digits"), s.intParam("base"))));
        add(new Definition("parity", "parity of all n ±1 bits", false,
                List.of(new Param("n", "number of bits", "an integer 1–64", null, true)),
                (s, seed) -> {
                    int n = s.intParam("n");
                    int[] all = new int[n];
                    Arrays.setAll(all, i -> i);
                    return new ParityTask(s, n, all);
                }));
        add(new Definition("sparse-parity", "parity of a hidden k-subset of n ±1 bits; the subset is chosen by the seed", false,
                List.of(new Param("n", "number of bits", "an integer 1–64", null, true),
                        new Param("k", "size of the hidden subset", "an integer 1–n", null, true)),
                (s, seed) -> new ParityTask(s, s.intParam("n"), hiddenSubset(s.intParam("n"), s.intParam("k"), seed))));
        add(new Definition("csv", "a user's own table: numeric feature columns and one label column", true,
                List.of(new Param("path", "the CSV file (with a header row)", "a readable file", null, false),
                        new Param("label", "the label column's name", "a column of the file", null, false)),
                (s, seed) -> CsvTask.read(s)));
    }

    private TaskCatalog() {}

    /** Set on threads that must never open a file a task names (the HTTP service's): a CSV task is refused instead. */
    private static final ThreadLocal<Boolean> NO_FILES = ThreadLocal.withInitial(() -> false);

    /**
     * Runs {@code work} with file-reading tasks refused on this thread: a CSV task then fails with one fixed
     * message before its path is looked at, so nothing reveals whether the file exists or what it holds.
     */
    public static <T> T withoutFiles(java.util.function.Supplier<T> work) {
        boolean before = NO_FILES.get();
        NO_FILES.set(true);
        try {
            return work.get();
        } finally {
            NO_FILES.set(before);
        }
    }

    /** Whether tasks may read files on this thread. */
    public static boolean filesAllowed() { return !NO_FILES.get(); }

    private static void add(Definition d) { TASKS.put(d.name(), d); }

    public static List<Definition> all() { return List.copyOf(TASKS.values()); }

    public static Definition definition(String name, String where) {
        Definition d = TASKS.get(name);
        if (d == null) {
            throw new UserError(where, "unknown task '" + name + "'", "allowed: " + String.join(", ", TASKS.keySet()) + "; run `learncast tasks`");
        }
        return d;
    }

    /**
     * Checks a spec against its task's parameters and fills in defaults; returns the completed spec.
     * Every problem names {@code where} (the flag or field) and the allowed values.
     */
    public static TaskSpec validate(TaskSpec spec, String where) {
        Definition d = definition(spec.name(), where);
        Map<String, String> values = new LinkedHashMap<>(spec.params());
        for (String key : values.keySet()) {
            if (d.params().stream().noneMatch(p -> p.name().equals(key))) {
                throw new UserError(where, "task " + d.name() + " has no parameter '" + key + "'", "it takes " + describeParams(d));
            }
        }
        for (Param p : d.params()) {
            String v = values.get(p.name());
            if (v == null) {
                if (p.defaultValue() == null) {
                    throw new UserError(where, "task " + d.name() + " needs parameter " + p.name() + " (" + p.meaning() + ")",
                            "e.g. " + example(d));
                }
                values.put(p.name(), p.defaultValue());
            } else if (p.integer()) {
                try {
                    values.put(p.name(), Integer.toString(Integer.parseInt(v)));
                } catch (NumberFormatException e) {
                    throw new UserError(where, d.name() + " parameter " + p.name() + "='" + v + "' is not a whole number", p.name() + " must be " + p.allowed());
                }
            }
        }
        TaskSpec out = new TaskSpec(d.name(), values);
        checkRanges(out, where);
        return out;
    }

    private static void checkRanges(TaskSpec s, String where) {
        switch (s.name()) {
            case "modadd", "modsub" -> range(s, "p", 2, 2000, where);
            case "modmul" -> {
                range(s, "p", 2, 2000, where);
                if (!isPrime(s.intParam("p"))) {
                    throw new UserError(where, "modmul needs a prime modulus, " + s.intParam("p") + " is composite",
                            "use a prime such as " + nearestPrimes(s.intParam("p")));
                }
            }
            case "addition" -> {
                range(s, "digits", 1, 4, where);
                range(s, "base", 2, 16, where);
                long max = (long) Math.pow(s.intParam("base"), s.intParam("digits"));
                if (2 * (max - 1) + 1 > 20_000) {
                    throw new UserError(where, "addition with " + s.intParam("digits") + " digits in base " + s.intParam("base") + " has " + (2 * (max - 1) + 1) + " classes",
                            "at most 20000 classes: use fewer digits or a smaller base");
                }
            }
            case "parity" -> range(s, "n", 1, 64, where);
            case "sparse-parity" -> {
                range(s, "n", 1, 64, where);
                range(s, "k", 1, s.intParam("n"), where);
            }
            default -> { }
        }
    }

    private static void range(TaskSpec s, String key, int lo, int hi, String where) {
        int v = s.intParam(key);
        if (v < lo || v > hi) {
            throw new UserError(where, s.name() + " parameter " + key + "=" + v + " is out of range", key + " must be between " + lo + " and " + hi);
        }
    }

    /** Validates the spec and builds the task; {@code dataSeed} chooses anything hidden (e.g. a sparse-parity subset). */
    public static Task create(TaskSpec spec, long dataSeed, String where) {
        TaskSpec valid = validate(spec, where);
        return definition(valid.name(), where).factory().apply(valid, dataSeed);
    }

    static int[] hiddenSubset(int n, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(Seeds.derive(seed, "sparse-parity-subset"));
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] subset = Arrays.copyOf(idx, k);
        Arrays.sort(subset);
        return subset;
    }

    public static boolean isPrime(int v) {
        if (v < 2) return false;
        for (int d = 2; (long) d * d <= v; d++) if (v % d == 0) return false;
        return true;
    }

    private static String nearestPrimes(int v) {
        List<String> out = new ArrayList<>();
        for (int d = v - 1; d >= 2 && out.isEmpty(); d--) if (isPrime(d)) out.add(Integer.toString(d));
        for (int u = v + 1; out.size() < 2; u++) if (isPrime(u)) out.add(Integer.toString(u));
        return String.join(" or ", out);
    }

    public static String describeParams(Definition d) {
        if (d.params().isEmpty()) return "no parameters";
        return d.params().stream().map(p -> p.name() + " (" + p.allowed() + (p.defaultValue() != null ? ", default " + p.defaultValue() : "") + ")")
                .collect(Collectors.joining(", "));
    }

    public static String example(Definition d) {
        return switch (d.name()) {
            case "modadd", "modsub" -> d.name() + ":p=97";
            case "modmul" -> "modmul:p=97";
            case "addition" -> "addition:digits=2";
            case "parity" -> "parity:n=10";
            case "sparse-parity" -> "sparse-parity:n=20,k=3";
            case "csv" -> "csv:path=data.csv,label=y";
            default -> d.name();
        };
    }
}
