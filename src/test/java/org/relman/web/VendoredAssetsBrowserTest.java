package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.relman.testing.Browser;
import org.relman.testing.StaticSite;
import org.webjars.WebJarVersionLocator;

/**
 * The front-end libraries relman serves itself work in a real browser, without Spring: the vendored bpmn-js viewer
 * draws {@code bpmn/release.bpmn} and marks a step, the form-js viewer renders {@code forms/go-no-go.form}, the htmx
 * and Chart.js webjars load and run, all under the Content-Security-Policy the pages are meant to get, and nothing is
 * fetched from anywhere but the local server. The page is {@code src/test/resources/browser/vendored-assets.html}; the
 * policy is {@link StaticSite#CONTENT_SECURITY_POLICY}.
 */
class VendoredAssetsBrowserTest {

  private static final String REASONING = "QA and security approved; low risk.";

  private static StaticSite site;
  private static Browser browser;

  @BeforeAll
  static void start() {
    site = StaticSite.start()
        .folder("/bpmn/", Path.of("bpmn"))
        .folder("/forms/", Path.of("forms"))
        .folder("/browser/", Path.of("src/test/resources/browser"));
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (site != null) {
      site.close();
    }
  }

  @BeforeEach
  void openThePage() {
    browser.desktop().open(site.base() + "/browser/vendored-assets.html");
    WebElement status = browser.waitFor(By.cssSelector("#status[data-state]"));
    assertThat(status.getAttribute("data-state")).as(status.getText()).isEqualTo("ready");
  }

  @Test
  void releaseDiagramIsDrawnWithTheCurrentStepMarked() {
    WebElement step = browser.waitForPresent(By.cssSelector("#diagram svg g.djs-element[data-element-id='go-no-go']"));
    assertThat(step.getAttribute("class")).contains("current-step");
    assertThat(browser.script("return getComputedStyle(arguments[0].querySelector('.djs-visual > rect')).stroke",
        step)).as("the marker's stroke, from relman.css").isEqualTo("rgb(11, 92, 173)");
    WebElement diagram = browser.driver().findElement(By.id("diagram"));
    assertThat(diagram.getText()).contains("Decide go/no-go", "Collect change set");
    browser.screenshot("vendored-bpmn", diagram);
  }

  @Test
  void goNoGoFormShowsItsFieldsAndHandsOverTheDecision() {
    assertThat(browser.driver().findElement(By.id("form")).getText())
        .as("the form's text, its {{releaseVersion}} filled in").contains("Go / no-go: release 2.4.0");
    assertThat(browser.waitFor(By.xpath("//label[starts-with(normalize-space(), 'Decision')]")).isDisplayed()).isTrue();
    WebElement reasoning = browser.waitFor(By.xpath("//label[starts-with(normalize-space(), 'Reasoning')]"));
    WebElement textarea = browser.driver().findElement(By.id(reasoning.getAttribute("for")));
    assertThat(textarea.getTagName()).isEqualTo("textarea");

    option("Reschedule: move the planned start").click();
    browser.waitFor(By.xpath("//label[starts-with(normalize-space(), 'New planned start (date)')]"));
    option("Go: deploy at the planned start").click();
    browser.until(driver -> driver.findElements(By.xpath("//label[contains(., 'New planned start')]")).isEmpty());
    textarea.sendKeys(REASONING);
    browser.until(driver -> REASONING.equals(browser.script("return relmanFormData.reasoning")));

    assertThat(browser.script("return relmanForm.submit()")).as("what the form hands over")
        .isEqualTo(Map.of("data", Map.of("decision", "GO", "reasoning", REASONING), "errors", Map.of(),
            "files", Map.of()));
    browser.screenshot("vendored-form", browser.driver().findElement(By.cssSelector(".task-form")));
  }

  @Test
  void htmxAndChartJsRunFromTheirWebjars() {
    assertThat(browser.script("return htmx.version")).isEqualTo(new WebJarVersionLocator().version("htmx.org"));
    browser.driver().findElement(By.id("htmx-load")).click();
    assertThat(browser.waitFor(By.id("htmx-loaded")).getText()).isEqualTo("Loaded by htmx");
    assertThat(browser.script("return Chart.getChart('chart').data.datasets[0].data.length")).isEqualTo(5L);

    browser.phone();
    browser.screenshot("vendored-assets-390");
  }

  @Test
  void nothingIsRefusedByThePolicyNorFetchedFromAnywhereElse() {
    assertThat(browser.script("return window.cspViolations")).as("refused by the policy").asList().isEmpty();
    assertThat(browser.consoleErrors()).isEmpty();
    assertThat(browser.requests()).as("the capture sees the page's requests")
        .contains(site.base() + "/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js",
            site.base() + "/vendor/form-js/form-viewer.umd.js", site.base() + "/webjars/htmx.org/dist/htmx.min.js",
            site.base() + "/webjars/chart.js/dist/chart.umd.min.js", site.base() + "/forms/go-no-go.form");
    assertThat(browser.requestsLeaving(site.base())).isEmpty();
    assertThat(site.answers()).as("answered by the server").allMatch(line -> line.startsWith("200 "));

    browser.script("document.head.appendChild(document.createElement('style')).textContent = 'p {}'");
    Object refusal = browser.until(driver -> browser.script("return window.cspViolations[0]"));
    assertThat(refusal).as("the policy is in force: an inline style is refused").asString().startsWith("style-src");
  }

  private static WebElement option(String label) {
    return browser.waitFor(By.xpath("//div[@id='form']//label[normalize-space()='" + label + "']"));
  }
}
