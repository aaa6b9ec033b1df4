package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.testing.PageClient;
import org.relman.testing.PagesTestBase;

/** My tasks: the list, a task with its form and basis, and completing it under the API's rules. */
class TaskPagesTest extends PagesTestBase {

  @Test
  void qaSeesTheSignOffWithItsFormAndCompletesItAsThemselves() {
    long id = awaitingQaSignOff("erin");
    String taskId = approvalTask(id, "qa-signoff").getId();
    PageClient bob = signedIn("bob");

    assertThat(bob.get("/tasks").body()).contains("href=\"/tasks/" + taskId + "\"");
    PageClient.Page task = bob.get("/tasks/" + taskId);
    assertThat(task.status()).isEqualTo(200);
    assertThat(task.body()).contains("data-schema=").contains("qa-signoff").contains("Decision basis")
        .contains("riskLevel").contains("/vendor/form-js/form-viewer.umd.js");

    PageClient.Page done = bob.post("/tasks/" + taskId,
        Map.of("variables", "{\"approved\":true,\"comment\":\"Failed tests are known flakes\"}"));

    assertThat(done.status()).as("%s", done).isEqualTo(302);
    assertThat(bob.get("/tasks").body()).contains("Done: QA sign-off for release");
    JsonNode approval = release(id).get("approvals").get(0);
    assertThat(approval.get("kind").asText()).isEqualTo("qa-signoff");
    assertThat(approval.get("by").asText()).isEqualTo("bob");
    assertThat(approval.get("comment").asText()).isEqualTo("Failed tests are known flakes");
  }

  @Test
  void aRejectionWithoutCommentIsRefusedWithTheFieldNamedAndNothingRecorded() {
    long id = awaitingQaSignOff("erin");
    String taskId = approvalTask(id, "qa-signoff").getId();
    PageClient bob = signedIn("bob");
    bob.get("/tasks/" + taskId);

    PageClient.Page refused = bob.post("/tasks/" + taskId, Map.of("variables", "{\"approved\":false}"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("Not done:").contains("Comment");
    assertThat(release(id).get("approvals")).isEmpty();
  }

  @Test
  void theRequesterIsRefusedTheGoNoGoInPlainWords() {
    long id = awaitingQaSignOff("alice");
    String qa = approvalTask(id, "qa-signoff").getId();
    signedIn("bob").get("/tasks/" + qa);
    completeOk("bob", id, "approve-release", Map.of("approved", true, "comment", "ok"));
    String goNoGo = task(id, "go-no-go").getId();
    PageClient alice = signedIn("alice");
    assertThat(alice.get("/tasks").body()).contains("/tasks/" + goNoGo);
    alice.get("/tasks/" + goNoGo);

    PageClient.Page refused = alice.post("/tasks/" + goNoGo,
        Map.of("variables", "{\"decision\":\"GO\",\"reasoning\":\"my own\"}"));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("Four eyes: alice requested release");
    assertThat(task(id, "go-no-go").getId()).isEqualTo(goNoGo);
  }

  @Test
  void aTaskNotOfferedToTheCallerIsNotFound() {
    long id = awaitingQaSignOff("erin");
    String taskId = approvalTask(id, "qa-signoff").getId();
    PageClient erin = signedIn("erin");

    assertThat(erin.get("/tasks/" + taskId).status()).isEqualTo(404);
    erin.get("/tasks");
    assertThat(erin.post("/tasks/" + taskId, Map.of("variables", "{\"approved\":true}")).status()).isEqualTo(404);
    assertThat(release(id).get("approvals")).isEmpty();
  }
}
