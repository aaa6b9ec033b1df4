package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.relman.testing.Browser;
import org.relman.testing.StaticSite;

/**
 * The pictures of the four models in {@code docs/} are what the models draw today: each model is drawn by the bpmn-js
 * viewer relman serves, in Chromium, and exported as SVG, as the Camunda Modeler's "Export as SVG" does. A picture that
 * differs fails the build; {@code -Drelman.pictures.update=true} writes the new pictures into {@code docs/} (the fresh
 * ones are always under {@code target/model-pictures/}).
 */
class ModelPicturesBrowserTest {

  private static StaticSite site;
  private static Browser browser;

  @BeforeAll
  static void start() {
    site = StaticSite.start()
        .folder("/bpmn/", Path.of("bpmn"))
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

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"release", "hotfix", "gates", "promotion"})
  void pictureInDocsIsWhatTheModelDraws(String model) throws IOException {
    browser.desktop().open(site.base() + "/browser/model-picture.html?model=" + model + ".bpmn");
    WebElement status = browser.waitFor(By.cssSelector("#status[data-state]"));
    assertThat(status.getAttribute("data-state")).as(status.getText()).isEqualTo("ready");
    assertThat(browser.script("return window.relmanWarnings")).as("bpmn-js reads the model without warnings")
        .asList().isEmpty();
    String drawn = stableMarkerIds((String) browser.script("return window.relmanSvg"));
    assertThat(drawn).contains("<svg", "data-element-id");

    Path fresh = Path.of("target/model-pictures", model + ".svg");
    Files.createDirectories(fresh.getParent());
    Files.writeString(fresh, drawn, StandardCharsets.UTF_8);
    Path picture = Path.of("docs", model + ".svg");
    if (Boolean.getBoolean("relman.pictures.update")) {
      Files.writeString(picture, drawn, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(picture) ? Files.readString(picture, StandardCharsets.UTF_8) : "")
        .as("%s is not what bpmn/%s.bpmn draws: the model changed. Look at %s and copy it to %s, or run the browser"
            + " tests with -Drelman.pictures.update=true (docs/process-owners.md)", picture, model, fresh, picture)
        .isEqualTo(drawn);
  }

  /** bpmn-js names its arrowhead markers at random: numbered in order of appearance, a picture is the same every time. */
  static String stableMarkerIds(String svg) {
    java.util.Map<String, String> names = new java.util.LinkedHashMap<>();
    java.util.regex.Matcher marker = java.util.regex.Pattern.compile("marker-[a-z0-9]+").matcher(svg);
    StringBuilder stable = new StringBuilder();
    while (marker.find()) {
      marker.appendReplacement(stable, names.computeIfAbsent(marker.group(), m -> "marker-" + (names.size() + 1)));
    }
    return marker.appendTail(stable).toString();
  }
}
