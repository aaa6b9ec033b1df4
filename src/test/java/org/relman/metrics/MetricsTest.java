package org.relman.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /actuator/prometheus} after releases ran: relman's own meters with values, to a release manager or an
 * administrator and to Prometheus's scrape token, never to anybody else; {@code /actuator/info} with the build; and the
 * Grafana dashboard in docs/ asks only for meters that exist.
 */
class MetricsTest extends RelmanTestBase {

  private static final String SCRAPE_TOKEN = "test-scrape-token-0123456789";
  private static final Pattern METRIC = Pattern.compile("\\b(relman_[a-z_]+)");

  @Autowired
  DoraGauges dora;

  @Test
  void prometheusShowsRelmansMetersWithValuesAfterAReleaseRan() {
    long id = completedRelease();
    dora.refresh();

    String scrape = scrape("alice");

    assertThat(value(scrape, "relman_releases{status=\"COMPLETED\"}")).isGreaterThanOrEqualTo(1);
    assertThat(value(scrape, "relman_gate_wait_seconds_count")).isGreaterThanOrEqualTo(1);
    assertThat(value(scrape, "relman_approval_wait_seconds_count{kind=\"go-no-go\"}")).isGreaterThanOrEqualTo(1);
    assertThat(value(scrape, "relman_deploy_duration_seconds_count{action=\"deploy\",environment=\"production\","
        + "status=\"SUCCEEDED\"}")).isGreaterThanOrEqualTo(1);
    assertThat(value(scrape, "relman_gate_reports_total{status=\"PASSED\"}")).isGreaterThanOrEqualTo(2);
    assertThat(value(scrape, "relman_dora_deployments_per_day{service=\"_all\"}")).isPositive();
    String service = release(id).path("services").get(0).asText();
    assertThat(value(scrape, "relman_dora_deployments_per_day{service=\"" + service + "\"}")).isPositive();
    assertThat(scrape).contains("relman_rollbacks_total{environment=\"production\",status=\"SUCCEEDED\"}",
        "relman_notifications_pending", "relman_notification_failures_total{channel=\"slack\"}",
        "relman_external_task_pickup_seconds_count{topic=\"deploy-release\"}", "relman_soak_duration_seconds_count",
        "relman_dora_lead_time_seconds", "relman_dora_change_failure_rate", "relman_dora_time_to_restore_seconds",
        "jvm_memory_used_bytes");
  }

  @Test
  void prometheusIsForReleaseManagersAdministratorsAndTheScrapeTokenOnly() {
    assertThat(api("admin").get("/actuator/prometheus").status()).isEqualTo(200);
    Api.Response byToken = api(null).send(api(null).request("/actuator/prometheus")
        .header("Authorization", "Bearer " + SCRAPE_TOKEN).GET());
    assertThat(byToken.status()).as("%s", byToken.status()).isEqualTo(200);
    assertThat(byToken.body()).contains("relman_releases{");

    assertThat(api(null).get("/actuator/prometheus").status()).isEqualTo(401);
    assertThat(api(null).send(api(null).request("/actuator/prometheus")
        .header("Authorization", "Bearer " + SCRAPE_TOKEN + "x").GET()).status()).isEqualTo(401);
    assertThat(api(null).send(api(null).request("/actuator/prometheus")
        .header("Authorization", "Bearer " + SCRAPE_TOKEN.substring(1)).GET()).status()).isEqualTo(401);
    for (String person : List.of("erin", "frank", "bob")) {
      assertThat(api(person).get("/actuator/prometheus").status()).as(person).isEqualTo(403);
    }
    // the scrape token opens the metrics, nothing else
    assertThat(api(null).send(api(null).request("/api/releases").header("Authorization", "Bearer " + SCRAPE_TOKEN)
        .GET()).status()).isEqualTo(401);
  }

  @Test
  void infoShowsTheBuild() {
    Api.Response info = api(null).get("/actuator/info");

    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json().path("build").path("version").asText()).isNotBlank();
    assertThat(info.json().path("build").path("artifact").asText()).isEqualTo("relman");
    assertThat(info.json().has("java")).as("nothing about the machine to anonymous callers").isFalse();
  }

  @Test
  void grafanaDashboardAsksOnlyForMetersThatExist() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("docs/grafana/relman-dashboard.json")));
    Set<String> used = new TreeSet<>();
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    for (JsonNode panel : panels) {
      panel.path("targets").forEach(target -> {
        Matcher m = METRIC.matcher(target.path("expr").asText());
        while (m.find()) {
          used.add(m.group(1));
        }
      });
    }
    Matcher variables = METRIC.matcher(dashboard.path("templating").toString());
    while (variables.find()) {
      used.add(variables.group(1));
    }
    dora.refresh();

    String scrape = scrape("alice");

    assertThat(used).as("meters the dashboard uses").hasSizeGreaterThan(10);
    assertThat(used).allSatisfy(metric -> assertThat(scrape).as(metric).containsPattern("(?m)^" + metric + "[{ ]"));
    assertThat(dashboard.path("uid").asText()).isEqualTo("relman-overview");
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** A release that ran its whole lifecycle: gates, go/no-go, staging, production, review. */
  private long completedRelease() {
    long id = requestRelease("erin", version("metrics"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Both gates green, small change"));
    fireDueTimers(id);
    shipToNextEnvironment(id);
    shipToNextEnvironment(id);
    completeOk("rita", id, "post-release-review", Map.of("summary", "Quiet release", "followUps", "none"));
    assertThat(status(id)).isEqualTo("COMPLETED");
    return id;
  }

  private String scrape(String user) {
    Api.Response response = api(user).get("/actuator/prometheus");
    assertThat(response.status()).as("%s", response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/plain");
    return response.body();
  }

  /** The value of the sample whose name and labels start with {@code series} (labels in Prometheus's order). */
  private static double value(String scrape, String series) {
    String open = series.endsWith("}") ? series.substring(0, series.length() - 1) : series;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(open) && (series.endsWith("}") || line.charAt(open.length()) == ' '
          || line.charAt(open.length()) == '{')) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no sample " + series + " in\n" + scrape.lines().filter(l -> l.startsWith("relman_"))
        .reduce("", (a, b) -> a + b + "\n"));
  }
}
