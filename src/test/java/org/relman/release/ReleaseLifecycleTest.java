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

    workers().run("deploy-release", id);
    assertThat(release(id).get("currentSteps").toString()).contains("Deploy release (production)");
    workers().run("deploy-release", id);

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
            "deploy-release", "deploy-release", "post-release-review", "release-completed")
        .hasNotPassed("gate-failure", "roll-back-release", "post-mortem")
        .isEndedAt("release-completed");
    assertThat(auditActions(id)).containsSubsequence("release.requested", "changes.collected", "gate.reported",
        "gate.reported", "task.completed", "deployment.started", "deployment.finished", "deployment.started",
        "deployment.finished", "task.completed");
    assertThat(api("frank").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
  }
}
