package io.learncast.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code learncast train} end to end: real training (the fast trainer, or DL4J on request) into a real H2 file store. */
class TrainCommandTest {
    @TempDir Path dir;

    @Test
    void trainsStoresAndReusesARun() throws Exception {
        String db = dir.resolve("store").toString();
        String[] args = {"train", "--task", "sparse-parity:n=8,k=2", "--n-train", "200", "--width", "64", "--lr", "1e-2", "--wd", "0",
                "--batch", "32", "--steps", "600", "--eval-every", "50", "--db", db, "--json"};
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(0, r.code(), r.err());
        JsonNode run = new ObjectMapper().readTree(r.out());
        assertEquals("LEARNED", run.get("outcome").asText());
        assertTrue(run.get("curve").size() >= 2);
        assertEquals("fast", run.get("trainer").asText(), "the fast trainer is the default");
        long id = run.get("id").asLong();

        CliRunner.Result again = CliRunner.run(args);
        assertEquals(0, again.code());
        assertEquals(id, new ObjectMapper().readTree(again.out()).get("id").asLong(), "the stored run is reused, not trained twice");

        CliRunner.Result list = CliRunner.run("runs", "--db", db);
        assertEquals(0, list.code());
        assertTrue(list.out().contains("sparse-parity:k=2,n=8") && list.out().contains("learned"), list.out());

        CliRunner.Result show = CliRunner.run("runs", "--db", db, "--id", Long.toString(id));
        assertTrue(show.out().contains("outcome: LEARNED at step"), show.out());
        assertTrue(show.out().contains("test acc"), "prints the curve: " + show.out());
    }

    @Test
    void sgdDefaultsToNoWeightDecayTheRunIsLabelledTrainAndAFullBatchIsSaid() throws Exception {
        String db = dir.resolve("store").toString();
        CliRunner.Result r = CliRunner.run("train", "--task", "sparse-parity:n=8,k=2", "--n-train", "200", "--width", "16", "--optimizer", "sgd",
                "--lr", "0.1", "--steps", "200", "--eval-every", "50", "--db", db, "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode run = new ObjectMapper().readTree(r.out());
        assertEquals(0.0, run.get("config").get("wd").asDouble(), "plain SGD unless --wd is given");
        assertEquals(512, run.get("config").get("batch").asInt(), "the config keeps the batch it was given");
        assertEquals("train", run.get("source").asText(), "runs of `learncast train` say so");

        CliRunner.Result adamw = CliRunner.run("train", "--task", "sparse-parity:n=8,k=2", "--n-train", "200", "--width", "16",
                "--steps", "100", "--eval-every", "50", "--db", db, "--json");
        assertEquals(1.0, new ObjectMapper().readTree(adamw.out()).get("config").get("wd").asDouble(), "adamw keeps its default of 1");

        CliRunner.Result text = CliRunner.run("runs", "--db", db, "--id", run.get("id").asText());
        assertTrue(text.out().contains("200 training examples (batch 512 ≥ 200: trained full batch)"), text.out());
        CliRunner.Result table = CliRunner.run("runs", "--db", db);
        String header = table.out().lines().findFirst().orElseThrow();
        assertTrue(header.contains("train acc") && header.indexOf("train acc") < header.indexOf("test acc"), header);
        assertEquals(2, CliRunner.run("runs", "--db", db, "--source", "train", "--json").out().split("\"id\"").length - 1);

        CliRunner.Result help = CliRunner.run("train", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("default 1 with adamw, 0 with sgd and adam"), help.out());
    }

    @Test
    void theDl4jReferenceTrainerStaysAvailable() throws Exception {
        String db = dir.resolve("store").toString();
        CliRunner.Result r = CliRunner.run("train", "--task", "sparse-parity:n=8,k=2", "--n-train", "200", "--width", "64", "--lr", "1e-2", "--wd", "0",
                "--batch", "32", "--steps", "300", "--eval-every", "50", "--trainer", "dl4j", "--seed", "1", "--db", db, "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("dl4j", new ObjectMapper().readTree(r.out()).get("trainer").asText());
        CliRunner.Result bad = CliRunner.run("train", "--task", "modadd:p=7", "--trainer", "torch", "--db", db);
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--trainer") && bad.err().contains("fast") && bad.err().contains("dl4j"), bad.err());
    }

    @Test
    void tasksAreListed() {
        CliRunner.Result r = CliRunner.run("tasks");
        assertEquals(0, r.code());
        for (String t : new String[] {"modadd", "modsub", "modmul", "addition", "parity", "sparse-parity", "csv"}) assertTrue(r.out().contains(t));
    }
}
