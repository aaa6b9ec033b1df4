package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.relman.testing.RelmanTestBase;

/**
 * Signing in to relman's pages with the engine's identities: a session, CSRF on the form, the same refusals as the
 * API, and pages that load only what relman serves.
 */
class SignInTest extends RelmanTestBase {

  @org.springframework.beans.factory.annotation.Autowired
  org.relman.process.WorkerCredentials worker;

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  @Test
  void aPageAsksAnAnonymousVisitorToSignInAndTheRightPasswordLeadsToTheBoard() throws Exception {
    HttpClient browser = browser();

    HttpResponse<String> page = browser.send(get("/releases"), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

    HttpResponse<String> signedIn = signIn(browser, "alice", "alice");
    assertThat(signedIn.statusCode()).isEqualTo(302);
    // back to the page asked for
    assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/releases"));
  }

  @Test
  void aWrongPasswordIsRefusedOnTheSignInPage() throws Exception {
    HttpClient browser = browser();

    HttpResponse<String> refused = signIn(browser, "alice", "not-alice");

    assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?failed"));
    HttpResponse<String> again = browser.send(get("/login?failed"), HttpResponse.BodyHandlers.ofString());
    assertThat(again.body()).contains("Unknown user or wrong password");
    assertThat(again.body()).as("no single sign-on unless relman.security.oidc is on").doesNotContain("/oauth2/");
  }

  @Test
  void theSignInFormNeedsItsCsrfToken() throws Exception {
    HttpClient browser = browser();
    browser.send(get("/login"), HttpResponse.BodyHandlers.ofString());

    HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(URI.create(base() + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(forged.statusCode()).isEqualTo(403);
  }

  @Test
  void theWorkersUserCannotSignInToThePages() throws Exception {
    HttpResponse<String> refused = signIn(browser(), worker.user(), worker.password());

    assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?failed"));
  }

  @Test
  void pagesAllowScriptsAndStylesFromRelmanOnly() throws Exception {
    HttpResponse<String> login = browser().send(get("/login"), HttpResponse.BodyHandlers.ofString());

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
        .contains("script-src 'self'").contains("style-src 'self'").contains("frame-ancestors 'none'"));
    assertThat(login.body()).contains("<label for=\"username\">").contains("<label for=\"password\">")
        .doesNotContain("<script>").doesNotContain("style=");
  }

  private HttpResponse<String> signIn(HttpClient browser, String user, String password)
      throws IOException, InterruptedException {
    HttpResponse<String> form = browser.send(get("/login"), HttpResponse.BodyHandlers.ofString());
    Matcher csrf = CSRF.matcher(form.body());
    assertThat(csrf.find()).as("the sign-in form carries a CSRF token").isTrue();
    String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
    return browser.send(HttpRequest.newBuilder(URI.create(base() + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base() + path)).GET().build();
  }

  private String base() {
    return "http://localhost:" + port;
  }
}
