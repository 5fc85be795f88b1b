package io.learncast.bench.farm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A grid spec as the fuzzer edits it: ordered top-level keys, each holding YAML text or a block of
 * {@code key: text} lines. Mutations write any text at any path, so values stay text, not typed fields.
 */
final class SpecText {
    private sealed interface Node {}

    private record Text(String yaml) implements Node {}

    private record Block(Map<String, String> lines) implements Node {}

    private final Map<String, Node> keys = new LinkedHashMap<>();

    /** A valid spec. */
    static SpecText base() {
        SpecText s = new SpecText();
        s.keys.put("name", new Text("fuzz-base"));
        s.keys.put("property", block("task", "\"modadd:p=5\"", "metric", "test_acc", "threshold", "0.95", "hold", "1"));
        s.keys.put("axes", block("width", "[4, 6]", "wd", "[0]", "lr", "[1e-2]", "train_frac", "[0.6]", "batch", "[full]", "budgets", "[20]"));
        s.keys.put("eval_every", new Text("10"));
        s.keys.put("seeds", new Text("1"));
        s.keys.put("sampling", new Text("grid"));
        return s;
    }

    private static Block block(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return new Block(m);
    }

    /**
     * Sets {@code path} ({@code key} or {@code key.field}) to YAML text, or removes it when {@code yaml} is null. A
     * field of a key that another mutation already replaced by text is left alone: the spec is invalid anyway.
     */
    SpecText set(String path, String yaml) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            if (yaml == null) keys.remove(path);
            else keys.put(path, new Text(yaml));
            return this;
        }
        if (!(keys.get(path.substring(0, dot)) instanceof Block b)) return this;
        if (yaml == null) b.lines().remove(path.substring(dot + 1));
        else b.lines().put(path.substring(dot + 1), yaml);
        return this;
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        keys.forEach((k, v) -> {
            if (v instanceof Block b) {
                sb.append(k).append(":\n");
                b.lines().forEach((f, t) -> sb.append("  ").append(f).append(": ").append(t).append('\n'));
            } else {
                sb.append(k).append(": ").append(((Text) v).yaml()).append('\n');
            }
        });
        return sb.toString();
    }
}
