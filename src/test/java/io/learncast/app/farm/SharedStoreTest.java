package io.learncast.app.farm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.app.proc.Proc;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The default embedded store is shared: while {@code farm run} trains on a folder, other processes — a second
 * terminal — read it ({@code farm status}, {@code runs}, {@code forecast}, {@code eval}, {@code report}) and write
 * to it ({@code farm enqueue}), all real processes on a real H2 file.
 */
class SharedStoreTest {
    @TempDir Path dir;
    private final List<Proc> children = new ArrayList<>();

    @AfterEach
    void stop(org.junit.jupiter.api.TestInfo info) {
        for (Proc c : children) c.saveLog(Path.of("target", "child-logs", info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("shared")));
        children.forEach(Proc::close);
    }

    Proc cli(String name, String... args) throws Exception {
        // a command that trains or fits keeps C2; the others (status, runs, enqueue, a server, …) start at half the CPU
        boolean computes = args.length > 1 && (args[0].equals("eval") || List.of("farm run", "forecast fit").contains(args[0] + " " + args[1]));
        Proc c = computes ? Proc.cli(name, Map.of(), args) : Proc.cliLight(name, Map.of(), args);
        children.add(c);
        return c;
    }

    /** Runs a command in its own process, as from a second terminal; returns its output after checking it exited 0. */
    String second(String name, String... args) throws Exception {
        Proc c = cli(name, args);
        int code = c.await(300);
        assertEquals(0, code, name + ": " + c.tail());
        return c.output();
    }

    /** The JSON document a child printed (after the JVM's own notes on its standard error). */
    static JsonNode json(String output) throws Exception {
        return new ObjectMapper().readTree(output.substring(output.indexOf('{')));
    }

    static final String SPEC = """
            name: shared
            property: {task: "modadd:p=23"}
            axes:
              width: [%s]
              wd: [0.3, 1]
              lr: [1e-3]
              train_frac: [0.3]
              batch: [full]
              budgets: [3000]
            eval_every: 100
            seeds: 2
            """;

    @Test
    void readersAndWritersWorkWhileAFarmTrainsOnTheDefaultStore() throws Exception {
        Path data = dir.resolve("learncast-data");
        String db = data.toString();
        // a corpus to forecast from (synthetic, so no training is needed before the farm starts) and a fitted forecaster
        try (Store s = JdbcStore.open(StoreLocation.parse(db, "db"))) {
            SyntheticCorpus.importInto(s, SyntheticCorpus.generate(80, 2, 3));
        }
        Path spec = Files.writeString(dir.resolve("a.yaml"), SPEC.formatted("64, 128"));
        second("fit", "forecast", "fit", "--db", db, "--search", "quick", "--folds", "3", "--rounds", "20");
        int doneBefore = json(second("before", "farm", "status", "--db", db, "--json")).get("states").get("done").asInt(); // the imported corpus
        second("enqueue", "farm", "enqueue", spec.toString(), "--db", db);

        // the farm: follows the queue, prints a JSON line per finished run
        Proc farm = cli("farm", "farm", "run", "--db", db, "--workers", "1", "--follow", "--json");
        farm.awaitLine(l -> l.startsWith("{\"event\":\"run\""), 300);
        assertTrue(farm.alive(), "the farm is still at work: " + farm.tail());
        assertTrue(farm.lines().stream().noneMatch(l -> l.contains("\"event\":\"summary\"")), "runs stream before the summary");
        Properties share = new Properties();
        try (var in = Files.newBufferedReader(data.resolve("learncast.share"))) {
            share.load(in);
        }
        assertEquals(Long.toString(farm.pid()), share.getProperty("pid"), "the farm holds the file and serves it");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(data.resolve("learncast.share")));

        // a second terminal, while the farm holds the store
        JsonNode status = json(second("status", "farm", "status", "--db", db, "--json"));
        assertEquals(1, status.get("workers_alive").asInt(), status.toString());
        assertTrue(second("runs", "runs", "--db", db).contains("modadd:p=23"));
        assertTrue(second("forecast", "forecast", "--task", "modadd:p=23", "--width", "96", "--db", db).contains("P(learn) = "));
        assertTrue(second("eval", "eval", "--db", db, "--split", "kfold:3", "--resamples", "50", "--search", "quick").contains("forecaster"));
        Path report = dir.resolve("report.html");
        second("report", "report", "--db", db, "--out", report.toString(), "--sections", "corpus,provenance");
        assertTrue(Files.size(report) > 1000);
        // and a writer: the following farm trains what another process enqueues
        second("enqueue-more", "farm", "enqueue", Files.writeString(dir.resolve("b.yaml"), SPEC.formatted("32")).toString(), "--db", db);
        assertTrue(farm.alive(), "the farm kept training meanwhile: " + farm.tail());
        farm.awaitLine(l -> l.contains("\"event\":\"run\"") && l.contains("d1×w32"), 300);

        // the loopback port answers only on loopback
        int port = Integer.parseInt(share.getProperty("port"));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }

        farm.signal("TERM");
        int code = farm.await(120);
        assertTrue(code == 0 || code == 130 || code == 143, "a clean stop (SIGTERM ends the JVM with 143): " + code + "\n" + farm.tail());
        String last = farm.lines().stream().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        JsonNode summary = new ObjectMapper().readTree(last);
        assertEquals("summary", summary.get("event").asText(), farm.tail());
        assertTrue(summary.get("interrupted").asBoolean(), "stopped by the signal, runs in progress given back");
        long runLines = farm.lines().stream().filter(l -> l.startsWith("{\"event\":\"run\"") && l.contains("\"status\":\"completed\"")).count();
        assertEquals(summary.get("completed").asLong(), runLines, "one line per completed run");
        assertFalse(Files.exists(data.resolve("learncast.share")), "the share file goes with the holder");
        assertEquals(doneBefore + 12, json(second("after", "farm", "status", "--db", db, "--json")).get("states").get("done").asInt(),
                "all 12 runs trained once");
    }

    @Test
    void storeServeNeedsToHoldTheFolderItServes() throws Exception {
        String db = dir.resolve("data").toString();
        Proc holder = Proc.javaLight("holder", Map.of(), io.learncast.app.proc.ShareChild.class.getName(), "hold", db);
        children.add(holder);
        holder.awaitLine(l -> l.startsWith("holding"), 120);
        Proc serve = cli("serve", "store", "serve", "--port", "0", "--data", db);
        assertEquals(2, serve.await(120), serve.tail());
        assertTrue(serve.output().contains("is open in another learncast process"), serve.output());
        holder.close();
        // the holder gone, the server holds it and local processes share it through the server's process
        Proc again = cli("serve-again", "store", "serve", "--port", "0", "--data", db);
        again.awaitLine(l -> l.startsWith("url: "), 120);
        assertTrue(second("runs", "runs", "--db", db).contains("no runs in"), "a local command on the folder works while it is served");
    }

    @Test
    void aHolderThatDoesNotShareIsNamedNotMistakenForABadPath() throws Exception {
        String db = dir.resolve("data").toString();
        // a process holding the folder without sharing it, as an older learncast would
        Proc holder = Proc.javaLight("holder", Map.of(), io.learncast.app.proc.ShareChild.class.getName(), "hold-alone", db);
        children.add(holder);
        holder.awaitLine(l -> l.startsWith("holding"), 120);
        // the status command waits for the holder to serve the store before it gives up: 20 s by default, 3 s here
        // (what it then says is the same; the wait's length is not what this test checks)
        Proc status = Proc.cliLight("status", Map.of("LEARNCAST_SHARE_WAIT_MS", "3000"), "farm", "status", "--db", db);
        children.add(status);
        assertEquals(2, status.await(120), status.tail());
        String err = status.output();
        assertTrue(err.contains("held by another process that does not share it"), err);
        assertFalse(err.contains("check --db / LEARNCAST_DB"), err);
        assertFalse(err.contains("Exception"), "one clear line, no stack trace: " + err);
    }
}
