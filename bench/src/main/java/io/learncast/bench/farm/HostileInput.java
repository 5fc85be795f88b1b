package io.learncast.bench.farm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * The attack classes a hostile pass found past the first fuzz, generated so their next variants are tried too:
 * store URLs whose keys fold to a forbidden setting (Unicode case folding, look-alikes, encodings), special files
 * as {@code --out} (devices, FIFOs, links, sockets), and oversized or over-compressed corpus records. Each must be
 * refused with one line and exit 2 (or, for a device or FIFO, written through and left as it was), run no code,
 * and write nothing to the store.
 */
final class HostileInput {
    private final BenchDb db;
    private final Path dir;
    private final Random random;

    HostileInput(BenchDb db, Path dir, Random random) {
        this.db = db;
        this.dir = dir;
        this.random = random;
    }

    // ------------------------------------------------------------ store URLs

    /** Letters that case-fold (or NFKC-normalise) to ASCII ones, as H2's upper-casing and Unicode would read them. */
    private static final Map<Character, String[]> LOOK_ALIKES = Map.of(
            'i', new String[] {"\u0131", "\u0130", "\uFF29", "\uFF49", "\u2170"},
            's', new String[] {"\u017F", "\uFF33", "\uFF53"},
            'k', new String[] {"\u212A", "\uFF2B"},
            'n', new String[] {"\uFF2E", "\uFF4E"},
            't', new String[] {"\uFF34", "\uFF54"},
            'a', new String[] {"\uFF21", "\u00AA"},
            'e', new String[] {"\uFF25", "\uFF45"});

    /** Settings that run code or load classes on connect, and others learncast does not allow. */
    private static final String[] H2_KEYS = {"INIT", "JAVA_OBJECT_SERIALIZER", "AUTHENTICATOR", "MODE", "CIPHER", "ACCESS_MODE_DATA", "SCHEMA"};
    private static final String[] PG_KEYS = {"socketFactory", "socketFactoryArg", "sslfactory", "sslhostnameverifier", "sslpasswordcallback",
            "authenticationPluginClassName", "loggerFile", "loggerLevel", "service", "options"};

    /** A spelling of {@code key} a driver might read as the key: look-alike letters, mixed case, percent-encoding. */
    String respell(String key) {
        StringBuilder sb = new StringBuilder();
        for (char c : key.toCharArray()) {
            char lower = Character.toLowerCase(c);
            String[] alikes = LOOK_ALIKES.get(lower);
            int r = random.nextInt(6);
            if (alikes != null && r < 2) sb.append(alikes[random.nextInt(alikes.length)]);
            else if (r == 2) sb.append(String.format("%%%02X", (int) c));
            else if (r == 3) sb.append(Character.isUpperCase(c) ? lower : Character.toUpperCase(c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /** URLs that must be refused; H2's INIT variants would write {@code canary} if they ever ran. */
    List<String> urlCases(int n, Path canary) {
        Set<String> out = new LinkedHashSet<>();
        String payload = "=CALL FILE_WRITE(STRINGTOUTF8('pwned'),'" + canary + "')";
        String[] bases = {"jdbc:h2:file:" + dir.resolve("url-store").resolve("x"), "jdbc:h2:mem:fuzz", "jdbc:h2:tcp://127.0.0.1:1/learncast"};
        out.add(bases[0] + ";\u0131n\u0131t" + payload); // the dotless ı the hostile pass used
        out.add(bases[0] + ";INIT" + payload);
        out.add(bases[2] + ";\u0131NIT" + payload);
        out.add(bases[1] + ";\uFF29\uFF2E\uFF29\uFF34" + payload);
        out.add(bases[1] + ";IN\\IT" + payload);
        out.add(bases[0] + ";LOCK_TIMEOUT=1;;INIT" + payload);
        out.add("jdbc:h2:file:zip:" + dir.resolve("x.zip") + "!/db");
        out.add("jdbc:h2:split:" + dir.resolve("x"));
        out.add("jdbc:postgresql://127.0.0.1:1/x?socket%46actory=java.lang.Object");
        out.add("jdbc:postgresql://127.0.0.1:1/x?SOCKETFACTORY=java.lang.Object");
        int guard = 0;
        while (out.size() < n && guard++ < 100 * n) {
            if (random.nextInt(3) > 0) {
                String key = H2_KEYS[random.nextInt(H2_KEYS.length)];
                String value = key.equals("INIT") ? payload : "=x";
                out.add(bases[random.nextInt(bases.length)] + ";" + respell(key) + value);
            } else {
                String key = PG_KEYS[random.nextInt(PG_KEYS.length)];
                out.add("jdbc:postgresql://127.0.0.1:1/x?" + respell(key) + "=java.lang.Object");
            }
        }
        return new ArrayList<>(out);
    }

    // ------------------------------------------------------------ special files as --out

    /** One --out target: what it is, and whether a command must write to it (true) or refuse it (false). */
    record Target(String kind, Path path, boolean writable, int type) {}

    private static final int S_IFMT = 0170000;

    static int type(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & S_IFMT;
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Makes the special files in {@code folder} (device nodes only where mknod is allowed, as root). */
    List<Target> targets(Path folder) throws Exception {
        Files.createDirectories(folder);
        List<Target> t = new ArrayList<>();
        Path nul = folder.resolve("null");
        if (run("mknod", nul.toString(), "c", "1", "3")) {
            t.add(new Target("character device", nul, true, type(nul)));
            Path link = Files.createSymbolicLink(folder.resolve("link-to-null"), nul);
            t.add(new Target("link to a character device", link, true, type(link)));
        }
        Path block = folder.resolve("block");
        if (run("mknod", block.toString(), "b", "7", "250")) t.add(new Target("block device", block, false, type(block)));
        Path fifo = folder.resolve("fifo");
        if (run("mkfifo", fifo.toString())) t.add(new Target("FIFO", fifo, true, type(fifo)));
        Path sock = folder.resolve("sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
        }
        t.add(new Target("socket", sock, false, type(sock)));
        Path dangling = Files.createSymbolicLink(folder.resolve("dangling"), folder.resolve("nowhere"));
        t.add(new Target("dangling link", dangling, false, type(dangling)));
        Path sub = Files.createDirectories(folder.resolve("a-folder"));
        t.add(new Target("folder", sub, false, type(sub)));
        return t;
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The commands that write --out, for a target. */
    List<String[]> outputCommands(String out) {
        String url = db.url();
        return List.of(new String[] {"corpus", "export", "--out", out, "--db", url}, new String[] {"corpus", "export", "--format", "csv", "--out", out, "--db", url},
                new String[] {"forecast", "features", "--out", out, "--db", url}, new String[] {"report", "--sections", "provenance", "--out", out, "--db", url});
    }

    /** Reads a FIFO while a command writes it (a FIFO blocks its writer until someone reads). */
    static CompletableFuture<byte[]> drain(Path fifo) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }

    // ------------------------------------------------------------ corpus files

    static String good(int replica) {
        return "{\"task\":\"modadd\",\"p\":23,\"train_frac\":0.5,\"steps\":1000,\"learned\":false,\"replica\":" + replica + "}";
    }

    /** Corpus files that must be refused whole (name → how it was made). */
    List<Path> corpusCases(Path folder) throws Exception {
        Files.createDirectories(folder);
        List<Path> out = new ArrayList<>();
        // a field too large for the store's column, after good records
        out.add(write(folder.resolve("big-field.jsonl"), good(0) + "\n" + good(1) + "\n"
                + "{\"task\":\"modadd\",\"p\":23,\"train_frac\":0.5,\"steps\":1000,\"learned\":false,\"notes\":\"" + "x".repeat(1_100_000) + "\"}\n"));
        out.add(write(folder.resolve("big-extra.jsonl"), good(2) + "\n"
                + "{\"task\":\"modadd\",\"p\":23,\"train_frac\":0.5,\"steps\":1000,\"learned\":false,\"extra\":{\"a\":\"" + "y".repeat(600_000)
                + "\",\"b\":\"" + "z".repeat(600_000) + "\"}}\n"));
        out.add(write(folder.resolve("big-cell.csv"), "task,p,train_frac,steps,learned,notes\nmodadd,23,0.5,1000,false,ok\nmodadd,23,0.5,1000,false,"
                + "w".repeat(1_100_000) + "\n"));
        out.add(write(folder.resolve("long-budgets.jsonl"), "{\"task\":\"modadd\",\"p\":23,\"train_frac\":0.5,\"steps\":1000000,\"learned\":false,\"budgets\":["
                + String.join(",", java.util.stream.IntStream.rangeClosed(1, 400).mapToObj(i -> Integer.toString(1000000 - i)).toList()) + "]}\n"));
        // a line longer than a record may be: a sparse file of zero bytes (as `truncate -s` makes), then a good record
        Path sparse = folder.resolve("sparse.jsonl");
        try (RandomAccessFile raf = new RandomAccessFile(sparse.toFile(), "rw")) {
            raf.setLength(64L << 20);
        }
        Files.writeString(sparse, "\n" + good(3) + "\n", java.nio.file.StandardOpenOption.APPEND);
        out.add(sparse);
        out.add(write(folder.resolve("long.csv"), "task,p,train_frac,steps,learned,notes\nmodadd,23,0.5,1000,false,\"" + "q".repeat(9 << 20) + "\"\n"));
        // a gzip bomb: a few hundred kilobytes that expand a thousandfold
        Path bomb = folder.resolve("bomb.jsonl.gz");
        byte[] block = (good(4) + "\n" + "\n".repeat(200_000)).getBytes(StandardCharsets.UTF_8);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            for (long w = 0; w < 100L << 20; w += block.length) o.write(block);
        }
        out.add(bomb);
        // a valid JSON spec, or YAML, with something after it (these are specs, refused by farm enqueue)
        return out;
    }

    /** Specs with trailing content: a JSON object then text, YAML's end marker then more, a second YAML document. */
    List<Path> trailingSpecs(Path folder, String validYaml) throws Exception {
        Files.createDirectories(folder);
        String json = "{\"name\": \"trailing\", \"property\": {\"task\": \"modadd:p=5\"}, \"axes\": {\"width\": [4], \"budgets\": [20]}, \"eval_every\": 10}";
        return List.of(write(folder.resolve("trailing.json"), json + " garbage\n"), write(folder.resolve("two.json"), json + "\n" + json + "\n"),
                write(folder.resolve("bracket.json"), json + "]"), write(folder.resolve("end-then-broken.yaml"), validYaml + "...\nproperty: {task: [\n"),
                write(folder.resolve("two-docs.yaml"), validYaml + "---\n" + validYaml), write(folder.resolve("end-then-doc.yaml"), validYaml + "...\n---\nseeds: 3\n"));
    }

    private static Path write(Path p, String text) throws IOException {
        return Files.writeString(p, text);
    }
}
