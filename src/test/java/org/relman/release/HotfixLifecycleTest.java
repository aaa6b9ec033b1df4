package org.relman.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.testing.RelmanTestBase;

/**
 * The hotfix lifecycle ({@code bpmn/hotfix.bpmn}): its own gates, one go/no-go (four eyes), no waiting for the window,
 * freezes recorded as overridden instead of blocking, the same promotion, and a review that cannot be skipped.
 */
class HotfixLifecycleTest extends RelmanTestBase {

  @Test
  void hotfixRunsEndToEndThroughAFreezeWithoutWaitingForItsWindow() {
    Instant nextMonth = futureStart(30);
    long id = requestHotfix(nextMonth);
    var freeze = api("alice").post("/api/freezes", Map.of("name", "Year-end freeze", "start", Instant.now().minusSeconds(3600).toString(),
        "end", nextMonth.plusSeconds(86_400).toString(), "services", List.of(services(id).split(","))));
    assertThat(freeze.status()).as("%s", freeze).isEqualTo(201);

    workers().run("collect-change-set", id);
    JsonNode gating = release(id);
    assertThat(gating.get("process").get("key").asText()).isEqualTo("hotfix");
    assertThat(gating.get("gates").findValuesAsText("name")).as("relman.hotfix.gates").containsExactly("build");
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);

    JsonNode deciding = release(id);
    assertThat(deciding.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(deciding.get("currentSteps").toString()).contains("Decide go/no-go");
    assertThat(deciding.get("risk").get("level").asText()).as("hotfixes are watched closely").isEqualTo("HIGH");
    assertThat(deciding.get("risk").get("requiredApprovals")).as("one go/no-go instead of approvals").isEmpty();
    assertThat(auditActions(id)).contains("freeze.overridden");
    String overridden = jdbc.queryForObject("SELECT details FROM audit_events WHERE release_id = ? AND action = ?",
        String.class, id, "freeze.overridden");
    assertThat(overridden).contains("Year-end freeze");
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey("freeze-exception").count()).isZero();

    String goNoGo = task(id, "go-no-go").getId();
    assertThat(complete("erin", goNoGo, Map.of("decision", "GO", "reasoning", "My own fix, ship it")).status())
        .as("not a candidate, and the requester").isIn(403, 404);
    var reschedule = complete("alice", goNoGo, Map.of("decision", "RESCHEDULE", "reasoning", "Wait for Monday please",
        "newStart", futureStart(40).toString()));
    assertThat(reschedule.status()).isEqualTo(400);
    assertThat(reschedule.body()).contains("variables.decision", "hotfix");
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Card payments fail for 3 % of users"));

    assertThat(status(id)).as("no wait for the planned start a month ahead").isEqualTo("DEPLOYING");
    assertThat(timers(id)).extracting(job -> job.getDuedate().toInstant()).doesNotContain(nextMonth);
    shipToNextEnvironment(id);
    shipToNextEnvironment(id);

    JsonNode review = release(id);
    assertThat(review.get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(review.get("environments").findValuesAsText("state")).containsExactly("PROMOTED", "PROMOTED");
    completeOk("rita", id, "post-release-review", Map.of("summary", "Fix confirmed in production", "followUps",
        "Add a regression test for the card BIN range"));

    assertThat(status(id)).isEqualTo("COMPLETED");
    process(id).hasPassedInOrder("await-gates", "override-freezes", "assess-risk", "go-no-go", "promote-release",
        "post-release-review").isEndedAt("release-completed");
  }

  @Test
  void hotfixIsNotCompletedUntilItsReviewIsWrittenAndCannotBeCancelledAroundIt() {
    long id = requestHotfix(futureStart(1));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Outage fix, ship now"));
    shipToNextEnvironment(id);
    shipToNextEnvironment(id);
    String reviewTask = task(id, "post-release-review").getId();

    var empty = complete("rita", reviewTask, Map.of("followUps", "none"));
    var cancel = api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "Skip the paperwork"));

    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("variables.summary");
    assertThat(cancel.status()).as("past production, a release cannot be cancelled").isEqualTo(409);
    assertThat(status(id)).isEqualTo("IN_REVIEW");
    assertThat(task(id, "post-release-review").getId()).isEqualTo(reviewTask);
    assertThat(release(id).get("endedAt").isNull()).isTrue();
  }

  @Test
  void failedHotfixIsRolledBackAndEndsAfterItsPostMortem() {
    long id = requestRelease("erin", hotfix(version("2026.12") + "-fail-production", futureStart(1)));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Outage fix, ship now"));
    shipToNextEnvironment(id);

    workers().run("deploy-release", id);
    workers().run("roll-back-release", id);

    assertThat(release(id).get("currentSteps").toString()).contains("Write post-mortem");
    completeOk("rita", id, "post-mortem", Map.of("rootCause", "Health check timed out on the new pool",
        "summary", "Rolled back within five minutes"));
    assertThat(status(id)).isEqualTo("ROLLED_BACK");
    process(id).hasPassed("promotion-rolled-back", "post-mortem").hasNotPassed("post-release-review")
        .isEndedAt("release-rolled-back");
  }

  private long requestHotfix(Instant plannedStart) {
    return requestRelease("erin", hotfix(version("2026.12"), plannedStart));
  }

  private Map<String, Object> hotfix(String version, Instant plannedStart) {
    Map<String, Object> body = releaseRequest(version, repository(1), plannedStart);
    body.put("hotfix", true);
    return body;
  }
}
