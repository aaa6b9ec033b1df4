package org.relman.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;
import static org.relman.testing.Problems.assertProblem;
import static org.relman.testing.Problems.fields;
import static org.relman.testing.Problems.message;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relman.process.WorkerCredentials;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/** GET /api/metrics/dora: the fixture's numbers over HTTP, real releases run through the engine, refusals. */
class DoraApiTest extends RelmanTestBase {

  private static final AtomicBoolean FIXTURE = new AtomicBoolean();

  @Autowired
  private WorkerCredentials workerCredentials;

  @BeforeEach
  void fixture() {
    if (FIXTURE.compareAndSet(false, true)) {
      DoraFixture.recordHistory(jdbc); // March 2019: no other test's deployment is there
    }
  }

  @Test
  void everyoneSignedInReadsTheMetricsWithTheirDefinitions() {
    for (String user : List.of("erin", "bob", "frank", "alice")) {
      Api.Response response = api(user).get(dora(DoraFixture.FROM, DoraFixture.TO, DoraFixture.PAY));
      assertThat(response.status()).as("%s: %s", user, response).isEqualTo(200);
    }
    JsonNode pay = api("frank").get(dora(DoraFixture.FROM, DoraFixture.TO, DoraFixture.PAY)).json();

    // the numbers of DoraFixture's dora-pay, as JSON
    assertThat(pay.get("from").asText()).isEqualTo("2019-03-01T00:00:00Z");
    assertThat(pay.get("to").asText()).isEqualTo("2019-03-11T00:00:00Z");
    assertThat(pay.get("service").asText()).isEqualTo("dora-pay");
    JsonNode frequency = pay.get("deploymentFrequency");
    assertThat(frequency.get("deployments").asLong()).isEqualTo(4);
    assertThat(frequency.get("days").asDouble()).isEqualTo(10.0);
    assertThat(frequency.get("perDay").asDouble()).isEqualTo(0.4);
    assertThat(frequency.get("perWeek").asDouble()).isEqualTo(2.8);
    JsonNode lead = pay.get("leadTimeForChanges");
    assertThat(lead.get("commits").asLong()).isEqualTo(7);
    assertThat(lead.get("median").asText()).isEqualTo("PT12H");
    assertThat(lead.get("medianSeconds").asLong()).isEqualTo(43_200);
    assertThat(lead.get("p90").asText()).isEqualTo("PT36H");
    assertThat(lead.get("p90Seconds").asLong()).isEqualTo(129_600);
    assertThat(lead.get("percentileMethod").asText()).isEqualTo("nearest-rank");
    JsonNode failures = pay.get("changeFailureRate");
    assertThat(failures.get("deployments").asLong()).isEqualTo(4);
    assertThat(failures.get("failures").asLong()).isEqualTo(2);
    assertThat(failures.get("rate").asDouble()).isEqualTo(0.5);
    assertThat(failures.get("rolledBack").asLong()).isEqualTo(1);
    assertThat(failures.get("hotfixed").asLong()).isEqualTo(1);
    assertThat(failures.get("failureWindow").asText()).isEqualTo("P7D");
    JsonNode restore = pay.get("timeToRestore");
    assertThat(restore.get("restored").asLong()).isEqualTo(2);
    assertThat(restore.get("unrestored").asLong()).isEqualTo(0);
    assertThat(restore.get("median").asText()).isEqualTo("PT20M");
    assertThat(restore.get("medianSeconds").asLong()).isEqualTo(1_200);

    JsonNode definitions = pay.get("definitions");
    for (String metric : List.of("deploymentFrequency", "leadTimeForChanges", "changeFailureRate", "timeToRestore",
        "production")) {
      assertThat(definitions.path(metric).asText()).as(metric).isNotBlank();
    }
    assertThat(definitions.get("leadTimeForChanges").asText()).contains("nearest-rank");
    assertThat(definitions.get("changeFailureRate").asText()).contains("relman.metrics.failure-window (P7D)");

    // without a service: all of them (the fixture's search and ledger releases too)
    JsonNode all = api("erin").get(dora(DoraFixture.FROM, DoraFixture.TO, null)).json();
    assertThat(all.get("service").isNull()).isTrue();
    assertThat(all.get("changeFailureRate").get("rate").asDouble()).isEqualTo(0.5);
    assertThat(all.get("changeFailureRate").get("deployments").asLong()).isEqualTo(8);
  }

  @Test
  void theFixtureReleasesListAndShowLikeAnyOther() {
    // the fixture shares the database with every other test, which may list completed releases
    JsonNode listed = api("frank").get("/api/releases?size=100&status=COMPLETED&service=" + DoraFixture.PAY).json();
    assertThat(listed.get("total").asLong()).isEqualTo(5);
    for (JsonNode item : listed.get("items")) {
      Api.Response one = api("frank").get("/api/releases/" + item.get("id").asLong());
      assertThat(one.status()).as("%s", one).isEqualTo(200);
    }
  }

  @Test
  void withoutARangeTheMetricsCoverTheLastThirtyDays() {
    Instant before = Instant.now();
    JsonNode metrics = api("erin").get("/api/metrics/dora").json();
    Instant after = Instant.now();

    Instant to = Instant.parse(metrics.get("to").asText());
    assertThat(to).isBetween(before.minusSeconds(1), after.plusSeconds(1));
    assertThat(Instant.parse(metrics.get("from").asText())).isEqualTo(to.minus(Duration.ofDays(30)));
    assertThat(metrics.get("deploymentFrequency").get("days").asDouble()).isEqualTo(30.0);

    JsonNode onlyTo = api("erin").get("/api/metrics/dora?to=2019-03-11T00:00:00Z&service=dora-search").json();
    assertThat(onlyTo.get("from").asText()).isEqualTo("2019-02-09T00:00:00Z");
    assertThat(onlyTo.get("deploymentFrequency").get("deployments").asLong()).isEqualTo(2);
  }

  @Test
  void aReleaseShippedThroughTheLifecycleCountsAsADeploymentWithItsCommits() {
    Instant from = Instant.now().minusSeconds(60);
    long id = approved(version("2026.12"));
    shipToNextEnvironment(id);
    shipToNextEnvironment(id);
    assertThat(status(id)).isEqualTo("IN_REVIEW");
    String service = release(id).get("services").get(0).asText();

    JsonNode metrics = api("erin").get(dora(from, Instant.now().plusSeconds(60), service)).json();

    assertThat(metrics.get("deploymentFrequency").get("deployments").asLong()).isEqualTo(1);
    assertThat(metrics.get("changeFailureRate").get("deployments").asLong()).isEqualTo(1);
    assertThat(metrics.get("changeFailureRate").get("failures").asLong()).isEqualTo(0);
    assertThat(metrics.get("changeFailureRate").get("rate").asDouble()).isEqualTo(0.0);
    JsonNode lead = metrics.get("leadTimeForChanges");
    assertThat(lead.get("commits").asLong()).isEqualTo(3);
    // the three commits' lead times, worked out from what relman recorded: commit time → production deploy finished
    Instant deployed = jdbc.queryForObject("SELECT finished_at FROM deployments WHERE release_id = ? AND environment ="
        + " 'production' AND action = 'DEPLOY'", (rs, n) -> org.relman.shared.Db.instant(rs, "finished_at"), id);
    List<Long> leads = new ArrayList<>(jdbc.query("SELECT committed_at FROM changes WHERE release_id = ?",
        (rs, n) -> Duration.between(org.relman.shared.Db.instant(rs, "committed_at"), deployed).getSeconds(), id));
    leads.sort(null);
    assertThat(lead.get("medianSeconds").asLong()).isEqualTo(leads.get(1)); // rank ceil(0.5 × 3) = 2
    assertThat(lead.get("p90Seconds").asLong()).isEqualTo(leads.get(2)); // rank ceil(0.9 × 3) = 3
  }

  @Test
  void aProductionDeploymentRolledBackByTheLifecycleIsAFailureRestoredByItsRollback() {
    Instant from = Instant.now().minusSeconds(60);
    long id = approved(version("2026.12") + "-fail-production");
    shipToNextEnvironment(id);
    workers().run("deploy-release", id); // the demo script fails in production
    workers().run("roll-back-release", id);
    assertThat(release(id).get("environments").findValuesAsText("state")).containsExactly("PROMOTED", "ROLLED_BACK");
    String service = release(id).get("services").get(0).asText();

    JsonNode metrics = api("erin").get(dora(from, Instant.now().plusSeconds(60), service)).json();

    assertThat(metrics.get("deploymentFrequency").get("deployments").asLong()).as("the deploy failed").isEqualTo(0);
    assertThat(metrics.get("leadTimeForChanges").get("commits").asLong()).isEqualTo(0);
    JsonNode failures = metrics.get("changeFailureRate");
    assertThat(failures.get("deployments").asLong()).isEqualTo(1);
    assertThat(failures.get("failures").asLong()).isEqualTo(1);
    assertThat(failures.get("rolledBack").asLong()).isEqualTo(1);
    assertThat(failures.get("rate").asDouble()).isEqualTo(1.0);
    // detected when the deploy failed, restored when the rollback finished
    List<Instant> finished = jdbc.query("SELECT finished_at FROM deployments WHERE release_id = ? AND environment ="
        + " 'production' ORDER BY id", (rs, n) -> org.relman.shared.Db.instant(rs, "finished_at"), id);
    assertThat(finished).hasSize(2);
    JsonNode restore = metrics.get("timeToRestore");
    assertThat(restore.get("restored").asLong()).isEqualTo(1);
    assertThat(restore.get("medianSeconds").asLong()).isEqualTo(Duration.between(finished.get(0), finished.get(1)).getSeconds());
  }

  @Test
  void badParametersAreRefusedNamingThem() {
    Api erin = api("erin");
    Api.Response badFrom = erin.get("/api/metrics/dora?from=yesterday");
    assertInvalid(badFrom, "from");
    assertThat(message(badFrom, "from")).contains("yesterday");
    assertInvalid(erin.get("/api/metrics/dora?to=2019-03-11"), "to");
    Api.Response reversed = erin.get(dora(DoraFixture.TO, DoraFixture.FROM, null));
    assertInvalid(reversed, "from");
    assertThat(message(reversed, "from")).contains("must be before to");
    assertInvalid(erin.get(dora(DoraFixture.FROM, DoraFixture.FROM, null)), "from");
    Api.Response tooLong = erin.get(dora(DoraFixture.FROM, DoraFixture.FROM.plus(Duration.ofDays(367)), null));
    assertInvalid(tooLong, "to");
    assertThat(message(tooLong, "to")).contains("366 days");
    assertThat(erin.get(dora(DoraFixture.FROM, DoraFixture.FROM.plus(Duration.ofDays(366)), null)).status()).isEqualTo(200);
    Api.Response badService = erin.get(dora(DoraFixture.FROM, DoraFixture.TO, "Pay ments!"));
    assertInvalid(badService, "service");
    assertThat(fields(badService)).containsExactly("service");
    Api.Response both = erin.get(dora(DoraFixture.TO, DoraFixture.FROM, "Pay!"));
    assertThat(fields(both)).containsExactlyInAnyOrder("from", "service");
  }

  @Test
  void strangersAndTheWorkersUserMayNotReadTheMetrics() {
    assertProblem(api(null).get("/api/metrics/dora"), 401);
    String basic = Base64.getEncoder().encodeToString((workerCredentials.user() + ":" + workerCredentials.password())
        .getBytes(StandardCharsets.UTF_8));
    Api.Response worker = api(null).send(api(null).request("/api/metrics/dora").GET().header("Authorization", "Basic " + basic));
    // the workers' user never signs in with a password, let alone to the API
    assertProblem(worker, 401);
  }

  /** A release of services of its own, requested, gated and approved, whose planned start has come. */
  private long approved(String version) {
    long id = requestRelease("erin", version, repository(3));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    reportGate(id, "tests", "PASSED");
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "All gates green, small change set"));
    fireDueTimers(id);
    assertThat(status(id)).isEqualTo("DEPLOYING");
    return id;
  }

  private static String dora(Instant from, Instant to, String service) {
    return "/api/metrics/dora?from=" + from + "&to=" + to
        + (service == null ? "" : "&service=" + URLEncoder.encode(service, StandardCharsets.UTF_8));
  }
}
