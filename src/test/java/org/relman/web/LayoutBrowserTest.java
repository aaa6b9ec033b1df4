package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.relman.testing.Browser;
import org.relman.testing.StaticSite;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.expression.DefaultWebSecurityExpressionHandler;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.extras.springsecurity6.dialect.SpringSecurityDialect;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * {@code templates/layout.html} and {@code static/css/relman.css} hold a page together, at 1280 and at 390 pixels
 * wide: labelled navigation with the current section marked, the signed-in user and a sign-out form, every status
 * badge. The page ({@code src/test/resources/templates/layout-sample.html}) is rendered by Thymeleaf with the Spring
 * Security dialect, without starting the application, and looked at in Chromium under the pages' strict policy.
 */
class LayoutBrowserTest {

  static final List<String> RELEASE_STATUSES = List.of("PLANNING", "GATING", "AWAITING_APPROVAL", "SCHEDULED",
      "DEPLOYING", "MONITORING", "IN_REVIEW", "COMPLETED", "ROLLED_BACK", "CANCELLED");
  static final List<String> GATE_STATUSES = List.of("PENDING", "PASSED", "FAILED", "TIMED_OUT");

  private static StaticSite site;
  private static Browser browser;

  @BeforeAll
  static void start() {
    site = StaticSite.start().page("/releases", render("layout-sample"));
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
  void openTheBoard() {
    browser.desktop().open(site.base() + "/releases");
    browser.waitFor(By.cssSelector("main h1"));
  }

  @Test
  void navigationNamesEverySectionAndMarksTheCurrentOne() {
    List<WebElement> links = browser.driver().findElements(By.cssSelector("nav[aria-label='Main'] a"));
    assertThat(links).extracting(WebElement::getText)
        .containsExactly("Board", "My tasks", "Calendar", "Environments", "DORA", "Audit");
    assertThat(links).extracting(link -> link.getDomAttribute("href"))
        .containsExactly("/releases", "/tasks", "/calendar", "/environments", "/dora", "/audit");
    assertThat(links).extracting(link -> link.getDomAttribute("aria-current"))
        .containsExactly("page", null, null, null, null, null);
    assertThat(browser.driver().getTitle()).isEqualTo("Board · relman");
  }

  @Test
  void signedInUserIsNamedAndSignsOutWithAPost() {
    assertThat(browser.driver().findElement(By.cssSelector(".user-name")).getText().split("\\s+"))
        .as("read out as").containsExactly("Signed", "in", "as", "rita.manager");
    WebElement signOut = browser.driver().findElement(By.xpath("//form[.//button[normalize-space()='Sign out']]"));
    assertThat(signOut.getDomAttribute("action")).isEqualTo("/logout");
    assertThat(signOut.getDomAttribute("method")).isEqualTo("post");
  }

  @Test
  void everyStatusHasABadgeThatReadsWell() {
    for (String status : RELEASE_STATUSES) {
      assertBadgeReadable(browser.driver().findElement(By.cssSelector(".badge.status-" + status)));
    }
    for (String status : GATE_STATUSES) {
      assertBadgeReadable(browser.driver().findElement(By.cssSelector(".badge.gate-" + status)));
    }
  }

  @Test
  void keyboardFocusIsVisibleAndTheSkipLinkComesFirst() {
    browser.driver().findElement(By.tagName("body")).sendKeys(Keys.TAB);
    WebElement focused = browser.driver().switchTo().activeElement();
    assertThat(focused.getText()).isEqualTo("Skip to content");
    assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");
    assertThat(focused.getCssValue("outline-width")).isEqualTo("3px");
    browser.screenshot("layout-focus", browser.driver().findElement(By.cssSelector(".site-header")));
  }

  @Test
  void pageHoldsAt1280AndAt390PixelsWide() {
    browser.screenshot("layout-1280");
    assertThat(browser.script("return document.documentElement.scrollWidth")).isEqualTo(1280L);

    browser.phone();
    browser.open(site.base() + "/releases");
    browser.waitFor(By.cssSelector("main h1"));
    browser.screenshot("layout-390");
    assertThat(browser.script("return document.documentElement.scrollWidth"))
        .as("nothing wider than the phone but the table, which scrolls in its own box").isEqualTo(390L);
    assertThat(browser.script("return window.cspViolations || []")).asList().isEmpty();
    assertThat(browser.consoleErrors()).isEmpty();
    assertThat(browser.requestsLeaving(site.base())).isEmpty();
  }

  private static void assertBadgeReadable(WebElement badge) {
    double ratio = ((Number) browser.script("""
        const style = getComputedStyle(arguments[0]);
        const luminance = (rgb) => {
          const [r, g, b] = rgb.match(/\\d+/g).slice(0, 3).map((c) => {
            const v = c / 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a);
        return (light + 0.05) / (dark + 0.05);""", badge)).doubleValue();
    assertThat(ratio).as("contrast of %s (WCAG AA wants 4.5)", badge.getText()).isGreaterThanOrEqualTo(4.5);
  }

  // Thymeleaf as Spring MVC would run it for a signed-in release manager, minus Spring MVC.
  private static String render(String template) {
    ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
    templates.setPrefix("templates/");
    templates.setSuffix(".html");
    templates.setTemplateMode(TemplateMode.HTML);
    SpringTemplateEngine engine = new SpringTemplateEngine();
    engine.setTemplateResolver(templates);
    engine.addDialect(new SpringSecurityDialect());

    MockServletContext servletContext = new MockServletContext();
    GenericWebApplicationContext application = new GenericWebApplicationContext(servletContext);
    application.registerBean(DefaultWebSecurityExpressionHandler.class);
    application.refresh();
    servletContext.setAttribute(WebApplicationContext.ROOT_WEB_APPLICATION_CONTEXT_ATTRIBUTE, application);
    MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", "/releases");

    Map<String, String> gates = new LinkedHashMap<>();
    List<String> names = List.of("build", "tests", "security scan", "coverage");
    for (int i = 0; i < GATE_STATUSES.size(); i++) {
      gates.put(names.get(i), GATE_STATUSES.get(i));
    }
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
        "rita.manager", null, List.of(new SimpleGrantedAuthority("release-managers"))));
    try {
      WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(servletContext)
          .buildExchange(request, new MockHttpServletResponse()), Locale.ENGLISH,
          Map.of("statuses", RELEASE_STATUSES, "gates", gates));
      return engine.process(template, context);
    } finally {
      SecurityContextHolder.clearContext();
      application.close();
    }
  }
}
