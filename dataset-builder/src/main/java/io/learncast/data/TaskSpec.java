package io.learncast.data;

import io.learncast.common.UserError;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task and its parameters, written {@code name:key=value,key=value} (e.g. {@code modadd:p=97},
 * {@code sparse-parity:n=20,k=3}). The canonical form sorts parameters, so equal specs print equally.
 */
public record TaskSpec(String name, Map<String, String> params) {

    public TaskSpec {
        if (name == null || name.isBlank()) throw new UserError("task", "the task name is empty", "e.g. modadd:p=97; run `learncast tasks`");
        name = name.trim().toLowerCase(java.util.Locale.ROOT);
        params = Collections.unmodifiableMap(new TreeMap<>(params == null ? Map.of() : params));
    }

    public static TaskSpec of(String name, Object... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) m.put(String.valueOf(keyValues[i]), String.valueOf(keyValues[i + 1]));
        return new TaskSpec(name, m);
    }

    /** Parses {@code name:key=value,...}; {@code where} names the flag or field for error messages. */
    public static TaskSpec parse(String text, String where) {
        if (text == null || text.isBlank()) {
            throw new UserError(where, "no task given", "e.g. modadd:p=97; run `learncast tasks` for the list");
        }
        String t = text.trim();
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            String rest = t.substring(colon + 1);
            if (!rest.isBlank()) {
                for (String kv : rest.split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0 || eq == kv.length() - 1) {
                        throw new UserError(where, "cannot read parameter '" + kv.trim() + "' of task '" + name + "'",
                                "write parameters as key=value, e.g. modadd:p=97 or sparse-parity:n=20,k=3");
                    }
                    String key = kv.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
                    if (params.put(key, kv.substring(eq + 1).trim()) != null) {
                        throw new UserError(where, "parameter '" + key + "' is given twice", "give each parameter once");
                    }
                }
            }
        }
        return new TaskSpec(name, params);
    }

    public String param(String key) { return params.get(key); }

    public int intParam(String key) { return Integer.parseInt(params.get(key)); }

    /** The canonical text form, e.g. {@code sparse-parity:k=3,n=20}. */
    public String canonical() {
        if (params.isEmpty()) return name;
        StringBuilder sb = new StringBuilder(name).append(':');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!first) sb.append(',');
            sb.append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return sb.toString();
    }

    @Override
    public String toString() { return canonical(); }
}
