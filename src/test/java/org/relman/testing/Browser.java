package org.relman.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its own chromedriver ({@code apt-get install chromium chromium-driver};
 * {@code .ci/run} installs them). Nothing is downloaded: both paths are given, so Selenium Manager never runs. Start
 * one per test class ({@code @BeforeAll} / {@code @AfterAll}, or try-with-resources); each gets a fresh profile.
 *
 * <p>Every request the page makes is recorded from Chrome's performance log (the DevTools {@code Network} events as
 * chromedriver hands them over), which works with any Chromium version, unlike Selenium's versioned CDP bindings. So a
 * test can prove that a page asks nothing of the outside world: {@link #requestsLeaving(String)} is empty.
 */
public final class Browser implements AutoCloseable {

  public static final String CHROMIUM = System.getenv().getOrDefault("RELMAN_CHROMIUM", "/usr/bin/chromium");
  public static final String CHROMEDRIVER =
      System.getenv().getOrDefault("RELMAN_CHROMEDRIVER", "/usr/bin/chromedriver");

  /** Desktop is the window the browser starts with; phone is the narrow layout the pages must also hold. */
  public static final int DESKTOP_WIDTH = 1280;
  public static final int DESKTOP_HEIGHT = 900;
  public static final int PHONE_WIDTH = 390;
  public static final int PHONE_HEIGHT = 844;

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NETWORK = Pattern.compile("(?i)(https?|wss?|ftp):");

  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final List<String> requests = new ArrayList<>();
  private final List<String> consoleErrors = new ArrayList<>();

  private Browser(Path profile, ChromeDriverService service, ChromeDriver driver) {
    this.profile = profile;
    this.service = service;
    this.driver = driver;
  }

  public static Browser start() {
    for (String executable : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(Path.of(executable))) {
        throw new IllegalStateException(executable + " is missing: apt-get install chromium chromium-driver "
            + "(.ci/run does this), or point RELMAN_CHROMIUM / RELMAN_CHROMEDRIVER at them");
      }
    }
    Path profile = null;
    ChromeDriverService service = null;
    try {
      profile = Files.createTempDirectory("relman-chromium-");
      Files.createDirectories(SCREENSHOTS);
      service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(CHROMEDRIVER))
          .usingAnyFreePort()
          .withLogFile(Path.of("target", "chromedriver.log").toFile())
          .build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--window-size=" + DESKTOP_WIDTH + "," + DESKTOP_HEIGHT, "--user-data-dir=" + profile);
      options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL", LogType.BROWSER, "ALL"));
      return new Browser(profile, service, new ChromeDriver(service, options));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (service != null) {
        service.stop();
      }
      delete(profile);
      throw e;
    }
  }

  /** Loads {@code url} and waits for the document (not its scripts' work: wait for an element for that). */
  public Browser open(String url) {
    driver.get(url);
    return this;
  }

  /** The first element {@code locator} finds, once it is visible. */
  public WebElement waitFor(By locator) {
    return until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /** The first element {@code locator} finds, once it is in the document, visible or not (SVG parts, hidden inputs). */
  public WebElement waitForPresent(By locator) {
    return until(ExpectedConditions.presenceOfElementLocated(locator));
  }

  /** Waits until {@code condition} answers something other than null or false, and returns that. */
  public <T> T until(Function<? super WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).until(condition);
  }

  /** Runs {@code script} in the page ({@code return ...} for a result; {@code arguments[i]} for the arguments). */
  public Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  public WebDriver driver() {
    return driver;
  }

  /** Lays the page out at 390 CSS pixels wide, as a phone (device emulation, so the viewport meta tag applies). */
  public Browser phone() {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", PHONE_WIDTH, "height",
        PHONE_HEIGHT, "deviceScaleFactor", 2, "mobile", true));
    return this;
  }

  /** Back to the 1280 x 900 desktop window. */
  public Browser desktop() {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    return this;
  }

  /** The whole page, scrolled parts included, as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) {
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
        .get("cssContentSize");
    return capture(name, 0, 0, size.get("width"), size.get("height"));
  }

  /** One element, as laid out in the page, as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name, WebElement element) {
    @SuppressWarnings("unchecked")
    Map<String, Object> box = (Map<String, Object>) script("const r = arguments[0].getBoundingClientRect();"
        + "return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height};", element);
    return capture(name, box.get("x"), box.get("y"), box.get("width"), box.get("height"));
  }

  // Through DevTools rather than WebDriver's screenshot, which sees only the viewport and misplaces tall elements.
  private Path capture(String name, Object x, Object y, Object width, Object height) {
    Map<String, Object> clip = Map.of("x", x, "y", y, "width", width, "height", height, "scale", 1);
    Object png = driver.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true, "clip", clip)).get("data");
    Path file = SCREENSHOTS.resolve(name + ".png");
    try {
      Files.createDirectories(SCREENSHOTS);
      return Files.write(file, Base64.getDecoder().decode((String) png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every URL the browser requested since it started, in order (redirects and data: URLs included). */
  public List<String> requests() {
    drainLogs();
    return List.copyOf(requests);
  }

  /**
   * The network requests that went anywhere but {@code baseUrl}. URLs that never reach a network (data:, blob:, and
   * Chromium's own chrome:// pages, such as the new-tab page it starts with) do not count.
   */
  public List<String> requestsLeaving(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    return requests().stream()
        .filter(url -> NETWORK.matcher(url).lookingAt())
        .filter(url -> !url.startsWith(base) && !url.equals(baseUrl))
        .toList();
  }

  /** What the page logged as an error (uncaught exceptions, failed loads, CSP refusals, console.error). */
  public List<String> consoleErrors() {
    drainLogs();
    return List.copyOf(consoleErrors);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      delete(profile);
    }
  }

  // Reading a log empties it in chromedriver, so what was read is kept here.
  private void drainLogs() {
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      try {
        JsonNode message = JSON.readTree(entry.getMessage()).path("message");
        if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
          requests.add(message.path("params").path("request").path("url").asText());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
        consoleErrors.add(entry.getMessage());
      }
    }
  }

  private static void delete(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover profile in the temp directory is harmless
    }
  }
}
