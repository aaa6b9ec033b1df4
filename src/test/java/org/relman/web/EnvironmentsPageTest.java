package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.relman.testing.PageSession;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.Shipping;

/** The environments page shows what {@code GET /api/environments} answers, rollbacks included. */
class EnvironmentsPageTest extends RelmanTestBase {

  @Test
  void aRolledBackEnvironmentShowsTheVersionItWentBackToAndWhatWasRolledBack() {
    String service = "page-env-" + System.nanoTime();
    String good = version("2026.12");
    long first = Shipping.shippedEverywhere(this, good, List.of(service));
    String bad = version("2026.12") + "-fail-production";
    long second = Shipping.scheduled(this, bad, List.of(service));
    shipToNextEnvironment(second);
    workers().run("deploy-release", second);
    workers().run("roll-back-release", second);

    HttpResponse<String> page = PageSession.as(port, "erin").get("/environments");

    assertThat(page.statusCode()).isEqualTo(200);
    String row = row(page.body(), service);
    assertThat(row).contains(">" + bad + "</a>").contains("/releases/" + second)
        .contains(">" + good + "</a>").contains("/releases/" + first)
        .contains("Rolled back").contains(", undoing").contains("Deployed");
  }

  /** The table row of one service. */
  private static String row(String html, String service) {
    int start = html.indexOf(">" + service + "</th>");
    assertThat(start).as("a row for %s", service).isPositive();
    return html.substring(start, html.indexOf("</tr>", start));
  }
}
