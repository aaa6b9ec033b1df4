package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.relman.testing.Browser;
import org.relman.testing.PagesTestBase;

/**
 * relman's pages in a real headless Chromium against the whole application: signing in, the board, the release page's
 * diagram, a QA sign-off in My tasks that the API records as QA's, the requester refused by four eyes, every page
 * readable at 1280 and 390 pixels, and no request leaving relman.
 */
class WebAppBrowserTest extends PagesTestBase {

  private static Browser browser;
  /** Pages that answer a refusal on purpose: the browser logs their status as an error, which is expected. */
  private static final java.util.Set<String> REFUSED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void signedOut() {
    browser.desktop();
    browser.driver().manage().deleteAllCookies();
  }

  @Test
  void signingInLeadsToTheBoardWhichListsANewRelease() {
    String version = version("2036.1");
    long id = requestRelease("erin", version, repository(1));

    signIn("frank");
    browser.open(base() + "/releases?version=" + version);

    WebElement row = browser.waitFor(By.cssSelector("tr[data-release-id='" + id + "']"));
    assertThat(row.getText()).contains(version).contains("erin");
    assertThat(browser.driver().findElement(By.cssSelector(".user-name")).getText()).contains("frank");
    browser.screenshot("web-board");
    assertNothingLeftRelman();
  }

  @Test
  void theReleasePageDrawsItsDiagramWithTheCurrentStepMarked() {
    long id = awaitingQaSignOff("erin");

    signIn("bob");
    browser.open(base() + "/releases/" + id);

    WebElement marked = browser.waitForPresent(By.cssSelector("#diagram .djs-element.current-step"));
    assertThat(marked.getAttribute("data-element-id")).isNotBlank();
    assertThat(browser.driver().findElements(By.cssSelector("#diagram .djs-element.passed-step"))).isNotEmpty();
    assertThat(browser.driver().findElement(By.id("diagram")).getAttribute("data-current")).contains("approve-release");
    assertThat(browser.driver().findElements(By.cssSelector("#diagram-tabs button"))).as("the gates it called")
        .isNotEmpty();
    browser.screenshot("web-release");
    browser.screenshot("web-release-diagram", browser.driver().findElement(By.id("diagram")));
    assertNothingLeftRelman();
  }

  @Test
  void qaSignsOffInMyTasksAndTheRequesterIsRefusedTheGoNoGoWithTheReasonShown() {
    long id = awaitingQaSignOff("alice");
    String qaTask = approvalTask(id, "qa-signoff").getId();

    signIn("bob");
    browser.open(base() + "/tasks");
    browser.waitFor(By.cssSelector("a[href='/tasks/" + qaTask + "']")).click();
    browser.waitForPresent(By.cssSelector("#task-form[data-ready='true']"));
    browser.waitFor(By.cssSelector("#task-form input[type='checkbox']")).click();
    browser.waitFor(By.cssSelector("#task-form textarea")).sendKeys("Two flaky tests, known and tracked");
    awaitFormState("Two flaky tests, known and tracked");
    browser.screenshot("web-task-qa-signoff");
    browser.driver().findElement(By.cssSelector("#task-submit button[type='submit']")).click();
    assertThat(browser.waitFor(By.cssSelector("p.notice[role='status']")).getText()).contains("Done: QA sign-off");

    JsonNode approval = release(id).get("approvals").get(0);
    assertThat(approval.get("kind").asText()).isEqualTo("qa-signoff");
    assertThat(approval.get("decision").asText()).isEqualTo("APPROVED");
    assertThat(approval.get("by").asText()).as("recorded as QA's").isEqualTo("bob");
    assertNothingLeftRelman();

    String goNoGo = task(id, "go-no-go").getId();
    browser.driver().manage().deleteAllCookies();
    signIn("alice");
    browser.open(base() + "/tasks/" + goNoGo);
    browser.waitForPresent(By.cssSelector("#task-form[data-ready='true']"));
    browser.waitFor(By.xpath("//div[@id='task-form']//label[normalize-space()='Go: deploy at the planned start']"))
        .click();
    browser.waitFor(By.cssSelector("#task-form textarea")).sendKeys("My own release looks fine to me");
    awaitFormState("My own release looks fine to me");
    REFUSED.add(base() + "/tasks/" + goNoGo + " ");
    browser.driver().findElement(By.cssSelector("#task-submit button[type='submit']")).click();

    WebElement refusal = browser.waitFor(By.id("refusal"));
    assertThat(refusal.getText()).contains("Not done").contains("Four eyes: alice requested release");
    browser.screenshot("web-task-refused");
    assertThat(task(id, "go-no-go").getId()).as("still open").isEqualTo(goNoGo);
    assertNothingLeftRelman();
  }

  @Test
  void everyPageIsReadableAt1280And390PixelsWide() {
    long id = awaitingQaSignOff("erin");
    String qaTask = approvalTask(id, "qa-signoff").getId();
    signIn("alice");
    Map<String, String> pages = new java.util.LinkedHashMap<>();
    pages.put("board", "/releases");
    pages.put("release", "/releases/" + id);
    pages.put("request", "/releases/new");
    pages.put("tasks", "/tasks");
    for (String width : List.of("1280", "390")) {
      if (width.equals("390")) {
        browser.phone();
      } else {
        browser.desktop();
      }
      for (var page : pages.entrySet()) {
        browser.open(base() + page.getValue());
        browser.waitFor(By.cssSelector("main h1"));
        if (page.getKey().equals("release")) {
          browser.waitForPresent(By.cssSelector("#diagram .current-step"));
        }
        Object overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(((Number) overflow).intValue()).as("%s at %s px scrolls sideways", page.getKey(), width)
            .isLessThanOrEqualTo(0);
        browser.screenshot("web-" + page.getKey() + "-" + width);
      }
    }
    signIn("bob");
    browser.phone();
    browser.open(base() + "/tasks/" + qaTask);
    browser.waitForPresent(By.cssSelector("#task-form[data-ready='true']"));
    assertThat(((Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth;"))
        .intValue()).as("a task at 390 px").isLessThanOrEqualTo(0);
    browser.screenshot("web-task-390");
    assertNothingLeftRelman();
  }

  private void signIn(String user) {
    browser.driver().manage().deleteAllCookies();
    browser.open(base() + "/login");
    browser.waitFor(By.id("username")).sendKeys(user);
    browser.driver().findElement(By.id("password")).sendKeys(user);
    browser.driver().findElement(By.cssSelector("form button[type='submit']")).click();
    browser.until(d -> d.getCurrentUrl().contains("/releases") || d.getCurrentUrl().contains("/tasks"));
  }

  private void awaitFormState(String text) {
    browser.until(d -> {
      String state = browser.driver().findElement(By.id("task-form")).getAttribute("data-state");
      return state != null && state.contains(text);
    });
  }

  private void assertNothingLeftRelman() {
    assertThat(browser.requestsLeaving(base())).as("requests that left relman").isEmpty();
    assertThat(browser.consoleErrors()).as("console errors and CSP refusals")
        .filteredOn(error -> REFUSED.stream().noneMatch(error::startsWith)).isEmpty();
  }

  private String base() {
    return "http://localhost:" + port;
  }
}
