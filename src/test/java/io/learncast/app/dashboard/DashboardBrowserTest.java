package io.learncast.app.dashboard;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.BudgetConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.app.cli.CliRunner;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.store.ForecasterRegistry;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The dashboard in a real browser (headless Chromium) over a real H2 store: every page loads without console
 * errors, a hostile task name stays text, a phase diagram draws one cell per occupied bin pair, a forecast made
 * in the form equals {@code learncast forecast --json}, and the farm page follows a farm that trains meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    @TempDir static Path dir;
    static Store store;
    static Dashboard dash;
    static ChromeDriver browser;
    static String db;
    /** A real CSV file whose path is markup: folder {@code <script>alert(1)<}, file {@code script>.csv}. */
    static String HOSTILE;

    @BeforeAll
    static void start() throws Exception {
        db = dir.resolve("learncast-data").toString();
        store = JdbcStore.open(StoreLocation.parse(db, "db"));
        List<RunRecord> corpus = SyntheticCorpus.generate(150, 2, 7);
        SyntheticCorpus.importInto(store, corpus);
        ForecasterRegistry.save(store, ForecasterFitter.fit(Corpus.table(store, FeatureTable.Options.defaults()),
                ForecasterFitter.Options.defaults().withSearch(ForecasterFitter.Search.QUICK).withFolds(3).withRounds(30).withDraws(10)));
        // a run whose task names a file with markup in its path: the pages must show it as text
        Path csv = Files.createDirectories(dir.resolve("<script>alert(1)<")).resolve("script>.csv");
        StringBuilder rows = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 40; i++) rows.append(i).append(',').append(i % 7).append(',').append(i % 2).append('\n');
        Files.writeString(csv, rows);
        HOSTILE = "csv:path=" + csv.toAbsolutePath() + ",label=y";
        RunRecord r = corpus.get(0);
        RunConfig hostile = RunConfig.defaults(HOSTILE).with(new DataSpec(0.5, null, null, 0)).with(new BudgetConfig(r.config().steps(), r.config().evalEvery(), r.config().budgets()));
        assertNotNull(store.queue().importRun(hostile, SyntheticCorpus.result(r), "synthetic"));
        List<Long> ids = store.catalog().runs(RunFilter.all().page(20, 0)).stream().map(StoredRun::id).toList();
        store.growRounds().start("camp-<b>1</b>", 1, "uncertainty", ids, "{\"note\":\"seeded by the test\"}");
        dash = Dashboard.start(store, "127.0.0.1", 0);
        browser = Browser.start(dir.resolve("profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (dash != null) dash.close();
        if (store != null) store.close();
    }

    static String base() { return "http://127.0.0.1:" + dash.port(); }

    /** Opens a page and waits until it has rendered (the router marks the body). */
    static void open(String hash) {
        browser.get(base() + "/#/" + hash);
        browser.navigate().refresh(); // a hash-only change would not reload; each page is a first view
        awaitReady();
    }

    static void awaitReady() {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !String.valueOf(((ChromeDriver) d).executeScript("return document.body.dataset.ready")).isEmpty()
                && !"undefined".equals(String.valueOf(((ChromeDriver) d).executeScript("return document.body.dataset.ready"))));
    }

    static String text(String css) { return browser.findElement(By.cssSelector(css)).getText(); }

    /** The text of an element read in the page itself (a polled page replaces its elements between two calls). */
    static String liveText(String css) {
        return String.valueOf(browser.executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css));
    }

    @Test
    @Order(1)
    void everyPageLoadsWithNoConsoleErrors() throws Exception {
        long runId = store.catalog().runs(RunFilter.all().page(1, 3)).get(0).id();
        for (String page : List.of("farm", "corpus", "corpus?sort=lr&desc=true", "run/" + runId, "phase", "forecast", "ledger", "grow")) {
            open(page);
            List<WebElement> errors = browser.findElements(By.cssSelector("main .error"));
            assertTrue(errors.isEmpty(), page + ": " + errors.stream().map(WebElement::getText).toList());
            assertEquals(List.of(), Browser.consoleProblems(browser), page);
            assertFalse(text("main").isBlank(), page);
        }
        open("run/" + runId);
        assertEquals(3, browser.findElements(By.cssSelector("main .chart svg")).size(), "accuracy, loss and weight-norm curves");
        open("grow");
        assertTrue(text("main").contains("camp-<b>1</b>"), "a campaign name is text: " + text("main"));
    }

    @Test
    @Order(2)
    void aTaskNamedWithMarkupShowsAsText() {
        open("corpus?task=" + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8));
        String main = text("main");
        assertTrue(main.contains("<script>alert(1)</script>"), main);
        assertEquals(0L, browser.executeScript("return document.querySelectorAll('main script, main b').length"));
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
        open("phase?task=" + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8) + "&metric=test_acc&threshold=0.95&x=width&y=lr&budget=100");
        assertTrue(text("main").contains("<script>alert(1)</script>"));
        assertEquals(0L, browser.executeScript("return document.querySelectorAll('main script').length"));
        assertEquals(List.of(), Browser.consoleProblems(browser));
    }

    @Test
    @Order(3)
    void aPhaseDiagramDrawsOneCellPerOccupiedBinPair() throws Exception {
        String task = "modadd:p=97";
        // the cells, counted here from the runs themselves: lr in quarter decades, wd in half decades (0 on its own)
        Set<String> bins = new HashSet<>();
        for (StoredRun r : store.catalog().runs(RunFilter.all().withTask(task))) {
            RunConfig c = r.config();
            if (!c.metric().key().equals("test_acc") || c.threshold() != 0.95) continue;
            double wd = c.wd() > 0 ? Math.floor(Math.log10(c.wd()) * 2 + 1e-9) : -1000;
            bins.add(Math.floor(Math.log10(c.lr()) * 4 + 1e-9) + "|" + wd);
        }
        assertTrue(bins.size() > 5, "a diagram worth drawing: " + bins.size());
        open("phase?task=" + URLEncoder.encode(task, StandardCharsets.UTF_8) + "&metric=test_acc&threshold=0.95&x=lr&y=wd&budget=2000");
        assertEquals(String.valueOf(bins.size()), browser.findElement(By.id("phase-charts")).getAttribute("data-cells"));
        // each heatmap draws one filled SVG rectangle per cell, all of one size (the visual map's swatches and labels differ)
        Object drawn = browser.executeScript("""
                return [...document.querySelectorAll('#phase-charts svg')].map(svg => {
                  const sizes = {};
                  for (const p of svg.querySelectorAll('path')) {
                    const m = /^M[-0-9.]+ [-0-9.]+l([0-9.]+) 0l0 ([0-9.]+)l-[0-9.]+ 0Z$/.exec(p.getAttribute('d') || '');
                    if (m && (p.getAttribute('fill') || '').startsWith('rgb(')) sizes[m[1] + 'x' + m[2]] = (sizes[m[1] + 'x' + m[2]] || 0) + 1;
                  }
                  return Math.max(0, ...Object.values(sizes));
                })""");
        System.out.println("phase diagram: " + bins.size() + " cells expected; drawn per chart " + drawn);
        assertEquals(List.of((long) bins.size(), (long) bins.size()), drawn);
        assertEquals(List.of(), Browser.consoleProblems(browser));
        screenshot("dashboard-phase.png");
    }

    @Test
    @Order(4)
    void aForecastFromTheFormEqualsTheCli() throws Exception {
        CliRunner.Result cli = CliRunner.run("forecast", "--task", "modadd:p=97", "--width", "64", "--lr", "0.003", "--wd", "0.5", "--train-frac", "0.4",
                "--steps", "4000", "--db", db, "--json");
        assertEquals(0, cli.code(), cli.err());
        com.fasterxml.jackson.databind.JsonNode cliForecast = new ObjectMapper().readTree(cli.out()).get("forecast");
        double p = cliForecast.get("p").asDouble();
        com.fasterxml.jackson.databind.JsonNode horizon = cliForecast.get("horizon");
        assertTrue(horizon != null && horizon.get("steps").asLong() > 0, "a full forecast says how long its task was trained: " + cliForecast);
        open("forecast");
        fill("task", "modadd:p=97");
        fill("width", "64");
        fill("lr", "0.003");
        fill("wd", "0.5");
        fill("train_frac", "0.4");
        fill("steps", "4000");
        browser.findElement(By.cssSelector("#forecast-form button[type=submit]")).click();
        WebElement shown = new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("p-learn")).stream().findFirst().orElse(null));
        assertEquals(p, Double.parseDouble(shown.getAttribute("data-p")), 1e-12);
        assertTrue(text("#forecast-result").contains(String.format(java.util.Locale.ROOT, "%.3f", p)));
        assertTrue(browser.findElements(By.cssSelector("#forecast-result table tbody tr")).size() > 1, "the Shapley table and the nearest configs");
        // P(ever)'s card names the part of it after the longest run trained, as the CLI does (when it shows at three decimals)
        String after = String.format(java.util.Locale.ROOT, "%.3f of it after %,d steps", horizon.get("p_ever_after").asDouble(), horizon.get("steps").asLong());
        assertEquals(horizon.get("p_ever_after").asDouble() >= 0.0005, text("#forecast-result").contains(after), after + " in " + text("#forecast-result"));
        // a slow config (lr 1e-4): the synthetic truth learns it only long after the 5,000 steps trained, and the card says so
        CliRunner.Result slowCli = CliRunner.run("forecast", "--task", "modadd:p=97", "--width", "64", "--lr", "0.0001", "--wd", "0.1", "--train-frac", "0.4",
                "--steps", "4000", "--db", db, "--json");
        assertEquals(0, slowCli.code(), slowCli.err());
        com.fasterxml.jackson.databind.JsonNode slow = new ObjectMapper().readTree(slowCli.out()).get("forecast");
        double slowAfter = slow.get("horizon").get("p_ever_after").asDouble();
        assertTrue(slowAfter > 0.5 && slow.get("p").asDouble() < 0.05, "P(learn) ≈ 0 with most of P(ever) after the longest run: " + slow);
        fill("lr", "0.0001");
        fill("wd", "0.1");
        browser.findElement(By.cssSelector("#forecast-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            Object shownP = d.findElements(By.id("p-learn")).isEmpty() ? null : ((ChromeDriver) d).executeScript("const e = document.getElementById('p-learn'); return e ? e.dataset.p : null");
            return shownP != null && Math.abs(Double.parseDouble(String.valueOf(shownP)) - slow.get("p").asDouble()) < 1e-12;
        });
        String slowText = String.format(java.util.Locale.ROOT, "%.3f of it after %,d steps, the longest any modadd:p=97 run trained: extrapolated",
                slowAfter, slow.get("horizon").get("steps").asLong());
        assertTrue(liveText("#forecast-result").contains(slowText), slowText + " in " + liveText("#forecast-result"));
        assertEquals(List.of(), Browser.consoleProblems(browser));
        // a value the CLI refuses is refused with the CLI's message (the browser notes the 400 on its console)
        CliRunner.Result bad = CliRunner.run("forecast", "--task", "modadd:p=97", "--optimizer", "sgd", "--lr", "-1", "--db", db, "--json");
        assertEquals(2, bad.code(), bad.out());
        new Select(browser.findElement(By.name("optimizer"))).selectByValue("sgd");
        fill("lr", "-1");
        browser.findElement(By.cssSelector("#forecast-form button[type=submit]")).click();
        WebElement err = new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.id("forecast-error")).stream().findFirst().orElse(null));
        String cliMessage = bad.err().trim().replaceFirst("^error: --lr: ", "").replaceFirst("^error: ", "");
        assertTrue(err.getText().contains(cliMessage.substring(0, Math.min(40, cliMessage.length()))), "form: " + err.getText() + "\ncli: " + bad.err());
        assertTrue(Browser.consoleProblems(browser).stream().allMatch(l -> l.contains("/v1/forecast") && l.contains("400")));
    }

    static void fill(String name, String value) {
        WebElement e = browser.findElement(By.name(name));
        e.clear();
        e.sendKeys(value);
    }

    @Test
    @Order(5)
    void theFarmPageFollowsAFarmThatTrains() throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.yaml"), """
                name: dash-tiny
                property: {task: "modadd:p=23"}
                axes:
                  width: [16, 24]
                  wd: [1]
                  lr: [3e-3]
                  train_frac: [0.5]
                  batch: [full]
                  budgets: [300]
                eval_every: 100
                seeds: 2
                """);
        assertEquals(0, CliRunner.run("farm", "enqueue", spec.toString(), "--db", db).code());
        open("farm");
        browser.executeScript("window.__sameDocument = 'yes'");
        long before = Long.parseLong(text("[data-state=done] .v").replace(",", ""));
        assertEquals(4L, Long.parseLong(text("[data-state=queued] .v").replace(",", "")));
        CompletableFuture<CliRunner.Result> farm = CompletableFuture.supplyAsync(() -> CliRunner.run("farm", "run", "--db", db, "--workers", "1"));
        try {
            new WebDriverWait(browser, Duration.ofSeconds(240)).until(d -> Long.parseLong(liveText("[data-state=done] .v").replace(",", "")) >= before + 4);
        } finally {
            CliRunner.Result r = farm.join();
            assertEquals(0, r.code(), r.err() + r.out());
        }
        assertEquals("yes", browser.executeScript("return window.__sameDocument"), "updated in place, not reloaded");
        assertTrue(text("main").contains("dash-tiny"), "the sweep is listed");
        assertTrue(text("main").contains("trains to") && text("main").contains("confirmation"), "and whether it trains to budget: " + text("main"));
        assertEquals(List.of(), Browser.consoleProblems(browser));
        screenshot("dashboard-farm.png");
    }

    /** The README's screenshots: written to target/, and into docs/ only when asked (LEARNCAST_SCREENSHOTS=1), so a test run leaves the checkout clean. */
    private void screenshot(String name) throws Exception {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", name), png);
        Path docs = Path.of("..", "docs");
        if ("1".equals(System.getenv("LEARNCAST_SCREENSHOTS")) && Files.isDirectory(docs)) Files.write(docs.resolve(name), png);
    }
}
