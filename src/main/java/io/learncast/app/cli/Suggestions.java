package io.learncast.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * "Did you mean …?" for a command or flag that does not exist, as git answers a misspelt command: the
 * closest names by edit distance, and commands of that exact name deeper in the tree
 * ({@code learncast fit} → {@code forecast fit, verdict fit}).
 */
final class Suggestions {
    private Suggestions() {}

    /** At most this many suggestions. */
    private static final int MAX = 4;

    /**
     * The line to print for an argument picocli could not match, or null when it is neither an unknown
     * command nor an unknown flag (an extra value: the generic message says it better).
     */
    static String explain(CommandLine.UnmatchedArgumentException ex) {
        CommandLine cl = ex.getCommandLine();
        List<String> unmatched = ex.getUnmatched();
        if (unmatched == null || unmatched.isEmpty()) return null;
        String first = unmatched.get(0);
        CommandSpec spec = cl.getCommandSpec();
        String where = spec.qualifiedName();
        if (first.startsWith("-") && first.length() > 1 && !isNumber(first)) {
            String flag = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            List<String> close = closeFlags(spec, flag);
            return where + ": unknown option '" + flag + "'." + (close.isEmpty() ? " See `" + where + " --help` for the options."
                    : " Did you mean: " + String.join(", ", close) + "?");
        }
        if (!cl.getSubcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            List<String> close = closeCommands(cl, first);
            return where + ": '" + first + "' is not a command." + (close.isEmpty() ? " See `" + where + " --help` for the commands."
                    : " Did you mean: " + String.join(", ", close) + "?");
        }
        return null;
    }

    /**
     * An option of an argument group given twice ({@code forecast --lr 1e-3 … --lr 0.1}): picocli reports it as two
     * matches of the whole group; say which option, or null for any other error.
     */
    static String repeated(CommandLine.ParameterException ex) {
        String msg = String.valueOf(ex.getMessage());
        if (!msg.contains("expected only one match but got")) return null;
        java.util.Map<String, List<String>> seen = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("=\\{([^}]*)}").matcher(msg);
        while (m.find()) {
            for (String part : m.group(1).trim().split("\\s+(?=-)")) {
                int eq = part.indexOf('=');
                String name = eq < 0 ? part : part.substring(0, eq);
                if (name.startsWith("-")) seen.computeIfAbsent(name, k -> new ArrayList<>()).add(part);
            }
        }
        for (var e : seen.entrySet()) {
            if (e.getValue().size() > 1) {
                return ex.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getKey() + " is given more than once ("
                        + String.join(", ", e.getValue()) + "). Give it once.";
            }
        }
        return null;
    }

    /** Subcommands of {@code cl} near {@code word}, then commands anywhere below it named (nearly) so, as paths from {@code cl}. */
    static List<String> closeCommands(CommandLine cl, String word) {
        String w = word.toLowerCase(Locale.ROOT);
        List<Scored> found = new ArrayList<>();
        collect(cl, "", w, found, 0);
        found.sort(Comparator.comparingInt(Scored::score).thenComparingInt(s -> s.name().split(" ").length).thenComparing(Scored::name));
        Set<String> out = new LinkedHashSet<>();
        for (Scored s : found) if (out.size() < MAX) out.add(s.name());
        return List.copyOf(out);
    }

    private static void collect(CommandLine cl, String path, String word, List<Scored> into, int depth) {
        for (var e : cl.getSubcommands().entrySet()) {
            String name = e.getKey();
            if (name.equals("help") && depth == 0 && !word.equals("help")) continue;
            String full = path.isEmpty() ? name : path + " " + name;
            int d = distance(word, name.toLowerCase(Locale.ROOT));
            // deeper commands only by their exact name (or a slip of one letter): `fit` → forecast fit, verdict fit
            int limit = depth == 0 ? allowed(word) : Math.min(1, allowed(word));
            if (d <= limit || (depth == 0 && word.length() >= 3 && name.startsWith(word))) into.add(new Scored(full, d + depth));
            if (depth < 2) collect(e.getValue(), full, word, into, depth + 1);
        }
    }

    /** Flags of {@code spec} near {@code flag} ({@code _} and {@code -} are treated alike). */
    static List<String> closeFlags(CommandSpec spec, String flag) {
        String f = norm(flag);
        List<Scored> found = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            String best = null;
            int bestD = Integer.MAX_VALUE;
            for (String n : o.names()) {
                int d = distance(f, norm(n));
                if (d < bestD) {
                    bestD = d;
                    best = o.longestName();
                }
            }
            String bare = f.replaceFirst("^-+", "");
            boolean prefix = bare.length() >= 3 && o.longestName().replaceFirst("^-+", "").startsWith(bare);
            if (best != null && (bestD <= allowed(bare) || prefix)) found.add(new Scored(best, prefix ? Math.min(bestD, 1) : bestD));
        }
        found.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
        Set<String> out = new LinkedHashSet<>();
        for (Scored s : found) if (out.size() < MAX) out.add(s.name());
        return List.copyOf(out);
    }

    private record Scored(String name, int score) {}

    private static String norm(String flag) {
        String f = flag.toLowerCase(Locale.ROOT).replace('_', '-');
        return f.startsWith("--") || f.length() <= 2 ? f : "-" + f; // -width as --width
    }

    /** Edits tolerated for a word of this length: one for short words, about a third of longer ones. */
    private static int allowed(String word) {
        return Math.max(1, Math.min(3, word.length() / 3));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Damerau–Levenshtein distance (optimal string alignment): a swapped pair of letters is one edit. */
    static int distance(String a, String b) {
        int n = a.length(), m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[n][m];
    }
}
