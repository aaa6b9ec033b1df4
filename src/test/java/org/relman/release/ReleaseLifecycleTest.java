package org.relman.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.relman.testing.GitFixture;
import org.relman.testing.RelmanTestBase;

/** One test per path through bpmn/release.bpmn, driven step by step. */
class ReleaseLifecycleTest extends RelmanTestBase {

  @Test
  void releaseIsCompletedAfterGatesGoDeploymentsAndReview() {
    GitFixture repo = repository(3);
    long id = requestRelease("erin", version("2026.12"), repo);

    assertThat(status(id)).isEqualTo("PLANNING");
    assertThat(release(id).get("currentSteps").toString()).contains("Collect change set");

    workers().run("collect-change-set", id);
    var gating = release(id);
    assertThat(gating.get("status").asText()).isEqualTo("GATING");
    assertThat(gating.get("changes").get("count").asInt()).isEqualTo(3);
    assertThat(gating.get("repository").get("toSha").asText()).isEqualTo(repo.head());
    assertThat(gating.get("currentSteps").toString()).contains("Await gate result (build)", "Await gate result (tests)");

    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("GATING");
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);

    var awaiting = release(id);
    assertThat(awaiting.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(awaiting.get("currentSteps").toString()).contains("Decide go/no-go");
    assertThat(awaiting.get("gates").findValuesAsText("status")).containsExactly("PASSED", "PASSED");

    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "All gates green, small change set"));
    assertThat(status(id)).isEqualTo("SCHEDULED");
    assertThat(release(id).get("approvals").get(0).get("by").asText()).isEqualTo("alice");

    assertThat(fireDueTimers(id)).isEqualTo(1);
    assertThat(status(id)).isEqualTo("DEPLOYING");
    assertThat(release(id).get("currentSteps").toString()).contains("Deploy release (staging)");

    shipToNextEnvironment(id);
    var staging = release(id);
    assertThat(staging.get("currentSteps").toString()).contains("Deploy release (production)");
    assertThat(staging.get("environments").findValuesAsText("state")).containsExactly("PROMOTED", "PENDING");
    shipToNextEnvironment(id);

    var review = release(id);
    assertThat(review.get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(review.get("deployments").findValuesAsText("environment")).containsExactly("staging", "production");
    assertThat(review.get("deployments").findValuesAsText("status")).containsExactly("SUCCEEDED", "SUCCEEDED");

    completeOk("rita", id, "post-release-review", Map.of("summary", "Quiet release", "followUps", "none"));
    var done = release(id);
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.get("currentSteps")).isEmpty();
    assertThat(done.get("review").get("summary").asText()).isEqualTo("Quiet release");

    process(id)
        .hasPassedInOrder("release-requested", "collect-change-set", "await-gates", "go-no-go", "wait-for-planned-start",
            "deploy-release", "verify-deployment", "check-environment", "environment-promoted", "deploy-release",
            "verify-deployment", "check-environment", "environment-promoted", "post-release-review", "release-completed")
        .hasNotPassed("gate-failure", "roll-back-release", "post-mortem")
        .isEndedAt("release-completed");
    assertThat(auditActions(id)).containsSubsequence("release.requested", "changes.collected", "gate.reported",
        "gate.reported", "task.completed", "deployment.started", "deployment.finished", "deployment.started",
        "deployment.finished", "task.completed");
    assertThat(api("frank").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
  }
  /** Requests a release and runs it to the point where its gates are awaited. */
  private long gating(String requester, String version) {
    long id = requestRelease(requester, version, repository(2));
    workers().run("collect-change-set", id);
    assertThat(status(id)).isEqualTo("GATING");
    return id;
  }

  /** Runs a release to the go/no-go decision. */
  private long awaitingDecision(String version) {
    long id = gating("erin", version);
    reportGate(id, "build", "PASSED");
    reportGate(id, "tests", "PASSED");
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    return id;
  }

  @Test
  void failedGateIsRerunAndThenPasses() {
    long id = gating("erin", version("2026.12"));
    reportGate(id, "tests", "PASSED");
    assertThat(reportGate(id, "build", "FAILED").status()).isEqualTo(202);

    var failed = release(id);
    assertThat(failed.get("status").asText()).isEqualTo("GATING");
    assertThat(failed.get("currentSteps").toString()).contains("Decide on failed gate (build)");
    assertThat(failed.get("gates").get(0).get("status").asText()).isEqualTo("FAILED");

    completeOk("alice", id, "gate-failure", Map.of("action", "RERUN", "comment", "flaky test quarantined"));
    var waiting = release(id);
    assertThat(waiting.get("gates").get(0).get("status").asText()).as("build waits for the re-run").isEqualTo("PENDING");
    assertThat(waiting.get("currentSteps").toString()).contains("Await gate result (build)");

    reportGate(id, "build", "PASSED");
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    process(id).hasPassedInOrder("gate-result-in", "gate-failure", "rerun-gate", "gate-result-in", "await-gate-result",
        "gate-passed").hasNotPassed("gate-cancelled");
  }

  @Test
  void failedGateCancelsTheReleaseWhenTheReleaseManagerSaysSo() {
    long id = gating("erin", version("2026.12"));
    reportGate(id, "build", "FAILED");

    completeOk("alice", id, "gate-failure", Map.of("action", "CANCEL", "comment", "broken build, next train"));

    var cancelled = release(id);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("cancelReason").asText()).contains("build", "broken build, next train");
    assertThat(cancelled.get("cancelledBy").asText()).isEqualTo("alice");
    assertThat(cancelled.get("currentSteps")).isEmpty();
    process(id).hasPassed("gate-cancelled").isEndedAt("release-cancelled-at-gate").hasNotPassed("go-no-go");
    assertThat(reportGate(id, "tests", "PASSED").status()).as("no reports once ended").isEqualTo(409);
  }

  @Test
  void gateWithoutResultTimesOutAndALateResultCountsAfterRerun() {
    long id = gating("erin", version("2026.12"));
    reportGate(id, "tests", "PASSED");
    var timeout = timers(id);
    assertThat(timeout).hasSize(1);
    assertThat(timeout.get(0).getDuedate()).isAfter(java.util.Date.from(java.time.Instant.now().plus(java.time.Duration.ofHours(23))));

    management.executeJob(timeout.get(0).getId());

    var timedOut = release(id);
    assertThat(timedOut.get("gates").get(0).get("status").asText()).isEqualTo("TIMED_OUT");
    assertThat(timedOut.get("currentSteps").toString()).contains("Decide on failed gate (build)");
    assertThat(auditActions(id)).contains("gate.timed-out");

    // CI reports while the release manager is still deciding: the report is kept for the re-run
    reportGate(id, "build", "PASSED");
    completeOk("alice", id, "gate-failure", Map.of("action", "RERUN"));

    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    process(id).hasPassedInOrder("gate-timed-out", "gate-result-in", "gate-failure", "gate-result-in", "gate-passed");
  }

  @Test
  void rescheduledReleaseWaitsForItsNewStart() {
    long id = awaitingDecision(version("2026.12"));
    var newStart = futureStart(3);

    completeOk("alice", id, "go-no-go", Map.of("decision", "RESCHEDULE", "reasoning", "Payments freeze until Thursday",
        "newStart", newStart.toString()));

    var rescheduled = release(id);
    assertThat(rescheduled.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(rescheduled.get("plannedStart").asText()).isEqualTo(newStart.toString());
    assertThat(rescheduled.get("approvals").get(0).get("decision").asText()).isEqualTo("RESCHEDULE");
    assertThat(auditActions(id)).contains("release.rescheduled");

    completeOk("rita", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Freeze is over on Thursday"));

    assertThat(status(id)).isEqualTo("SCHEDULED");
    assertThat(fireDueTimers(id)).as("the window has not opened yet").isZero();
    assertThat(timers(id).get(0).getDuedate().toInstant()).isEqualTo(newStart);
    process(id).hasPassedInOrder("go-no-go", "decision", "calendar-merge", "check-calendar", "assess-risk", "go-no-go",
        "decision", "wait-for-planned-start")
        .isWaitingAt("wait-for-planned-start");
  }

  @Test
  void noGoCancelsTheRelease() {
    long id = awaitingDecision(version("2026.12"));

    completeOk("alice", id, "go-no-go", Map.of("decision", "CANCEL", "reasoning", "Ledger team found a data issue"));

    var cancelled = release(id);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("cancelReason").asText()).isEqualTo("No-go: Ledger team found a data issue");
    process(id).isEndedAt("release-cancelled-at-go-no-go").hasNotPassed("wait-for-planned-start");
  }

  /**
   * "Decision?" asks an explicit question on every flow and has no default: a decision the model does not know (a form
   * edited to offer one) stops the release where it is, with the engine's error, instead of cancelling it.
   */
  @Test
  void anUnexpectedDecisionStopsTheReleaseInsteadOfCancellingIt() {
    long id = awaitingDecision(version("2026.12"));
    String instance = processInstanceId(id);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> runtime.createProcessInstanceModification(instance)
            .startBeforeActivity("decision").setVariable("decision", "ABORT").execute())
        .hasMessageContaining("decision");

    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    process(id).hasNotPassed("release-cancelled-at-go-no-go");
    assertThat(task(id, "go-no-go")).as("the decision is still open").isNotNull();
  }

  @Test
  void releaseCancelledThroughTheApiEndsWhereverItIs() {
    long id = awaitingDecision(version("2026.12"));
    String goNoGo = task(id, "go-no-go").getId();

    var response = api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "Superseded by 2026.12.1"));

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json().get("status").asText()).isEqualTo("CANCELLED");
    assertThat(response.json().get("cancelReason").asText()).isEqualTo("Superseded by 2026.12.1");
    assertThat(taskService.createTaskQuery().taskId(goNoGo).count()).as("the open task is gone").isZero();
    process(id).isEndedAt("release-cancelled-on-request");
    assertThat(auditActions(id)).containsSubsequence("release.cancelled", "release.status-changed");
  }

  @Test
  void failedDeployIsRolledBackAndEndsAfterThePostMortem() {
    long id = awaitingDecision(version("2026.12") + "-fail-production");
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates green, rollback plan ready"));
    fireDueTimers(id);

    shipToNextEnvironment(id);
    var result = workers().run("deploy-release", id);
    assertThat(result).isInstanceOf(org.relman.process.WorkResult.BusinessError.class);
    assertThat(release(id).get("currentSteps").toString()).contains("Roll back release (production)");
    workers().run("roll-back-release", id);

    var rolledBack = release(id);
    assertThat(rolledBack.get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(rolledBack.get("currentSteps").toString()).contains("Write post-mortem");
    var deployments = rolledBack.get("deployments");
    assertThat(deployments).hasSize(3);
    assertThat(deployments.get(1).get("environment").asText()).isEqualTo("production");
    assertThat(deployments.get(1).get("status").asText()).isEqualTo("FAILED");
    assertThat(deployments.get(1).get("exitCode").asInt()).isEqualTo(1);
    assertThat(deployments.get(1).get("output").asText()).contains("health check of " + services(id) + " failed");
    assertThat(deployments.get(2).get("action").asText()).isEqualTo("rollback");
    assertThat(deployments.get(2).get("status").asText()).isEqualTo("SUCCEEDED");

    completeOk("rita", id, "post-mortem", Map.of("rootCause", "Health check of the ledger failed after migration",
        "summary", "Production rolled back within two minutes", "followUps", "Add ledger smoke test to CI"));

    var ended = release(id);
    assertThat(ended.get("status").asText()).isEqualTo("ROLLED_BACK");
    assertThat(ended.get("review").get("kind").asText()).isEqualTo("post-mortem");
    assertThat(rolledBack.get("environments").findValuesAsText("state")).containsExactly("PROMOTED", "ROLLED_BACK");
    process(id).hasPassedInOrder("deploy-release", "deploy-release", "shipping-failed", "roll-back-release",
        "environment-rolled-back", "post-mortem").isEndedAt("release-rolled-back").hasNotPassed("post-release-review");
    assertThat(auditActions(id)).containsSubsequence("deployment.finished", "rollback.started", "rollback.finished",
        "task.completed");
  }
}
