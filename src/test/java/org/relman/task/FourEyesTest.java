package org.relman.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relman.shared.NotPermitted;
import org.operaton.bpm.engine.AuthorizationException;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.task.Task;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.WebappSession;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The requester of a release can never complete its go/no-go, on any path into the engine: relman's API, the engine's
 * own TaskService, {@code /engine-rest} and Operaton Tasklist. The same holds for people outside the task's
 * candidate groups. rita is a release manager, so the group rules alone would let her decide on her own release.
 */
class FourEyesTest extends RelmanTestBase {

  private static final Map<String, Object> GO = Map.of("decision", "GO", "reasoning", "I want this out today");

  @Autowired
  IdentityService identity;

  long id;
  Task goNoGo;

  @BeforeEach
  void releaseRequestedByAReleaseManagerAwaitsItsGoNoGo() {
    id = requestRelease("rita", version("2026.12"), repository(1));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    reportGate(id, "tests", "PASSED");
    goNoGo = task(id, "go-no-go");
  }

  @Test
  void requesterIsRefusedByTheApi() {
    var response = complete("rita", goNoGo.getId(), GO);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().get("detail").asText()).contains("Four eyes", "rita");
    assertThat(api("rita").post("/api/tasks/" + goNoGo.getId() + "/claim", "").status()).isEqualTo(403);
    assertStillUndecided();
  }

  @Test
  void requesterIsRefusedByTheEnginesTaskService() {
    identity.setAuthentication("rita", List.of("release-managers"));
    try {
      assertThatThrownBy(() -> taskService.complete(goNoGo.getId(), GO)).isInstanceOf(AuthorizationException.class);
    } finally {
      identity.clearAuthentication();
    }
    assertStillUndecided();
  }

  @Test
  void requesterIsRefusedByTheDoorsEvenWithoutAuthorizationChecks() {
    // the command guards do not depend on the engine's authorizations (an operaton-admin skips those)
    identity.setAuthentication("rita", List.of("release-managers"));
    try {
      assertThatThrownBy(() -> runWithoutAuthorizationChecks(() -> taskService.complete(goNoGo.getId(), GO)))
          .isInstanceOf(AuthorizationException.class)
          .hasMessageContaining("Four eyes");
    } finally {
      identity.clearAuthentication();
    }
    assertStillUndecided();
  }

  @Test
  void requesterIsRefusedByTheTaskListenerWhereTheDoorsAreNotPassed() {
    // a completion the engine runs inside another command is not guarded again, and here not authorization-checked
    // either: the complete listener still refuses
    identity.setAuthentication("rita", List.of("release-managers"));
    try {
      assertThatThrownBy(() -> runWithoutAuthorizationChecks(() -> insideAnotherCommand(
          () -> taskService.complete(goNoGo.getId(), GO))))
          .isInstanceOf(ProcessEngineException.class)
          .hasRootCauseInstanceOf(NotPermitted.class)
          .rootCause().hasMessageContaining("Four eyes");
    } finally {
      identity.clearAuthentication();
    }
    assertStillUndecided();
  }

  @Test
  void unauthenticatedCompletionThroughTheTaskServiceIsRefused() {
    assertThatThrownBy(() -> taskService.complete(goNoGo.getId(), GO))
        .isInstanceOf(ProcessEngineException.class)
        .hasRootCauseInstanceOf(NotPermitted.class)
        .rootCause().hasMessageContaining("signed-in person");
    assertStillUndecided();
  }

  @Test
  void requesterIsRefusedByEngineRest() {
    var response = api("rita").post("/engine-rest/task/" + goNoGo.getId() + "/complete",
        "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"I want this out today\"}}}");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.body()).contains("rita");
    assertStillUndecided();
  }

  @Test
  void requesterIsRefusedByTasklist() {
    var login = WebappSession.login(port, "tasklist", "rita", "rita");
    assertThat(login.status()).isEqualTo(200);

    var response = login.session().postJson("/api/engine/engine/default/task/" + goNoGo.getId() + "/submit-form",
        "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"I want this out today\"}}}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertStillUndecided();
  }

  @Test
  void someoneOutsideTheCandidateGroupsIsRefusedOnEveryPath() {
    assertThat(complete("bob", goNoGo.getId(), GO).status()).isIn(403, 404);
    assertThat(api("bob").post("/engine-rest/task/" + goNoGo.getId() + "/complete",
        "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"I want this out today\"}}}").status())
        .isEqualTo(403);
    identity.setAuthentication("bob", List.of("qa"));
    try {
      assertThatThrownBy(() -> runWithoutAuthorizationChecks(() -> taskService.complete(goNoGo.getId(), GO)))
          .isInstanceOf(AuthorizationException.class)
          .hasMessageContaining("not in a candidate group");
      assertThatThrownBy(() -> runWithoutAuthorizationChecks(() -> insideAnotherCommand(
          () -> taskService.complete(goNoGo.getId(), GO))))
          .hasRootCauseInstanceOf(NotPermitted.class)
          .rootCause().hasMessageContaining("not in a candidate group");
    } finally {
      identity.clearAuthentication();
    }
    assertStillUndecided();
  }

  @Test
  void anotherReleaseManagerDecidesThroughTasklist() {
    var login = WebappSession.login(port, "tasklist", "alice", "alice");

    var response = login.session().postJson("/api/engine/engine/default/task/" + goNoGo.getId() + "/submit-form",
        "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"Gates green, rita asked nicely\"}}}");

    assertThat(response.statusCode()).isEqualTo(204);
    var release = release(id);
    assertThat(release.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(release.get("approvals").get(0).get("by").asText()).isEqualTo("alice");
    assertThat(jdbc.queryForObject("SELECT actor FROM audit_events WHERE release_id = ? AND action = 'task.completed'",
        String.class, id)).isEqualTo("alice");
  }

  @Test
  void invalidFieldsThroughEngineRestAreABadRequestNamingTheField() {
    var response = api("alice").post("/engine-rest/task/" + goNoGo.getId() + "/complete",
        "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"ok\"}}}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("reasoning: must be at least 10 characters");
    assertStillUndecided();
  }

  private void assertStillUndecided() {
    assertThat(taskService.createTaskQuery().taskId(goNoGo.getId()).count()).as("go/no-go still open").isEqualTo(1);
    assertThat(release(id).get("approvals")).isEmpty();
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
  }

  /** Runs the call inside a command of its own, as a listener's call to a service would run. */
  private void insideAnotherCommand(Runnable call) {
    var configuration = (org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
        engine.getProcessEngineConfiguration();
    configuration.getCommandExecutorTxRequired().execute(context -> {
      call.run();
      return null;
    });
  }

  /** Runs an engine call as the authenticated user, but with the engine's authorization checks switched off. */
  private void runWithoutAuthorizationChecks(Runnable call) {
    var configuration = (org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl)
        engine.getProcessEngineConfiguration();
    configuration.setAuthorizationEnabled(false);
    try {
      call.run();
    } finally {
      configuration.setAuthorizationEnabled(true);
    }
  }
}
