package org.relman.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.runtime.Job;
import org.relman.process.WorkResult;
import org.relman.testing.RelmanTestBase;

/**
 * Every human step has a clock: each user task of the four models is due after its {@code relman.tasks.due.*}
 * setting, and its overdue timer runs "Remind and escalate overdue task": the first time it is escalated (raised
 * priority, listed under the release's {@code escalations}, audited), after that reminded; the task stays open and is
 * completed as usual. The approvals and the go/no-go of a hotfix are covered where they are tested (ApprovalsByRiskTest,
 * NotificationsTest), the manual restore and the post-mortem of a release in DeploymentIdempotenceTest.
 */
class OverdueTasksTest extends RelmanTestBase {

  /** Saturday 2023-06-10 10:00 UTC, inside a weekend freeze created below. */
  private static final Instant SATURDAY = Instant.parse("2023-06-10T10:00:00Z");

  @Test
  void overdueFreezeExceptionIsEscalatedThenRemindedAndStaysOpen() {
    long id = requestRelease("erin", releaseRequest(version("2026.12"), repository(2), SATURDAY));
    var freeze = api("alice").post("/api/freezes", Map.of("name", "Weekend freeze", "start", "2023-06-09T16:00:00Z",
        "end", "2023-06-12T06:00:00Z", "services", List.of(services(id).split(","))));
    assertThat(freeze.status()).isEqualTo(201);
    passGates(id);

    fireOverdue(id, "freeze-exception");
    fireOverdue(id, "freeze-exception");

    assertThat(release(id).get("escalations")).as("escalated once, then reminded").hasSize(1);
    assertThat(auditActions(id)).containsSubsequence("task.escalated", "task.reminded");
    completeOk("alice", id, "freeze-exception", Map.of("approved", true, "justification", "Urgent fix for the weekend"));
    assertThat(jobs(id, jobs -> jobs.activityId("freeze-exception-overdue"))).as("no reminders once done").isEmpty();
  }

  @Test
  void overdueFailedGateDecisionIsEscalatedToItsGroup() {
    long id = requestRelease("erin", version("2026.12"), repository(2));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "FAILED");

    fireOverdue(id, "gate-failure");

    assertThat(release(id).get("escalations").findValuesAsText("kind")).containsExactly("gate-failure");
    assertThat(api("alice").get("/api/tasks").json().get(0).get("name").asText()).as("escalated first")
        .startsWith("Decide on failed gate: ");
  }

  @Test
  void overdueGoNoGoAndReviewOfAReleaseAreEscalated() {
    long id = requestRelease("erin", version("2026.12"), repository(2));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    reportGate(id, "tests", "PASSED");
    fireOverdue(id, "go-no-go");
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Late but fine, small change set"));
    fireDueTimers(id);
    shipToNextEnvironment(id);
    shipToNextEnvironment(id);

    fireOverdue(id, "post-release-review");

    assertThat(release(id).get("escalations").findValuesAsText("kind")).containsExactly("go-no-go", "post-release-review");
    completeOk("rita", id, "post-release-review", Map.of("summary", "Quiet release"));
    assertThat(status(id)).isEqualTo("COMPLETED");
  }

  @Test
  void overduePostMortemAndReviewOfHotfixesAreEscalated() {
    long failed = hotfixDeploying(version("2026.12") + "-fail-production");
    shipToNextEnvironment(failed);
    assertThat(workers().run("deploy-release", failed)).isInstanceOf(WorkResult.BusinessError.class);
    workers().run("roll-back-release", failed);
    fireOverdue(failed, "post-mortem");
    assertThat(release(failed).get("escalations").findValuesAsText("kind")).containsExactly("post-mortem");

    long shipped = hotfixDeploying(version("2026.12"));
    shipToNextEnvironment(shipped);
    shipToNextEnvironment(shipped);
    fireOverdue(shipped, "post-release-review");
    assertThat(release(shipped).get("escalations").findValuesAsText("kind")).containsExactly("post-release-review");
  }

  private long hotfixDeploying(String version) {
    Map<String, Object> body = releaseRequest(version, repository(1), futureStart(10));
    body.put("hotfix", true);
    long id = requestRelease("erin", body);
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Card payments fail for some users"));
    assertThat(status(id)).isEqualTo("DEPLOYING");
    return id;
  }

  private void passGates(long id) {
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    reportGate(id, "tests", "PASSED");
  }

  /** Fires the overdue timer of the release's open task of this id; the task stays open. */
  private void fireOverdue(long id, String userTask) {
    List<Job> overdue = jobs(id, jobs -> jobs.activityId(userTask + "-overdue"));
    assertThat(overdue).as("the overdue timer of %s", userTask).hasSize(1);
    management.executeJob(overdue.get(0).getId());
    assertThat(task(id, userTask)).as("%s stays open", userTask).isNotNull();
  }
}
