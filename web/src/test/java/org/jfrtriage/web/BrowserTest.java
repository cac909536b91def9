package org.jfrtriage.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (Debian's Chromium, headless, through ChromeDriver): upload a sample recording through
 * the form, wait for the report, check that findings are shown and that the flame graphs and the timeline really
 * drew pixels, compare two recordings, and upload a recording whose names are script payloads without any of them
 * running. Screenshots go to {@code web/target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path data;
    @TempDir
    static Path work;

    private WebServer server;
    private ChromeDriver browser;

    /** Checked per test, so a machine without Chromium reports each test skipped instead of "0 run". */
    @BeforeEach
    void start() throws Exception {
        Prerequisites.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and ChromeDriver are not installed at " + CHROMIUM + " and " + CHROMEDRIVER);
        if (browser != null) {
            return;
        }
        server = WebTesting.start(data);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Chromium's profile and its temp files (the org.chromium.Chromium.* singleton folders) go into this test's
        // own temp folder, removed with it: nothing of the browser is left in the machine's /tmp
        Path browserTmp = Files.createDirectories(work.resolve("chromium-tmp"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withEnvironment(java.util.Map.of("TMPDIR", browserTmp.toString())).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void uploadAReportWithFindingsFlameGraphsAndTimelineThenCompare() throws Exception {
        String first = uploadThroughTheForm(WebTesting.ROOT.resolve("sample-recordings/pairs/registry-to-chm-before.jfr"));
        screenshot("report");

        List<WebElement> findings = browser.findElements(By.cssSelector("article.finding"));
        assertThat(findings).isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("header.verdict h1")).getText()).contains("SessionRegistry.touch");
        assertThat(browser.findElement(By.cssSelector("header.verdict")).getAttribute("class")).contains("sev-critical");

        // the flame graph and the timeline drew: their canvases hold pixels that are not background
        assertThat(paintedPixels("#graphs .graph:not([hidden]) canvas")).isGreaterThan(5_000);
        assertThat(paintedPixels("#timeline canvas")).isGreaterThan(2_000);
        List<WebElement> tabs = browser.findElements(By.cssSelector("#graphs .tab"));
        assertThat(tabs.size()).isGreaterThanOrEqualTo(2);
        click(tabs.get(1));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> paintedPixels("#graphs .graph:not([hidden]) canvas") > 1_000);

        // "show in flame graph" selects a graph and searches for the finding's method
        click(browser.findElement(By.cssSelector("article.finding .show-in-graph")));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> matchedFrames() > 0);

        assertIncidentBlockLanesAndCallersToggle();

        String second = uploadThroughTheForm(WebTesting.ROOT.resolve("sample-recordings/pairs/registry-to-chm-after.jfr"));
        browser.get(server.uri().resolve("/diff?before=" + first + "&after=" + second).toString());
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> !d.getTitle().startsWith("comparing"));
        awaitGraphs();
        assertThat(browser.findElement(By.cssSelector("header.verdict h1")).getText()).containsIgnoringCase("the fix worked");
        assertThat(browser.findElements(By.cssSelector("tr.verdict-resolved"))).isNotEmpty();
        assertThat(paintedPixels("#graphs .graph:not([hidden]) canvas")).isGreaterThan(5_000);
        screenshot("diff");

        browser.get(server.uri().toString());
        assertThat(browser.findElement(By.cssSelector("table.recordings")).getText()).contains("registry-to-chm-before.jfr").contains("registry-to-chm-after.jfr");
        screenshot("recordings");
        assertThat(severeConsoleMessages()).isEmpty();
    }

    @Test
    void scriptsInRecordedNamesNeverRun() throws Exception {
        Path hostile = Files.copy(HostileRecording.create(work), work.resolve("<img src=x onerror=window.__xss=5>.jfr"),
                StandardCopyOption.REPLACE_EXISTING);
        uploadThroughTheForm(hostile);
        // hover and click across the flame graph: tooltips and zoom show frame names too
        WebElement canvas = browser.findElement(By.cssSelector("#graphs .graph:not([hidden]) canvas"));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(canvas, 0, canvas.getSize().height / 2 - 10)
                .click().perform();
        click(browser.findElement(By.cssSelector("article.finding .show-in-graph")));
        screenshot("hostile");
        assertNoScriptRan();
        String text = browser.findElement(By.tagName("body")).getText();
        assertThat(text).contains("<script>window.__xss=1</script>-").contains("onerror=window.__xss=4><script>window.__xss=3");
        assertThat(browser.findElements(By.cssSelector("main img"))).isEmpty();

        browser.get(server.uri().toString());
        assertNoScriptRan();
        assertThat(browser.findElement(By.cssSelector("table.recordings")).getText()).contains("<img src=x onerror=window.__xss=5>.jfr");
    }

    /**
     * The self-contained HTML report of the same recording, opened from a file as a person would open the download:
     * the same incident block, lanes and callers toggle, with nothing fetched from anywhere.
     */
    @Test
    void theHtmlReportShowsTheIncidentItsThreadLanesAndTheCallersView() throws Exception {
        String id = uploadThroughTheForm(WebTesting.ROOT.resolve("sample-recordings/recordings/SyncRegistrySweep-jdk17-default.jfr"));
        java.net.http.HttpResponse<byte[]> download = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(server.uri().resolve("/recordings/" + id + "/report.html")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        Path page = Files.write(work.resolve("report.html"), download.body());
        browser.get(page.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#lanes g.ln-lane")).isEmpty());
        assertIncidentBlockLanesAndCallersToggle();
        screenshot("html-report");
        assertThat(severeConsoleMessages()).isEmpty();
    }

    /**
     * On a page of SessionRegistry.touch (the sweeper holds the map's monitor while it iterates; request threads queue):
     * the lock hotspot and its pileup are one block, incident 1, saying who held the lock once; the lanes show the
     * sweeper first, as the holder with its holds marked, and the requests blocked; the callers toggle, by keyboard
     * too, puts the frames the samples were taken in at the root's level and back.
     */
    private void assertIncidentBlockLanesAndCallersToggle() {
        List<WebElement> incidents = browser.findElements(By.cssSelector("#incidents section.incident"));
        assertThat(incidents).isNotEmpty();
        List<Integer> numbers = incidents.stream().map(e -> Integer.parseInt(e.getAttribute("id").replace("incident-", ""))).toList();
        assertThat(numbers).as("incidents numbered in order down the page").isSorted().doesNotHaveDuplicates().startsWith(1);
        WebElement first = incidents.get(0);
        assertThat(first.findElement(By.cssSelector("h3")).getText()).contains("Incident 1 — ").contains("SessionRegistry.touch")
                .contains("lock hotspot").contains("pileup");
        assertThat(first.findElements(By.cssSelector("article.finding"))).extracting(e -> e.getAttribute("data-kind"))
                .contains("lock-hotspot", "thread-pileup");
        assertThat(first.findElements(By.cssSelector("p.held-by"))).as("the holder said once per incident").hasSize(1);
        assertThat(first.findElement(By.cssSelector("p.held-by")).getText()).contains("session-sweeper");
        // every finding of the page sits in an incident block
        assertThat(browser.findElements(By.cssSelector("article.finding")))
                .hasSameSizeAs(browser.findElements(By.cssSelector("#incidents section.incident article.finding")));

        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#lanes g.ln-lane")).isEmpty());
        List<WebElement> lanes = browser.findElements(By.cssSelector("#lanes g.ln-lane"));
        assertThat(lanes).hasSizeBetween(3, 16);
        assertThat(lanes.get(0).getAttribute("data-role")).isEqualTo("holder");
        assertThat(lanes.get(0).getAttribute("data-thread")).isEqualTo("session-sweeper");
        assertThat(lanes.subList(1, lanes.size())).allMatch(l -> "waiter".equals(l.getAttribute("data-role")));
        assertThat(lanes.get(0).findElements(By.cssSelector("rect.ln-held"))).as("the holder's holds are marked").isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#lanes g.ln-lane[data-role=waiter] rect.ln-held"))).isEmpty();
        assertThat(lanes.get(0).findElements(By.cssSelector("rect.ln-run[data-state=running]"))).isNotEmpty();
        assertThat(lanes.get(1).findElements(By.cssSelector("rect.ln-run[data-state=blocked]"))).isNotEmpty();
        Object hover = browser.executeScript("var r = document.querySelector('#lanes g.ln-lane[data-role=waiter] rect.ln-run[data-state=blocked]');"
                + "return r ? r.querySelector('title').textContent : null;");
        assertThat((String) hover).matches("request-[0-9]+ · blocked \\(monitor enter\\) · [0-9.]+ s – [0-9.]+ s");
        assertThat(browser.findElements(By.cssSelector("#lanes .ln-legend li[data-state]"))).extracting(e -> e.getAttribute("data-state"))
                .containsExactly("running", "blocked", "parked", "waiting", "sleeping", "io");
        assertThat(browser.findElements(By.cssSelector("#lanes text.ln-axis"))).extracting(WebElement::getText)
                .contains("0 s", "from recording start");

        List<String> flame = rootFrames();
        assertThat(flame).isNotEmpty();
        WebElement toggle = browser.findElement(By.cssSelector("#graphs .graph:not([hidden]) .fg-flip"));
        assertThat(toggle.getAttribute("aria-pressed")).isEqualTo("false");
        click(toggle);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(graphState("callers")));
        List<String> callers = rootFrames();
        assertThat(callers).as("the callers view is rooted at other frames").isNotEmpty().isNotEqualTo(flame);
        assertThat(callers.get(0)).as("the heaviest leaf is no thread entry point").isNotEqualTo(flame.get(0));
        WebElement back = browser.findElement(By.cssSelector("#graphs .graph:not([hidden]) .fg-flip"));
        assertThat(back.getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(browser.switchTo().activeElement()).as("focus stays on the toggle").isEqualTo(back);
        back.sendKeys(org.openqa.selenium.Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> Boolean.FALSE.equals(graphState("callers")));
        assertThat(rootFrames()).isEqualTo(flame);
    }

    private Object graphState(String key) {
        return browser.executeScript("var g = Array.prototype.slice.call(document.querySelectorAll("
                + "'#graphs .graph:not([hidden]), #graphs .graph:not([hidden]) > div')).find(function (e) { return e.flameGraph; });"
                + "return g ? g.flameGraph.state()[arguments[0]] : null;", key);
    }

    @SuppressWarnings("unchecked")
    private List<String> rootFrames() {
        Object frames = graphState("rootFrames");
        return frames == null ? List.of() : (List<String>) frames;
    }

    /** Clicks as a person would: with the element scrolled to the middle of the window, clear of the sticky header. */
    /** A long evidence table folds after its first rows; two unrelated recordings are not compared unless asked. */
    @Test
    void longTablesFoldAndUnrelatedRecordingsAreNotCompared() throws Exception {
        Path recordings = WebTesting.ROOT.resolve("sample-recordings/recordings");
        String sync = uploadThroughTheForm(recordings.resolve("SyncMapHotspot-jdk17-default.jfr"));
        WebElement folded = browser.findElement(By.cssSelector("article.finding details.more-rows"));
        assertThat(folded.getAttribute("open")).isNull();
        WebElement summary = folded.findElement(By.tagName("summary"));
        assertThat(summary.getText()).matches("[0-9]+ more rows?");
        List<WebElement> hidden = folded.findElements(By.cssSelector("tbody tr"));
        assertThat(hidden).isNotEmpty().noneMatch(WebElement::isDisplayed);
        WebElement table = folded.findElement(By.xpath("preceding-sibling::table[1]"));
        assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSizeLessThanOrEqualTo(8);
        click(summary);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> hidden.get(0).isDisplayed());

        String pool = uploadThroughTheForm(recordings.resolve("PoolStarvation-async-profiler.jfr"));
        browser.get(server.uri().resolve("/diff?before=" + sync + "&after=" + pool).toString());
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> !d.getTitle().startsWith("comparing"));
        assertThat(browser.findElement(By.cssSelector("header.verdict h1")).getText())
                .startsWith("not comparable: different applications");
        assertThat(browser.findElements(By.cssSelector("tr[class*=verdict-]"))).isEmpty();
        screenshot("diff-not-comparable");
        click(browser.findElement(By.linkText("compare anyway")));
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> !d.findElements(By.cssSelector("tr[class*=verdict-]")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("p.not-comparable")).getText()).contains("(compared anyway)");
        assertThat(severeConsoleMessages()).isEmpty();
    }

    private void click(WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    private void assertNoScriptRan() {
        Object flag = browser.executeScript("return window.__xss === undefined ? null : String(window.__xss);");
        assertThat(flag).as("a payload from the recording ran").isNull();
        try {
            String alert = browser.switchTo().alert().getText();
            throw new AssertionError("an alert opened: " + alert);
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    /** Chooses the file in the upload form, submits it, and waits until the report page has drawn its graphs. */
    private String uploadThroughTheForm(Path file) {
        browser.get(server.uri().toString());
        browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#upload-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(d -> !d.findElements(By.cssSelector("article.finding, section.step")).isEmpty());
        awaitGraphs();
        String url = browser.getCurrentUrl();
        return url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    }

    private void awaitGraphs() {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            Object drawn = ((JavascriptExecutor) d).executeScript("return document.body.getAttribute('data-graphs');");
            return drawn != null;
        });
        assertThat(browser.executeScript("return document.body.getAttribute('data-graphs');")).isNotEqualTo("error");
    }

    /** Pixels of the first canvas matching {@code selector} that are neither transparent nor white. */
    private long paintedPixels(String selector) {
        Object n = browser.executeScript(String.join("\n",
                "var c = document.querySelector(arguments[0]);",
                "if (!c || !c.width || !c.height) return 0;",
                "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;",
                "for (var i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) n++; }",
                "return n;"), selector);
        return ((Number) n).longValue();
    }

    private long matchedFrames() {
        Object n = browser.executeScript("var g = document.querySelector('#graphs .graph:not([hidden])');"
                + "return g && g.flameGraph ? g.flameGraph.state().matchedFrames : 0;");
        return n == null ? 0 : ((Number) n).longValue();
    }

    private List<LogEntry> severeConsoleMessages() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** The whole page: the window is made as tall as the document first. */
    private void screenshot(String name) throws Exception {
        Dimension before = browser.manage().window().getSize();
        Number height = (Number) browser.executeScript("return Math.min(document.documentElement.scrollHeight, 12000);");
        browser.manage().window().setSize(new Dimension(1400, height.intValue() + 120));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(before);
    }
}
