package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.relman.testing.Browser;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.Shipping;

/**
 * The calendar, environments, DORA and audit pages in headless Chromium, signed in as the demo users, under the pages'
 * Content-Security-Policy: a release manager declares a freeze, the environments page shows what was deployed, the
 * DORA page draws its four charts, the audit page verifies the chain; no request leaves relman and nothing is logged as
 * an error. Screenshots at 1280 and 390 pixels wide land in {@code target/screenshots/}.
 */
class InsightPagesBrowserTest extends RelmanTestBase {

  private static Browser browser;

  @BeforeAll
  static void start() {
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  /** The console errors before this test: the browser keeps them for its whole life. */
  private int errorsBefore;
  /** What this test's pages may log as an error on purpose (a form refused with 400). */
  private String expectedError = "nothing expected";

  @BeforeEach
  void countErrors() {
    errorsBefore = browser.consoleErrors().size();
  }

  @AfterEach
  void nothingLeftRelmanAndNothingFailed() {
    assertThat(browser.requestsLeaving(base())).as("requests to anywhere but relman").isEmpty();
    List<String> errors = browser.consoleErrors();
    assertThat(errors.subList(errorsBefore, errors.size())).as("errors in the browser's console (CSP refusals included)")
        .allSatisfy(error -> assertThat(error).contains(expectedError));
    browser.desktop();
    browser.open(base() + "/login");
    // signs out, so the next test signs in as its own user
    browser.driver().manage().deleteAllCookies();
  }

  @Test
  void aReleaseManagerDeclaresAFreezeInTheCalendarAndTheApiHasIt() {
    signIn("alice", "/calendar");
    String name = "Year-end freeze " + MINOR.incrementAndGet();

    browser.waitFor(By.id("name")).sendKeys(name);
    // the form shows the fields of the kind chosen
    browser.driver().findElement(By.cssSelector("input[name=kind][value=recurring]")).click();
    assertThat(browser.driver().findElement(By.id("start")).isDisplayed()).isFalse();
    assertThat(browser.driver().findElement(By.id("cron")).isDisplayed()).isTrue();
    browser.driver().findElement(By.cssSelector("input[name=kind][value=once]")).click();
    assertThat(browser.driver().findElement(By.id("start")).isDisplayed()).isTrue();
    assertThat(browser.driver().findElement(By.id("cron")).isDisplayed()).isFalse();
    typeDateTime("start", "2092-12-24T18:00");
    typeDateTime("end", "2092-12-27T08:00");
    WebElement zone = browser.driver().findElement(By.id("zone"));
    zone.clear();
    zone.sendKeys("Europe/Berlin");
    browser.driver().findElement(By.id("services")).sendKeys("payments, ledger");
    browser.driver().findElement(By.cssSelector(".freeze-form button[type=submit]")).click();

    assertThat(browser.waitFor(By.cssSelector("p.notice[role=status]")).getText()).contains(name);
    assertThat(browser.driver().findElement(By.id("calendar-heading")).getText()).isEqualTo("December 2092");
    assertThat(browser.driver().findElements(By.cssSelector(".freeze-chip"))).extracting(WebElement::getText)
        .anySatisfy(text -> assertThat(text).contains(name));
    String freezes = api("bob").get("/api/freezes").body();
    assertThat(freezes).contains(name).contains("\"start\":\"2092-12-24T17:00:00Z\"")
        .contains("\"end\":\"2092-12-27T07:00:00Z\"").contains("\"services\":[\"ledger\",\"payments\"]");
    // two releases of payments in one window inside the freeze, one of search on a free day: marks and no marks
    requestAt("payments", "2092-12-25T10:00:00Z");
    requestAt("payments", "2092-12-25T11:00:00Z");
    requestAt("search", "2092-12-09T10:00:00Z");
    browser.open(base() + "/calendar?view=month&date=2092-12-01");
    assertThat(browser.waitFor(By.id("calendar-heading")).getText()).isEqualTo("December 2092");
    assertThat(browser.driver().findElements(By.cssSelector(".calendar .release-chip.marked"))).hasSize(2)
        .allSatisfy(chip -> assertThat(chip.getText()).contains("Conflict with").contains("Inside freeze " + name));
    browser.screenshot("calendar-1280");
    browser.phone().open(base() + "/calendar?date=2092-12-01");
    browser.waitFor(By.id("calendar-heading"));
    browser.screenshot("calendar-390");
  }

  @Test
  void aFreezeWithAMistakeIsRefusedWithTheMessageNextToTheField() {
    expectedError = "status of 400";
    signIn("rita", "/calendar");
    browser.waitFor(By.id("name")).sendKeys("Wrong zone");
    typeDateTime("start", "2092-11-01T00:00");
    typeDateTime("end", "2092-11-02T00:00");
    WebElement zone = browser.driver().findElement(By.id("zone"));
    zone.clear();
    zone.sendKeys("Mars/Olympus");
    browser.driver().findElement(By.cssSelector(".freeze-form button[type=submit]")).click();

    assertThat(browser.waitFor(By.id("zone-error")).getText()).contains("is not a time zone");
    assertThat(browser.driver().findElement(By.id("zone")).getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(api("bob").get("/api/freezes").body()).doesNotContain("Wrong zone");
  }

  @Test
  void theEnvironmentsPageShowsTheDeployedVersion() {
    // checkout and search: a release of both everywhere, then one of checkout in staging only
    String service = "checkout";
    String version = nextVersion();
    long id = Shipping.shippedEverywhere(this, version, List.of("checkout", "search"));
    String newer = nextVersion();
    long staged = Shipping.scheduled(this, newer, List.of("checkout"));
    shipToNextEnvironment(staged);
    signIn("bob", "/environments");

    WebElement row = browser.waitFor(By.xpath("//tr[th[normalize-space()='" + service + "']]"));
    List<WebElement> versions = row.findElements(By.cssSelector("a.version"));
    assertThat(versions).extracting(WebElement::getText).containsExactly(newer, version);
    assertThat(versions).extracting(link -> link.getDomAttribute("href"))
        .containsExactly("/releases/" + staged, "/releases/" + id);
    assertThat(row.getText()).contains("Deployed");
    browser.screenshot("environments-1280");
    browser.phone().open(base() + "/environments");
    browser.waitFor(By.cssSelector("table.running-versions"));
    browser.screenshot("environments-390");
  }

  @Test
  void theDoraPageDrawsItsFourCharts() {
    String service = "browser-dora-" + System.nanoTime();
    Shipping.shippedEverywhere(this, version("2026.12"), List.of(service));
    signIn("erin", "/dora");

    List<WebElement> canvases = browser.driver().findElements(By.cssSelector("canvas[data-dora-chart]"));
    assertThat(canvases).hasSize(4);
    Long drawn = browser.until(driver -> {
      Object count = browser.script("return Array.from(document.querySelectorAll('canvas[data-dora-chart]'))"
          + ".filter(c => window.Chart && Chart.getChart(c)).length");
      return ((Long) count) == 4 ? (Long) count : null;
    });
    assertThat(drawn).isEqualTo(4);
    assertThat(browser.script("return Chart.getChart(document.getElementById('deployment-frequency-chart'))"
        + ".data.datasets[0].data.reduce((a, b) => a + (b || 0), 0)")).as("deployments this period")
        .isNotEqualTo(0L);
    browser.screenshot("dora-1280");
    new Select(browser.driver().findElement(By.id("service"))).selectByValue(service);
    browser.driver().findElement(By.cssSelector(".dora-controls button")).click();
    browser.waitFor(By.cssSelector("canvas[data-dora-chart]"));
    assertThat(browser.driver().findElement(By.cssSelector("#deployment-frequency-title + .figure")).getText())
        .isNotEqualTo("0.0 per week");
    browser.phone().open(base() + "/dora");
    browser.waitFor(By.cssSelector("canvas[data-dora-chart]"));
    browser.until(driver -> browser.script("return !!Chart.getChart(document.getElementById('time-to-restore-chart'))"));
    browser.screenshot("dora-390");
  }

  @Test
  void anAuditorVerifiesTheChainAndSearchesTheTrail() {
    String version = version("browser-audit");
    long id = requestRelease("erin", version, repository(1));
    signIn("frank", "/audit");

    browser.waitFor(By.cssSelector("#verification button")).click();
    assertThat(browser.waitFor(By.cssSelector(".verification-valid")).getText()).contains("The chain is intact.");
    assertThat(browser.driver().getCurrentUrl()).as("htmx swapped the answer in, no page load").doesNotContain("verify");

    browser.driver().findElement(By.id("release")).sendKeys(version);
    browser.driver().findElement(By.id("action")).sendKeys("release");
    browser.driver().findElement(By.cssSelector(".audit-search button[type=submit]")).click();
    WebElement table = browser.waitFor(By.cssSelector("table.audit-events"));
    assertThat(table.findElements(By.cssSelector("tbody tr"))).isNotEmpty()
        .allSatisfy(row -> assertThat(row.getText()).contains("#" + id).contains("release."));
    browser.screenshot("audit-1280");
    browser.phone().open(base() + "/audit?verify=&release=" + version);
    browser.waitFor(By.cssSelector("table.audit-events"));
    browser.screenshot("audit-390");
  }

  private static final java.util.concurrent.atomic.AtomicInteger MINOR = new java.util.concurrent.atomic.AtomicInteger(40);

  /** Versions that read like real ones (2026.12.41); no other test names a version with three parts like these. */
  private static String nextVersion() {
    return "2026.12." + MINOR.incrementAndGet();
  }

  private void requestAt(String service, String plannedStart) {
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>(releaseRequest(nextVersion(), repository(1),
        java.time.Instant.parse(plannedStart)));
    body.put("services", List.of(service));
    requestRelease("erin", body);
  }

  /** Opens {@code page}, which asks for the login, and signs in: relman brings the person back to the page. */
  private void signIn(String user, String page) {
    browser.open(base() + page);
    browser.waitFor(By.id("username")).sendKeys(user);
    browser.driver().findElement(By.id("password")).sendKeys(user);
    browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();
    assertThat(browser.waitFor(By.cssSelector(".user-name")).getText()).endsWith(user);
  }

  /** datetime-local inputs take their value most reliably through the property, as a person's picker sets it. */
  private void typeDateTime(String id, String value) {
    browser.script("const input = document.getElementById(arguments[0]); input.value = arguments[1];"
        + "input.dispatchEvent(new Event('input', {bubbles: true}));", id, value);
  }

  private String base() {
    return "http://localhost:" + port;
  }
}
