package io.learncast.app.dashboard;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Headless Debian Chromium through chromedriver (never downloaded: both are named by path, so Selenium Manager is
 * not asked). Missing browsers fail the test under CI ({@code LEARNCAST_REQUIRE_BROWSER=1}, set by run-tests when it
 * installed them) and skip it elsewhere.
 */
final class Browser {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LEARNCAST_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("LEARNCAST_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Browser() {}

    static ChromeDriver start(Path profile) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && "1".equals(System.getenv("LEARNCAST_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("chromium or chromedriver is missing (" + CHROMIUM + ", " + DRIVER + "): apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + profile.toAbsolutePath(), "--no-first-run", "--disable-extensions", "--disable-background-networking");
        o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return d;
    }

    /** The console's errors and warnings since the last call (chromedriver hands each entry out once). */
    static List<String> consoleProblems(ChromeDriver d) {
        return d.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).map(LogEntry::toString).toList();
    }
}
