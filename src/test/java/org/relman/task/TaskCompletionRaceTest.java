package org.relman.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.relman.shared.NotPermitted;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.WebappSession;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * People racing for one task, at every door: release managers completing the same go/no-go at once through relman's
 * API, {@code /engine-rest} or Tasklist store one decision, and the others are told the task is already done (409),
 * whichever check they were at when the first committed; never a 403 (the engine's grant went with the finished task),
 * a 400 (the completion guard read its variables), a 404 or a 500 (the engine's concurrent change, or its own
 * NullPointerException). A claim racing the completion: one of the two wins, and when the claim holds the completion is
 * refused, even when the claim committed after relman checked the task and before the engine read it (both answered 204
 * before, in round 20 of 80 here). One person claiming a task twice at once (a double click) holds it, and every claim
 * says so (before: a 500, the engine's duplicate grant). Races, so rounds: the defaults are what caught each defect
 * here within the first round or few, except the claim against the completion; raise them all with
 * {@code -Drace.rounds=80} when changing the task rules.
 */
class TaskCompletionRaceTest extends RelmanTestBase {

  @Autowired
  private ProcessEngine processEngine;

  private static final Map<String, Object> GO = Map.of("decision", "GO", "reasoning", "Gates green, both of us agree");

  /** A door's answer to one completion: its status and body. */
  private record Answer(int status, String body) {}

  /** One person completing a task through a door. */
  private interface Door {
    Answer complete(String user, String taskId) throws Exception;
  }

  private static final String ENGINE_GO =
      "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"Gates green\"}}}";

  @Test
  void sameTaskCompletedAtOnceIsDoneOnceAndTheOthersAreTold409() throws Exception {
    completedAtOnce(6, (user, taskId) -> {
      Api.Response response = complete(user, taskId, GO);
      return new Answer(response.status(), response.body());
    });
  }

  @Test
  void sameTaskCompletedAtOnceThroughTheEngineRestApiIsDoneOnceAndTheOthersAreTold409() throws Exception {
    // before: the engine's 500 (a concurrent change, an NPE inside the engine), 404 (no such task) or 403 (no grant)
    completedAtOnce(3, (user, taskId) -> {
      Api.Response response = api(user).post("/engine-rest/task/" + taskId + "/complete", ENGINE_GO);
      return new Answer(response.status(), response.body());
    });
  }

  @Test
  void sameTaskSubmittedAtOnceThroughTasklistIsDoneOnceAndTheOthersAreTold409() throws Exception {
    // before: mostly the engine's 500 (a concurrent change, no such task, an NPE inside the engine), or a 403
    Map<String, WebappSession> tasklist = Map.of("alice", WebappSession.login(port, "tasklist", "alice", "alice")
        .session(), "rita", WebappSession.login(port, "tasklist", "rita", "rita").session());
    completedAtOnce(3, (user, taskId) -> {
      HttpResponse<String> response = tasklist.get(user)
          .postJson("/api/engine/engine/default/task/" + taskId + "/submit-form", ENGINE_GO);
      return new Answer(response.statusCode(), response.body());
    });
  }

  /** alice and rita twice each, at once, on one go/no-go: one 204, and "already done" (409) for the others. */
  private void completedAtOnce(int defaultRounds, Door door) throws Exception {
    for (int round = 0; round < rounds(defaultRounds); round++) {
      String taskId = task(atGoNoGo("erin"), "go-no-go").getId();
      List<Answer> answers = atOnce(List.of("alice", "rita", "alice", "rita").stream()
          .<Callable<Answer>>map(user -> () -> door.complete(user, taskId)).toList());
      for (Answer response : answers) {
        assertThat(response.status()).as("round %d: %s", round, response).isIn(204, 409);
        if (response.status() == 409) {
          assertThat(response.body()).as("round %d", round).contains("is already done");
        }
      }
      assertThat(answers).extracting(Answer::status).as("round %d", round).containsOnlyOnce(204);
    }
  }

  /** Runs the calls at the same moment, one thread each; their answers in the calls' order. */
  private static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> running = new ArrayList<>();
      for (Callable<T> call : calls) {
        running.add(pool.submit(() -> {
          start.await();
          return call.call();
        }));
      }
      start.countDown();
      List<T> answers = new ArrayList<>();
      for (Future<T> answer : running) {
        answers.add(answer.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** What was logged at WARN or ERROR about the task while {@code action} ran. */
  private static List<String> alarmsWhile(String taskId, Runnable action) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try {
      action.run();
    } finally {
      root.detachAppender(logged);
    }
    return logged.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
        .map(event -> event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage())
        .filter(line -> line.contains(taskId)).toList();
  }

  /** The rounds a race runs: what caught its defect here, or {@code -Drace.rounds}. */
  private static int rounds(int defaultRounds) {
    return Integer.getInteger("race.rounds", defaultRounds);
  }

  @Test
  void alreadyDoneIsToldOnlyToSomeoneTheDoorSignedIn() {
    long id = atGoNoGo("erin");
    String taskId = task(id, "go-no-go").getId();
    assertThat(complete("alice", taskId, GO).status()).isEqualTo(204);
    WebappSession ritasTasklist = WebappSession.login(port, "tasklist", "rita", "rita").session();
    List<String> alarms = alarmsWhile(taskId, () -> {
      Api.Response late = api("rita").post("/engine-rest/task/" + taskId + "/complete", ENGINE_GO);
      assertThat(late.status()).as("%s", late).isEqualTo(409);
      assertThat(late.body()).contains("TaskAlreadyDone", "is already done (completed at");
      HttpResponse<String> lateInTasklist = ritasTasklist
          .postJson("/api/engine/engine/default/task/" + taskId + "/submit-form", ENGINE_GO);
      assertThat(lateInTasklist.statusCode()).as(lateInTasklist.body()).isEqualTo(409);
      assertThat(lateInTasklist.body()).contains("is already done (completed at");
      HttpResponse<String> lateClaim = ritasTasklist
          .postJson("/api/engine/engine/default/task/" + taskId + "/claim", "{\"userId\":\"rita\"}");
      assertThat(lateClaim.statusCode()).as(lateClaim.body()).isEqualTo(409);
    });
    // before: the engine's ERROR (ENGINE-16004, "Cannot find task") with its stack trace, and Tasklist's WARN
    assertThat(alarms).as("a late answer is no fault: nothing logged at WARN or ERROR").isEmpty();

    // nobody signed in, or signed in wrongly: the door's own refusal, and not a word about the task
    Api nobody = api(null);
    String path = "/engine-rest/task/" + taskId + "/complete";
    String wrongPassword = "Basic " + Base64.getEncoder().encodeToString("rita:not rita's".getBytes());
    Api.Response wrongly = nobody.send(nobody.request(path).header("Authorization", wrongPassword)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ENGINE_GO)));
    for (Api.Response anonymous : List.of(nobody.post(path, ENGINE_GO), wrongly)) {
      assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(401);
      assertThat(anonymous.body()).doesNotContain("already done", "completed");
    }
    WebappSession.Login failed = WebappSession.login(port, "tasklist", "rita", "not rita's password");
    assertThat(failed.status()).isEqualTo(401);
    HttpResponse<String> notSignedIn = failed.session()
        .postJson("/api/engine/engine/default/task/" + taskId + "/submit-form", ENGINE_GO);
    assertThat(notSignedIn.statusCode()).as(notSignedIn.body()).isIn(401, 403);
    assertThat(notSignedIn.body()).doesNotContain("already done", "completed");
  }

  @Test
  void claimRacingTheCompletionIsAConflictNotARefusal() throws Exception {
    for (int round = 0; round < rounds(10); round++) {
      long id = atGoNoGo("erin");
      String taskId = task(id, "go-no-go").getId();
      List<Api.Response> answers = atOnce(List.of(() -> complete("alice", taskId, GO),
          () -> api("rita").post("/api/tasks/" + taskId + "/claim", "")));
      Api.Response completion = answers.get(0);
      Api.Response claim = answers.get(1);
      assertThat(claim.status()).as("round %d, the claim: %s", round, claim).isIn(204, 409);
      // one of them wins: a claim that held (204) and a completion by someone else that also went through would be
      // rita's task completed by alice
      assertThat(claim.status() == 204 && completion.status() == 204).as("round %d: both won", round).isFalse();
      if (claim.status() == 204) {
        assertThat(task(id, "go-no-go").getAssignee()).as("round %d", round).isEqualTo("rita");
      }
      // whoever is first wins: alice completes, or rita claims and alice is told the task is rita's (409 before the
      // engine, 403 from the completion guard when rita's claim committed in between: the guard's own status)
      if (completion.status() != 204) {
        assertThat(completion.status()).as("round %d: %s", round, completion).isIn(403, 409);
        assertThat(completion.body()).as("round %d", round).contains("is claimed by rita");
      }
    }
  }

  /**
   * The race above, made certain: rita's claim committed after relman's check and before the engine read the task.
   * The check before the engine is passed by completing inside an engine command (as the engine does for nested
   * calls); the completing transaction's own check refuses.
   */
  @Test
  void completingATaskSomeoneElseClaimedIsRefusedInTheCompletingTransaction() {
    long id = atGoNoGo("erin");
    String taskId = task(id, "go-no-go").getId();
    assertThat(api("rita").post("/api/tasks/" + taskId + "/claim", "").status()).isEqualTo(204);
    var engine = (ProcessEngineConfigurationImpl) processEngine.getProcessEngineConfiguration();

    identityService.setAuthentication("alice", List.of("release-managers"));
    try {
      assertThatThrownBy(() -> engine.getCommandExecutorTxRequired().execute(context -> {
        taskService.complete(taskId, GO);
        return null;
      })).hasRootCauseInstanceOf(NotPermitted.class)
          .rootCause().hasMessageContaining("is claimed by rita");
    } finally {
      identityService.clearAuthentication();
    }
    assertThat(task(id, "go-no-go").getAssignee()).isEqualTo("rita");
  }

  @Test
  void samePersonClaimingTwiceAtOnceHoldsTheTaskAndBothClaimsSucceed() throws Exception {
    for (int round = 0; round < rounds(4); round++) {
      long id = atGoNoGo("erin");
      String taskId = task(id, "go-no-go").getId();
      // two through relman's API, one through the engine's: one rule at every door
      List<Api.Response> answers = atOnce(List.of(() -> api("alice").post("/api/tasks/" + taskId + "/claim", ""),
          () -> api("alice").post("/api/tasks/" + taskId + "/claim", ""),
          () -> api("alice").post("/engine-rest/task/" + taskId + "/claim", Map.of("userId", "alice"))));
      for (Api.Response response : answers) {
        // a double click on "claim": the task is alice's either way, never a 500
        assertThat(response.status()).as("round %d: %s", round, response).isEqualTo(204);
      }
      assertThat(task(id, "go-no-go").getAssignee()).as("round %d", round).isEqualTo("alice");
    }
  }
}
