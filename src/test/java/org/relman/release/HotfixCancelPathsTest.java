package org.relman.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.testing.GitFixture;
import org.relman.testing.RelmanTestBase;

/**
 * The ways a hotfix stops before it ships ({@code bpmn/hotfix.bpmn}): its change set cannot be read, a release manager
 * cancels it at a failed gate, or at its go/no-go. Each ends CANCELLED with the reason, at its own end event, with no
 * step left open.
 */
class HotfixCancelPathsTest extends RelmanTestBase {

  @Test
  void hotfixWhoseChangeSetCannotBeReadIsCancelledNamingTheRef() {
    GitFixture repo = repository(1);
    long id = requestRelease("erin", hotfix(repo));
    repo.deleteTag("v1");

    workers().run("collect-change-set", id);

    JsonNode cancelled = release(id);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("cancelReason").asText()).contains("'v1'");
    assertThat(cancelled.get("currentSteps")).isEmpty();
    process(id).hasPassedInOrder("hotfix-requested", "collect-change-set", "change-set-unavailable",
        "release-cancelled-no-change-set").hasNotPassed("await-gates").isEndedAt("release-cancelled-no-change-set");
  }

  @Test
  void hotfixCancelledAtAFailedGateEndsThereWithTheReleaseManagersComment() {
    long id = requestRelease("erin", hotfix(repository(1)));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "FAILED").status()).isEqualTo(202);

    completeOk("alice", id, "gate-failure", Map.of("action", "CANCEL", "comment", "the fix breaks the build"));

    JsonNode cancelled = release(id);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("cancelReason").asText()).contains("build", "the fix breaks the build");
    assertThat(cancelled.get("cancelledBy").asText()).isEqualTo("alice");
    process(id).hasPassed("cancelled-at-gate").isEndedAt("release-cancelled-at-gate").hasNotPassed("go-no-go");
  }

  @Test
  void hotfixCancelledAtItsGoNoGoNeverDeploys() {
    long id = requestRelease("erin", hotfix(repository(1)));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");

    completeOk("alice", id, "go-no-go", Map.of("decision", "CANCEL", "reasoning", "Root cause is elsewhere, not this"));

    JsonNode cancelled = release(id);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("cancelReason").asText()).contains("Root cause is elsewhere");
    assertThat(cancelled.get("deployments")).isEmpty();
    process(id).hasPassed("go-no-go").isEndedAt("release-cancelled-at-go-no-go").hasNotPassed("promote-release");
  }

  private Map<String, Object> hotfix(GitFixture repo) {
    Map<String, Object> body = releaseRequest(version("2026.12"), repo, futureStart(1));
    body.put("hotfix", true);
    return body;
  }
}
