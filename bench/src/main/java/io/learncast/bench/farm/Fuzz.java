package io.learncast.bench.farm;

import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.app.proc.Proc;
import io.learncast.app.service.ForecastService;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Malformed input, generated: grid specs (each bad in a known way, alone or combined), CLI arguments and
 * HTTP requests. Each must get a clear error — exit 2 with one {@code error:} line, or HTTP 400 with a JSON
 * error — write nothing to the store (every table's row count unchanged), and leave the service up.
 */
final class Fuzz {
    private static final String INJECT = "x'; DROP TABLE runs; --";

    /** Store URLs that would run code when connecting, as users (or attackers) might spell them. */
    static final List<String> UNSAFE_URLS = List.of(
            "jdbc:h2:tcp://127.0.0.1:1/learncast;INIT=RUNSCRIPT FROM 'http://127.0.0.1:1/evil.sql'",
            "jdbc:h2:mem:fuzz;init=create alias x as 'String x() { return null; }'",
            "jdbc:h2:mem:fuzz;INIT%3DRUNSCRIPT FROM 'x.sql'",
            "jdbc:h2:mem:fuzz;%49NIT=SELECT 1",
            "jdbc:h2:mem:fuzz;INIT=CREATE/**/ALIAS x FOR 'java.lang.Runtime.exec'",
            "jdbc:postgresql://127.0.0.1:1/x?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://127.0.0.1:1/x.xml",
            "jdbc:postgresql://127.0.0.1:1/x?socket%46actory=java.lang.Object",
            "jdbc:postgresql://127.0.0.1:1/x?sslfactory=java.lang.Object",
            "jdbc:postgresql://127.0.0.1:1/x?authenticationPluginClassName=java.lang.Object");

    private final BenchDb db;
    private final Path dir;
    private final Random random;
    private final int n;
    private final Consumer<String> log;

    Fuzz(BenchDb db, Path dir, Random random, int n, Consumer<String> log) {
        this.db = db;
        this.dir = dir;
        this.random = random;
        this.n = n;
        this.log = log;
    }

    Figures.FuzzCases run(List<String> problems) throws Exception {
        // a store with content, so that "nothing written" is checked against real rows
        String[] seed = FaultBench.cli("farm", "enqueue", Files.writeString(dir.resolve("valid.yaml"), SpecText.base().render()).toString(), "--db", db.url());
        if (!seed[0].equals("0")) throw new IllegalStateException("the valid spec was refused: " + seed[2]);
        // and finished runs, so reports and exports have something to write to the special files
        List<String> finished = new ArrayList<>();
        for (int i = 0; i < 12; i++) finished.add(HostileInput.good(i));
        String[] imported = FaultBench.cli("corpus", "import", Files.write(dir.resolve("finished.jsonl"), finished).toString(), "--db", db.url());
        if (!imported[0].equals("0")) throw new IllegalStateException("the valid corpus was refused: " + imported[2]);
        Map<String, Long> before = counts();

        int specs = 0;
        int specsOk = 0;
        for (String text : specCases()) {
            Path f = Files.writeString(dir.resolve("bad-" + (specs++) + ".yaml"), text);
            String why = cliProblem(new String[] {"farm", "enqueue", f.toString(), "--db", db.url()});
            if (why == null) specsOk++;
            else problems.add("spec " + f.getFileName() + ": " + why + "\n" + text);
        }
        int args = 0;
        int argsOk = 0;
        for (String[] a : argCases()) {
            args++;
            String why = cliProblem(a);
            if (why == null) argsOk++;
            else problems.add("args " + String.join(" ", a) + ": " + why);
        }
        int[] http = http(problems);
        HostileInput hostile = new HostileInput(db, dir, random);
        int[] urls = urls(hostile, problems);
        int[] outputs = outputs(hostile, problems);
        int[] corpus = corpusFiles(hostile, problems);
        Map<String, Long> after = counts();
        if (!before.equals(after)) problems.add("bad input wrote to the store: " + before + " → " + after);
        if (problems.size() > 30) {
            int k = problems.size();
            problems.subList(30, k).clear();
            problems.add("… and " + (k - 30) + " more");
        }
        return new Figures.FuzzCases(specs,
                specsOk,
                args,
                argsOk,
                http[0],
                http[1],
                http[2],
                http[3] == 1,
                urls[0],
                urls[1],
                urls[2],
                outputs[0],
                outputs[1],
                outputs[2],
                corpus[0],
                corpus[1],
                before.equals(after) ? "0" : "changed");
    }

    private Map<String, Long> counts() throws Exception {
        try (Connection c = db.connect()) {
            return Rows.tableCounts(c);
        }
    }

    // ------------------------------------------------------------ hostile inputs (issue 18's attack classes)

    /** Store URLs whose keys fold or decode to a forbidden setting: {tried, refused cleanly, canary files written}. */
    private int[] urls(HostileInput hostile, List<String> problems) throws Exception {
        Path canary = dir.resolve("PWNED");
        List<String> cases = hostile.urlCases(Math.max(60, n / 3), canary);
        int ok = 0;
        for (String url : cases) {
            String why = cliProblem(new String[] {"runs", "--db", url});
            if (why == null) ok++;
            else problems.add("store URL " + url + ": " + why);
        }
        // the same through LEARNCAST_DB, in a child process (the variable is read at start)
        for (String url : cases.subList(0, 3)) {
            try (Proc p = Proc.cliLight("url-env", Map.of("LEARNCAST_DB", url), "runs")) {
                int code = p.await(120);
                String out = p.output().lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).collect(java.util.stream.Collectors.joining("\n")).strip();
                if (code == 2 && out.startsWith("error: LEARNCAST_DB:") && out.lines().count() == 1) ok++;
                else problems.add("LEARNCAST_DB=" + url + ": exit " + code + " " + out);
            }
        }
        // H2 files holding code (H2 runs it when it opens the file): refused before H2 opens them, the canary unwritten
        Path fileCanary = dir.resolve("PWNED-by-h2-file");
        List<Path> files = hostileStoreFiles(fileCanary);
        for (Path folder : files) {
            String why = cliProblem(new String[] {"runs", "--db", folder.toString()});
            if (why == null) ok++;
            else problems.add("H2 file " + folder.getFileName() + ": " + why);
        }
        boolean urlRan = Files.exists(canary);
        boolean fileRan = Files.exists(fileCanary);
        if (urlRan) problems.add("a store URL ran code: " + canary + " was written");
        if (fileRan) problems.add("an H2 file ran code: " + fileCanary + " was written");
        return new int[] {cases.size() + 3 + files.size(), ok, (urlRan ? 1 : 0) + (fileRan ? 1 : 0)};
    }

    /**
     * Store folders whose H2 file holds code that writes {@code canary} when H2 opens the file: a trigger with Java
     * source, a Java-source alias called by a column default, a default reading a file. Made by H2 itself (creating
     * the trigger runs its source once: the canary is removed before the CLI sees the folder).
     */
    private List<Path> hostileStoreFiles(Path canary) throws Exception {
        String target = canary.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        String write = "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + target + "\"), \"h2 file\");";
        Map<String, List<String>> kinds = new java.util.LinkedHashMap<>();
        kinds.put("h2-source-trigger", List.of("CREATE TRIGGER T1 AFTER INSERT ON RUNS FOR EACH ROW AS $$org.h2.api.Trigger create() throws Exception { "
                + write + " return new org.h2.api.Trigger() { public void fire(java.sql.Connection c, Object[] o, Object[] n) { } }; } $$"));
        kinds.put("h2-source-alias", List.of("CREATE ALIAS PWN AS $$ String pwn() throws Exception { " + write + " return \"x\"; } $$",
                "ALTER TABLE WORKERS ADD COLUMN NOTE VARCHAR(20) DEFAULT PWN()"));
        kinds.put("h2-file-read-default", List.of("ALTER TABLE DATASETS ADD COLUMN SNOOP VARCHAR(100000) DEFAULT CAST(FILE_READ('/etc/hostname', NULL) AS VARCHAR(100000))"));
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> k : kinds.entrySet()) {
            Path folder = dir.resolve(k.getKey());
            try (JdbcStore s = JdbcStore.open(StoreLocation.parse(folder.toString(), "--db"), 2)) {
                s.now();
            }
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + folder.resolve(StoreLocation.DB_NAME), StoreLocation.DEFAULT_USER, "");
                 java.sql.Statement st = c.createStatement()) {
                for (String sql : k.getValue()) st.execute(sql);
            }
            Files.deleteIfExists(canary);
            out.add(folder);
        }
        return out;
    }

    /** Special files as --out: {tried, as promised (written through, or refused with one line), special files replaced}. */
    private int[] outputs(HostileInput hostile, List<String> problems) throws Exception {
        Path folder = dir.resolve("outputs");
        List<HostileInput.Target> targets = hostile.targets(folder);
        int tried = 0;
        int ok = 0;
        int replaced = 0;
        for (HostileInput.Target t : targets) {
            for (String[] cmd : hostile.outputCommands(t.path().toString())) {
                tried++;
                java.util.concurrent.CompletableFuture<byte[]> reader = t.kind().equals("FIFO") ? HostileInput.drain(t.path()) : null;
                String[] r = FaultBench.cli(cmd);
                if (reader != null && !r[0].equals("0") && !waitDone(reader)) {
                    // nothing was written: open the FIFO for writing once so the reader ends
                    try (var o = Files.newOutputStream(t.path())) {
                        o.flush();
                    }
                }
                if (reader != null) reader.get(60, TimeUnit.SECONDS);
                int typeNow = HostileInput.type(t.path());
                String err = r[2].strip();
                boolean promised = t.writable() ? r[0].equals("0") : r[0].equals("2") && err.startsWith("error: --out:") && err.lines().count() == 1;
                if (typeNow != t.type()) {
                    replaced++;
                    problems.add(String.join(" ", cmd) + ": the " + t.kind() + " was replaced (type " + Integer.toOctalString(t.type()) + " → "
                            + Integer.toOctalString(typeNow) + ")");
                } else if (promised) {
                    ok++;
                } else {
                    problems.add(String.join(" ", cmd) + " (" + t.kind() + "): exit " + r[0] + " " + firstLine(err + r[1]));
                }
            }
        }
        if (Files.exists(folder.resolve("nowhere"))) problems.add("a dangling link's target was created");
        try (var files = Files.list(folder)) {
            List<String> stray = files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(".")).toList();
            if (!stray.isEmpty()) problems.add("temporary files left beside the outputs: " + stray);
        }
        // and "-", standard output
        for (String[] cmd : hostile.outputCommands("-")) {
            tried++;
            String[] r = FaultBench.cli(cmd);
            if (r[0].equals("0") && !r[1].isEmpty() && !Files.exists(Path.of("-"))) ok++;
            else problems.add(String.join(" ", cmd) + ": exit " + r[0] + " " + firstLine(r[2]));
        }
        return new int[] {tried, ok, replaced};
    }

    private static boolean waitDone(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get(2, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return f.isDone();
        }
    }

    /** Corpus files too large for the store or the memory, and specs with trailing content: {tried, refused whole}. */
    private int[] corpusFiles(HostileInput hostile, List<String> problems) throws Exception {
        int tried = 0;
        int ok = 0;
        for (Path f : hostile.corpusCases(dir.resolve("corpus"))) {
            tried++;
            String[] r = FaultBench.cli("corpus", "import", f.toString(), "--db", db.url());
            String err = r[2].strip();
            if (r[0].equals("2") && err.lines().anyMatch(l -> l.startsWith("error: ")) && !err.contains("\tat ") && !err.contains("internal error")
                    && !err.contains("OutOfMemoryError")) {
                ok++;
            } else {
                problems.add("corpus import " + f.getFileName() + ": exit " + r[0] + " " + firstLine(err + r[1]));
            }
        }
        for (Path f : hostile.trailingSpecs(dir.resolve("specs"), SpecText.base().render())) {
            tried++;
            String why = cliProblem(new String[] {"farm", "enqueue", f.toString(), "--db", db.url()});
            if (why == null) ok++;
            else problems.add("spec " + f.getFileName() + ": " + why);
        }
        return new int[] {tried, ok};
    }

    // ------------------------------------------------------------ CLI

    private static final ExecutorService CLI = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-cli");
        t.setDaemon(true);
        return t;
    });

    /** Why this command line was not refused cleanly, or null. */
    private static String cliProblem(String[] args) throws Exception {
        Future<String[]> f = CLI.submit(() -> FaultBench.cli(args));
        String[] r;
        try {
            r = f.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return "still running after 120 s (accepted?)";
        }
        String err = r[2].strip();
        if (!r[0].equals("2")) return "exit " + r[0] + " (" + firstLine(err + r[1]) + ")";
        if (!err.startsWith("error:") && !nearMiss(err)) return "no clear error: " + firstLine(err);
        if (err.contains("internal error") || err.contains("\tat ") || err.lines().count() > 3) return "stack trace or internal error: " + firstLine(err);
        return null;
    }

    /**
     * The parser's one-line answer to an unknown command or flag or a repeated option (Cli's near-miss
     * handler, NearMissTest: "learncast farm: 'stauts' is not a command. Did you mean: status?"), which
     * names the command instead of starting with "error:".
     */
    private static boolean nearMiss(String err) {
        return err.lines().count() == 1
                && err.matches("learncast( [a-z-]+)*: (unknown option '.*|'.*' is not a command\\..*|--[a-z-]+ is given more than once .*)");
    }

    private static String firstLine(String s) {
        return s.strip().split("\n")[0];
    }

    List<String[]> argCases() {
        String url = db.url();
        List<String[]> out = new ArrayList<>();
        String[][] configBad = {
                {"--width", "0"}, {"--width", "-3"}, {"--width", "abc"}, {"--width", "99999999999"}, {"--depth", "0"}, {"--depth", "x"},
                {"--lr", "0"}, {"--lr", "-1e-3"}, {"--lr", "1e9"}, {"--lr", "NaN"}, {"--lr", "fast"}, {"--wd", "-1"}, {"--wd", "Infinity"},
                {"--batch", "0"}, {"--batch", "-8"}, {"--batch", "half"}, {"--train-frac", "0"}, {"--train-frac", "1.5"}, {"--train-frac", "-0.1"},
                {"--steps", "0"}, {"--steps", "-5"}, {"--steps", "many"}, {"--eval-every", "0"}, {"--eval-every", "-1"},
                {"--optimizer", "nosuch"}, {"--optimizer", INJECT}, {"--activation", "nosuch"}, {"--metric", "nosuch"}, {"--threshold", "-1"},
                {"--threshold", "2"}, {"--hold", "-1"}, {"--init-scale", "-1"}, {"--label-noise", "2"}, {"--n-train", "0"}, {"--test-size", "-4"},
                {"--nosuch-flag", "1"}};
        String[] tasks = {"nosuch", "modadd:p=0", "modadd:p=abc", "modadd:q=5", "", INJECT, "modadd:p=-7"};
        for (String[] bad : configBad) {
            out.add(concat(new String[] {"train", "--task", "modadd:p=5", "--db", url}, bad));
            out.add(concat(new String[] {"forecast", "--task", "modadd:p=5", "--db", url}, bad));
        }
        for (String t : tasks) {
            out.add(new String[] {"train", "--task", t, "--db", url});
            out.add(new String[] {"forecast", "--task", t, "--db", url});
        }
        String[][] runs = {{"--limit", "-1"}, {"--limit", "abc"}, {"--limit", "99999999999"}, {"--state", "nosuch"}, {"--state", INJECT},
                {"--outcome", "nosuch"}, {"--outcome", INJECT}, {"--id", "abc"}, {"--id", "987654321"}, {"--nosuch"}, {"--limit"}};
        for (String[] r : runs) out.add(concat(new String[] {"runs", "--db", url}, r));
        String[][] farm = {{"--workers", "0"}, {"--workers", "-1"}, {"--workers", "100000"}, {"--workers", "x"}, {"--lease", "0"}, {"--lease", "-1"},
                {"--lease", "999999999"}, {"--lease", "x"}, {"--max-runs", "0"}, {"--max-runs", "-3"}, {"--max-runs", "x"}, {"--trainer", "nosuch"},
                {"--trainer", INJECT}, {"--nosuch"}};
        for (String[] f : farm) out.add(concat(new String[] {"farm", "run", "--db", url}, f));
        out.add(new String[] {"farm", "enqueue", dir.resolve("does-not-exist.yaml").toString(), "--db", url});
        out.add(new String[] {"farm", "enqueue", dir.toString(), "--db", url});
        out.add(new String[] {"farm", "enqueue", "--db", url});
        out.add(new String[] {"corpus", "import", dir.resolve("does-not-exist.jsonl").toString(), "--db", url});
        out.add(new String[] {"serve", "--port", "-1", "--db", url});
        out.add(new String[] {"serve", "--port", "70000", "--db", url});
        out.add(new String[] {"serve", "--port", "x", "--db", url});
        out.add(new String[] {"serve", "--host", "8.8.8.8", "--port", "0", "--db", url});
        out.add(new String[] {"serve", "--host", "0.0.0.0", "--port", "0", "--db", url});
        out.add(new String[] {"serve", "--host", "no-such-host.invalid", "--port", "0", "--db", url});
        out.add(new String[] {"serve", "--threads", "0", "--port", "0", "--db", url});
        out.add(new String[] {"serve", "--threads", "-1", "--port", "0", "--db", url});
        out.add(new String[] {"farm", "retry", "--sweep", "no-such-sweep", "--db", url});
        out.add(new String[] {"store", "serve", "--allow-others", "--port", "0", "--data", dir.resolve("other").toString()});
        out.add(new String[] {"nosuch-command"});
        out.add(new String[] {"--nosuch-option"});
        // store locations that would run code on connect, in several spellings
        for (String u : UNSAFE_URLS) out.add(new String[] {"runs", "--db", u});
        out.add(new String[] {"runs", "--db", "jdbc:nosuch:x"});
        out.add(new String[] {"runs", "--db", "/proc/learncast-cannot-create-this"});
        // more, by combining two bad config flags
        while (out.size() < n) {
            String[] a = configBad[random.nextInt(configBad.length)];
            String[] b = configBad[random.nextInt(configBad.length)];
            out.add(concat(concat(new String[] {random.nextBoolean() ? "train" : "forecast", "--task", tasks[random.nextInt(tasks.length)], "--db", url}, a), b));
        }
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------ grid specs

    /** Every entry is invalid for its field: (path, YAML text); a null text removes the key. */
    static final String[][] BAD_FIELDS = {
            {"name", "[]"}, {"name", "{a: 1}"}, {"name", "x".repeat(300)},
            {"property", null}, {"property", "modadd"}, {"property.task", null}, {"property.task", "\"\""}, {"property.task", "nosuchtask"},
            {"property.task", "\"modadd:p=0\""}, {"property.task", "\"modadd:p=-3\""}, {"property.task", "\"modadd:p=abc\""}, {"property.task", "\"modadd:q=5\""},
            {"property.task", "42"}, {"property.task", "[]"}, {"property.task", "\"" + INJECT + "\""}, {"property.metric", "nosuch"}, {"property.metric", "[]"},
            {"property.threshold", "-1"}, {"property.threshold", "2"}, {"property.threshold", "high"}, {"property.threshold", ".nan"},
            {"property.hold", "-1"}, {"property.hold", "often"}, {"property.nosuch", "1"},
            {"axes", "[1, 2]"}, {"axes.width", "[0]"}, {"axes.width", "[-4]"}, {"axes.width", "[wide]"}, {"axes.width", "[1e9]"},
            {"axes.width", "[]"}, {"axes.width", "[null]"}, {"axes.width", "{log: [0, 10], n: 3}"}, {"axes.width", "{log: [4], n: 3}"},
            {"axes.width", "{lin: [4, 8], n: 0}"}, {"axes.width", "{log: [4, 8], n: -1}"}, {"axes.width", "{foo: 1}"},
            {"axes.wd", "[-1]"}, {"axes.wd", "[x]"}, {"axes.wd", "[.nan]"}, {"axes.wd", "[.inf]"},
            {"axes.lr", "[0]"}, {"axes.lr", "[-1e-3]"}, {"axes.lr", "[1e5]"}, {"axes.lr", "[fast]"}, {"axes.lr", "[.nan]"},
            {"axes.train_frac", "[0]"}, {"axes.train_frac", "[1.5]"}, {"axes.train_frac", "[-0.2]"}, {"axes.train_frac", "[half]"},
            {"axes.batch", "[0]"}, {"axes.batch", "[-8]"}, {"axes.batch", "[half]"},
            {"axes.budgets", "[0]"}, {"axes.budgets", "[-20]"}, {"axes.budgets", "[long]"}, {"axes.budgets", "[]"},
            {"axes.budgets", "[1e15]"}, {"axes.depth", "[0]"}, {"axes.depth", "[-1]"}, {"axes.depth", "[deep]"},
            {"axes.optimizer", "[nosuch]"}, {"axes.optimizer", "[\"" + INJECT + "\"]"}, {"axes.activation", "[nosuch]"}, {"axes.nosuch_axis", "[1]"},
            {"eval_every", "0"}, {"eval_every", "-10"}, {"eval_every", "often"}, {"seeds", "0"}, {"seeds", "-1"}, {"seeds", "many"},
            {"seeds", "1000000000"}, {"master_seed", "x"}, {"master_seed", "[]"}, {"sampling", "nosuch"}, {"sampling", "{random: 0}"},
            {"sampling", "{sobol: -5}"}, {"sampling", "{random: x}"}, {"sampling", "3"}, {"nosuch_key", "1"}};

    static final String[] BAD_TEXTS = {"", "   \n", "---\n...\n", "[1, 2]", "hello", "axes: [", "name: x\n\tproperty: y\n", "{{{{", "property: {task: \"modadd:p=5\"\n",
            "name: &a [*a]\n", "!!java.lang.Runtime {}\n", "property: !!binary aGVsbG8=\n", "\u0000\u0001\u0002", "name: x\nname: y\n"};

    List<String> specCases() {
        List<String> out = new ArrayList<>();
        for (String[] f : BAD_FIELDS) {
            out.add(SpecText.base().set(f[0], f[1]).render());
        }
        out.addAll(List.of(BAD_TEXTS));
        while (out.size() < n) {
            SpecText s = SpecText.base();
            int k = 1 + random.nextInt(3);
            for (int i = 0; i < k; i++) {
                String[] f = BAD_FIELDS[random.nextInt(BAD_FIELDS.length)];
                s.set(f[0], f[1]);
            }
            String text = s.render();
            if (random.nextInt(5) == 0) {
                // and a bad byte somewhere in a value
                int at = text.indexOf(": ", random.nextInt(text.length())) ;
                if (at > 0) text = text.substring(0, at + 2) + "\"\\" + text.substring(at + 2); // unterminated quote and escape
            }
            out.add(text);
        }
        return out;
    }

    // ------------------------------------------------------------ HTTP

    /** Returns {requests, answered 400, raw garbage connections, service up after each (1/0)}. */
    private int[] http(List<String> problems) throws Exception {
        StoreLocation loc = StoreLocation.parse(db.url(), "bench");
        int requests = 0;
        int bad400 = 0;
        int garbage = 0;
        boolean up = true;
        try (Store store = JdbcStore.open(loc, 4);
             ForecastService svc = ForecastService.start(store, new ForecastService.Settings("127.0.0.1", 0, 2, null))) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String base = "http://127.0.0.1:" + svc.port();
            for (HttpRequest req : httpCases(base)) {
                requests++;
                HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                boolean json = r.body().startsWith("{\"error\":");
                if (r.body().contains("root:") || r.body().contains("/etc/passwd")) problems.add("HTTP answer echoes a file or path: " + r.body());
                else if (r.statusCode() == 400 && json) bad400++;
                else problems.add("HTTP " + req.method() + " " + req.uri() + " " + bodies.getOrDefault(req, "") + ": " + r.statusCode() + " " + r.body());
                if (requests % 10 == 0 && !healthy(client, base)) {
                    up = false;
                    problems.add("the service is down after " + requests + " requests");
                    break;
                }
            }
            for (String raw : RAW) {
                garbage++;
                try (Socket s = new Socket("127.0.0.1", svc.port())) {
                    s.setSoTimeout(5000);
                    OutputStream o = s.getOutputStream();
                    o.write(raw.getBytes(StandardCharsets.ISO_8859_1));
                    o.flush();
                    s.shutdownOutput();
                    InputStream in = s.getInputStream();
                    in.readNBytes(4096);
                } catch (java.io.IOException e) {
                    // the server may drop garbage without an answer; what matters is that it still serves
                }
                if (!healthy(client, base)) {
                    up = false;
                    problems.add("the service is down after raw request " + raw.replace("\r\n", "\\r\\n"));
                }
            }
            svc.flushLedger(5000);
        }
        return new int[] {requests, bad400, garbage, up ? 1 : 0};
    }

    private static final String[] RAW = {"GARBAGE\r\n\r\n", "GET /v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
            "POST /v1/forecast HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n\r\n{", "GET " + "/a".repeat(20000) + " HTTP/1.1\r\n\r\n",
            "\u0000\u0001\u0002\u0003\r\n\r\n", "GET /v1/health HTTP/9.9\r\n\r\n", "GET /v1/runs?state=%zz HTTP/1.1\r\nHost: x\r\n\r\n"};

    private static boolean healthy(HttpClient client, String base) {
        try {
            HttpResponse<String> h = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/health")).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return h.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    List<HttpRequest> httpCases(String base) {
        List<HttpRequest> out = new ArrayList<>();
        String[] query = {"foo=1", "id=1", "task;drop=1", "state=nosuch", "state=" + enc(INJECT), "outcome=nosuch", "outcome=" + enc(INJECT),
                "limit=-1", "limit=abc", "limit=100000", "limit=1e3", "limit=", "offset=-1", "offset=x", "min_width=x", "min_width=1e99",
                "max_width=x", "max_width=-1e99", "limit=" + enc("1 OR 1=1"), "offset=" + enc("0; DELETE FROM runs"), "limit=99999999999999999999"};
        for (String q : query) out.add(get(base + "/v1/runs?" + q));
        String[] bodies = {"", "{", "[]", "null", "42", "\"str\"", "{\"task\": \"\"}", "{\"task\": 42}", "{\"task\": \"nosuch\"}", "{\"task\": \"" + INJECT + "\"}",
                "{\"task\": \"modadd:p=0\"}", "{\"task\": null}", "{\"steps\": 100}", "[".repeat(5000) + "]".repeat(5000), "{\"task\": \"modadd:p=5\", \"task\": 1}",
                "{\"task\": \"modadd:p=5\"} trailing", "\u00ff\u00fe\u0000garbage",
                // duplicate keys (last one no longer wins) and files named by a task (never opened over HTTP)
                "{\"task\": \"modadd:p=23\", \"width\": 64, \"width\": 128}", "{\"task\": \"csv:path=/etc/passwd,label=zzz\"}",
                "{\"task\": \"csv:path=/etc/passwd,label=root\"}", "{\"task\": \"csv:path=/no/such.csv,label=y\"}", "{\"task\": \"csv:path=/etc,label=y\"}",
                "{\"task\": \"csv:path=/proc/self/environ,label=y\"}", "{\"task\": \"csv:fingerprint=" + "0".repeat(64) + "\"}"};
        for (String b : bodies) out.add(post(base + "/v1/forecast", b));
        String[][] badValues = {{"width", "-1"}, {"width", "\"x\""}, {"width", "1e12"}, {"width", "4.5"}, {"depth", "0"}, {"lr", "0"}, {"lr", "-1"},
                {"lr", "\"fast\""}, {"lr", "1e999"}, {"wd", "-1"}, {"steps", "-5"}, {"steps", "0"}, {"steps", "\"many\""}, {"train_frac", "2"},
                {"train_frac", "0"}, {"batch", "-1"}, {"batch", "\"half\""}, {"optimizer", "\"nosuch\""}, {"optimizer", "\"" + INJECT + "\""},
                {"activation", "\"nosuch\""}, {"metric", "\"nosuch\""}, {"threshold", "7"}, {"hold", "-2"}, {"eval_every", "0"}, {"seed", "\"x\""},
                {"n_train", "-1"}, {"label_noise", "3"}, {"nosuch", "1"}, {"task_id", "1"}, {"width", "[4]"}, {"width", "{}"}};
        // and a value below the range of every knob that declares one, so knobs added later are fuzzed too
        badValues = java.util.stream.Stream.concat(java.util.Arrays.stream(badValues), KnobCatalogue.all().stream()
                .filter(Knob::ranged).map(k -> new String[] {k.key(), "-1e9"})).toArray(String[][]::new);
        for (String[] v : badValues) out.add(post(base + "/v1/forecast", "{\"task\": \"modadd:p=23\", \"steps\": 1000, \"" + v[0] + "\": " + v[1] + "}"));
        while (out.size() < n) {
            String[] a = badValues[random.nextInt(badValues.length)];
            String[] b = badValues[random.nextInt(badValues.length)];
            if (a[0].equals(b[0])) b = new String[] {"also_unknown", "2"};
            if (random.nextBoolean()) {
                out.add(post(base + "/v1/forecast", "{\"task\": \"modadd:p=23\", \"" + a[0] + "\": " + a[1] + ", \"" + b[0] + "\": " + b[1] + "}"));
            } else {
                out.add(get(base + "/v1/runs?" + query[random.nextInt(query.length)] + "&" + query[random.nextInt(query.length)]));
            }
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpRequest get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private final Map<HttpRequest, String> bodies = new java.util.IdentityHashMap<>();

    private HttpRequest post(String uri, String body) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        bodies.put(r, body);
        return r;
    }
}
