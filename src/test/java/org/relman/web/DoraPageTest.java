package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.relman.testing.PageSession;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.Shipping;

/** The DORA page: the API's numbers for a service and a period, and bad choices named next to their control. */
class DoraPageTest extends RelmanTestBase {

  @Test
  void aServicesPageCountsItsProductionDeploymentsAsTheApiDoes() {
    String service = "dora-page-" + System.nanoTime();
    Shipping.shippedEverywhere(this, version("2026.12"), List.of(service));

    String page = PageSession.as(port, "grace").get("/dora?service=" + service + "&weeks=4").body();

    assertThat(page).contains("1 successful production deployments").contains("0 of 1 deployments")
        .contains("<option value=\"" + service + "\" selected=\"selected\">")
        .contains("data-series=\"{&quot;kind&quot;:&quot;bar&quot;");
    assertThat(api("grace").get("/api/metrics/dora?service=" + service).json()
        .path("deploymentFrequency").path("deployments").asLong()).isEqualTo(1);
  }

  @Test
  void aBadServiceOrPeriodIsNamedNextToItsControl() {
    HttpResponse<String> page = PageSession.as(port, "dave").get("/dora?service=Not+One&weeks=1000");

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(fieldError(page.body(), "service")).isEqualTo("must match [a-z0-9-]{1,64}");
    assertThat(fieldError(page.body(), "weeks")).contains("'1000' is not one of [4, 8, 12, 26, 52] weeks");
  }

  private static String fieldError(String html, String field) {
    var matcher = Pattern.compile("id=\"" + field + "-error\">([^<]*)<").matcher(html);
    assertThat(matcher.find()).as("an error next to %s", field).isTrue();
    return org.springframework.web.util.HtmlUtils.htmlUnescape(matcher.group(1));
  }
}
