package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole release on MariaDB through MySQL Connector/J, as in production: the {@code mysql} profile (READ
 * COMMITTED), Flyway's migrations, the engine's job executor, and the workers polling {@code /engine-rest} over HTTP.
 */
class ReleaseLifecycleMariaDbIT extends MariaDbReleaseTestBase {

  @DynamicPropertySource
  static void mariaDb(DynamicPropertyRegistry registry) {
    configure(registry, "relman_test", "it");
  }

  @Test
  void releaseRunsToCompletedOnMariaDb() {
    assertThat(jdbc.queryForObject("SELECT VERSION()", String.class)).containsIgnoringCase("mariadb");
    long id = requestAndGate("2026.12.0", temp.resolve("repo-ok"), "checkout");

    completeTask(id, "go-no-go", "alice", Map.of("decision", "GO", "reasoning", "Gates green on MariaDB"));
    JsonNode review = awaitStatus(id, "IN_REVIEW");
    assertThat(review.get("deployments").findValuesAsText("environment")).containsExactly("staging", "production");
    assertThat(review.get("deployments").findValuesAsText("status")).containsExactly("SUCCEEDED", "SUCCEEDED");

    completeTask(id, "post-release-review", "rita", Map.of("summary", "Smooth"));
    JsonNode completed = awaitStatus(id, "COMPLETED");
    assertThat(completed.get("changes").get("count").asInt()).isEqualTo(2);
    assertThat(completed.get("approvals").get(0).get("decision").asText()).isEqualTo("GO");

    JsonNode verify = api("frank").get("/api/audit/verify").json();
    assertThat(verify.get("valid").asBoolean()).isTrue();
    assertThat(verify.get("events").asLong()).isGreaterThan(10);

    // what runs where, and the audit search, read by their SQL on MariaDB
    JsonNode environments = api("erin").get("/api/environments?service=checkout").json();
    assertThat(environments.findValuesAsText("name")).containsExactly("staging", "production");
    for (JsonNode environment : environments) {
      JsonNode checkout = environment.path("services").get(0);
      assertThat(checkout.path("version").asText()).as("%s", environment).isEqualTo("2026.12.0");
      assertThat(checkout.path("status").asText()).as("%s", environment).isEqualTo("DEPLOYED");
    }
    JsonNode found = api("frank").get("/api/audit?release=2026.12.0&action=release&size=2").json();
    assertThat(found.get("total").asLong()).isGreaterThan(2);
    assertThat(found.get("items")).hasSize(2);
    assertThat(found.get("items").findValuesAsText("action")).allSatisfy(a -> assertThat(a).startsWith("release."));
    assertThat(api("frank").get("/api/audit?actor=alice&action=task_completed").json().get("total").asLong())
        .as("_ is no wildcard").isZero();
    // the pages read the same on MariaDB
    var auditor = org.relman.testing.PageSession.as(port, "frank");
    for (String page : List.of("/environments", "/calendar?view=week&date=2024-01-02", "/dora?weeks=52",
        "/audit?verify=&actor=alice")) {
      assertThat(auditor.get(page).statusCode()).as(page).isEqualTo(200);
    }
  }

  @Test
  void failingProductionDeployIsRolledBackOnMariaDb() {
    long id = requestAndGate("2026.12.1-fail-production", temp.resolve("repo-fail"), "ledger");

    completeTask(id, "go-no-go", "alice", Map.of("decision", "GO", "reasoning", "Gates green, rollback ready"));
    JsonNode postMortem = awaitStatus(id, "IN_REVIEW");
    assertThat(postMortem.get("currentSteps").toString()).contains("Write post-mortem");
    assertThat(postMortem.get("deployments").findValuesAsText("status")).containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED");

    JsonNode ledger = api("erin").get("/api/environments?service=ledger").json();
    assertThat(ledger.get(0).path("services").get(0).path("status").asText()).as("%s", ledger).isEqualTo("DEPLOYED");
    assertThat(ledger.get(1).path("services").get(0).path("status").asText()).as("%s", ledger).isEqualTo("ROLLED_BACK");
    assertThat(ledger.get(1).path("services").get(0).path("version").isNull())
        .as("production went back to what ran before relman deployed ledger: nothing it knows").isTrue();
    assertThat(ledger.get(1).path("services").get(0).path("last").path("action").asText()).isEqualTo("rollback");

    completeTask(id, "post-mortem", "rita", Map.of("rootCause", "Health check failed", "summary", "Rolled back"));
    awaitStatus(id, "ROLLED_BACK");
    assertThat(api("frank").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
  }

  @Test
  void releaseWithAMigrationInAWeekendFreezeIsPlannedAndDecidedOnMariaDb() {
    var freeze = api("alice").post("/api/freezes", Map.of("name", "Weekend freeze", "recurrence",
        Map.of("cron", "0 0 18 * * FRI", "duration", "PT62H", "zone", "Europe/Berlin"), "services", List.of("refunds")));
    assertThat(freeze.status()).as("%s", freeze).isEqualTo(201);
    GitFixture repo = GitFixture.withChanges(temp.resolve("repo-migration"), 1);
    repo.commitFile("db/migration/V12__refunds.sql", "CREATE TABLE refunds (id BIGINT);", "feat: refunds table");
    // a Saturday: inside the freeze, and outside business hours
    long id = request("2026.12.2", repo, "refunds", Instant.parse("2024-06-15T10:00:00Z"), false);
    passGates(id, List.of("build", "tests"));

    completeTask(id, "freeze-exception", "alice", Map.of("approved", true, "justification", "Regulator deadline Monday"));
    await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey("approve-release").count() == 2);
    JsonNode assessed = api("frank").get("/api/releases/" + id).json();
    assertThat(assessed.get("risk").get("level").asText()).isEqualTo("HIGH");
    assertThat(assessed.get("risk").get("requiredApprovals").toString()).isEqualTo("[\"security\",\"cab\"]");
    assertThat(assessed.get("risk").get("facts").get("sensitivePaths").asInt()).isEqualTo(1);
    for (var task : tasks.createTaskQuery().processInstanceBusinessKey(String.valueOf(id)).taskDefinitionKey("approve-release").list()) {
      String user = task.getName().startsWith("Security") ? "carol" : "dave";
      Api.Response response = api(user).post("/api/tasks/" + task.getId() + "/complete",
          Map.of("variables", Map.of("approved", true, "comment", "Checked on MariaDB")));
      assertThat(response.status()).as("%s", response).isEqualTo(204);
    }
    completeTask(id, "go-no-go", "rita", Map.of("decision", "GO", "reasoning", "Exception granted, approvals in"));
    awaitStatus(id, "IN_REVIEW");
    completeTask(id, "post-release-review", "alice", Map.of("summary", "Refunds live"));

    JsonNode completed = awaitStatus(id, "COMPLETED");
    assertThat(completed.get("approvals").findValuesAsText("kind"))
        .containsExactly("freeze-exception", "security-review", "cab-approval", "go-no-go");
    JsonNode calendar = api("frank").get("/api/calendar?from=2024-06-14T00:00:00Z&to=2024-06-18T00:00:00Z").json();
    assertThat(calendar.get("releases").findValuesAsText("version")).contains("2026.12.2");
    assertThat(calendar.get("freezes").findValuesAsText("name")).contains("Weekend freeze");
    assertThat(api("frank").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
  }

  @Test
  void hotfixRunsToCompletedOnMariaDb() {
    long id = request("2026.12.3", GitFixture.withChanges(temp.resolve("repo-hotfix"), 1), "cards",
        Instant.now().plus(Duration.ofDays(7)), true);
    passGates(id, List.of("build"));

    completeTask(id, "go-no-go", "alice", Map.of("decision", "GO", "reasoning", "Card outage fix"));
    awaitStatus(id, "IN_REVIEW");
    completeTask(id, "post-release-review", "rita", Map.of("summary", "Outage over"));

    JsonNode completed = awaitStatus(id, "COMPLETED");
    assertThat(completed.get("process").get("key").asText()).isEqualTo("hotfix");
    assertThat(completed.get("risk").get("level").asText()).isEqualTo("HIGH");
  }

  /** A small release of one service on a past weekday at 10:00 UTC, with a rollback plan: LOW risk. */
  private long requestAndGate(String version, Path repoDir, String service) {
    long id = request(version, GitFixture.withChanges(repoDir, 2), service, Instant.parse("2024-06-12T10:00:00Z"), false);
    passGates(id, List.of("build", "tests"));
    awaitStatus(id, "AWAITING_APPROVAL");
    return id;
  }

  private long request(String version, GitFixture repo, String service, Instant plannedStart, boolean hotfix) {
    var body = Map.of("version", version, "services", List.of(service), "plannedStart", plannedStart.toString(),
        "repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main"),
        "rollbackPlan", "redeploy the previous version", "hotfix", hotfix);
    Api.Response created = api("erin").post("/api/releases", body);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    long id = created.json().get("id").asLong();
    awaitStatus(id, "GATING");
    return id;
  }
}
