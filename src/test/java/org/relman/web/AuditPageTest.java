package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.relman.testing.PageSession;
import org.relman.testing.RelmanTestBase;

/** The audit page: the chain verified on request, and the trail searched with the API's rules. */
class AuditPageTest extends RelmanTestBase {

  @Test
  void anAuditorFindsARequestByVersionAndActor() {
    String version = version("audit-page");
    long id = requestRelease("erin", version, repository(1));

    String page = PageSession.as(port, "frank").get("/audit?release=" + version + "&actor=erin&action=release").body();

    assertThat(page).contains("<code>release.requested</code>").contains("href=\"/releases/" + id + "\"")
        .contains(version).doesNotContain("<code>changes.collected</code>");
    assertThat(page).containsPattern("Events 1–\\d+ of \\d+, newest first.");
  }

  @Test
  void theVerificationSaysTheChainIsIntact() {
    requestRelease("erin", version("audit-page"), repository(1));
    PageSession alice = PageSession.as(port, "alice");

    String page = alice.get("/audit?verify=").body();
    assertThat(page).contains("The chain is intact.");

    // what htmx asks for: the verification alone
    HttpResponse<String> fragment = alice.getAsHtmx("/audit/verification");
    assertThat(fragment.statusCode()).isEqualTo(200);
    assertThat(fragment.body()).startsWith("<div id=\"verification\"").contains("The chain is intact.")
        .doesNotContain("<html");
  }

  @Test
  void badSearchParametersAreNamedNextToTheirFields() {
    HttpResponse<String> page = PageSession.as(port, "frank").get("/audit?release=a%20b&action=drop%20table&page=x");

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(fieldError(page.body(), "release")).contains("must be a release's id or version");
    assertThat(fieldError(page.body(), "action")).contains("must be an action");
    assertThat(fieldError(page.body(), "page")).contains("'x' is not a whole number");
  }

  @Test
  void whoMayNotSearchIsRefusedTheVerificationToo() {
    assertThat(PageSession.as(port, "erin").getAsHtmx("/audit/verification").statusCode()).isEqualTo(403);
  }

  private static String fieldError(String html, String field) {
    var matcher = Pattern.compile("id=\"" + field + "-error\">([^<]*)<").matcher(html);
    assertThat(matcher.find()).as("an error next to %s", field).isTrue();
    return org.springframework.web.util.HtmlUtils.htmlUnescape(matcher.group(1));
  }
}
