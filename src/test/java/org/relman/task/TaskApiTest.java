package org.relman.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;
import static org.relman.testing.Problems.assertProblem;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.operaton.bpm.engine.task.Task;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;

/** The human steps through /api/tasks: who sees a task, claiming, and completing the go/no-go form. */
class TaskApiTest extends RelmanTestBase {

  private static final Map<String, Object> GO = Map.of("decision", "GO", "reasoning", "All gates green, small change set");

  // ---------------------------------------------------------------------------------------------- reading

  @Test
  void taskListShowsOnlyTasksOfferedToTheCallersGroups() {
    long id = awaitingApproval("erin");
    Task goNoGo = task(id, "go-no-go");

    JsonNode alices = tasks("alice");
    JsonNode bobs = tasks("bob");

    JsonNode listed = find(alices, goNoGo.getId());
    assertThat(listed).as("alice's tasks: %s", alices).isNotNull();
    assertThat(listed.get("name").asText()).as("the name says which release: its services and version")
        .isEqualTo("Decide go/no-go: " + String.join(", ", jsonList(release(id).get("services"))) + " " + release(id).get("version").asText());
    assertThat(listed.get("due").isNull()).as("every human step is due (relman.tasks.due.go-no-go)").isFalse();
    assertThat(listed.get("kind").asText()).isEqualTo("go-no-go");
    assertThat(listed.get("releaseId").asLong()).isEqualTo(id);
    assertThat(listed.get("releaseVersion").asText()).isEqualTo(release(id).get("version").asText());
    assertThat(listed.get("created").isNull()).isFalse();
    assertThat(listed.get("assignee").isNull()).isTrue();
    assertThat(find(tasks("rita"), goNoGo.getId())).as("rita is a release manager too").isNotNull();
    assertThat(find(bobs, goNoGo.getId())).as("bob (qa) is no candidate: %s", bobs).isNull();
    assertThat(find(tasks("erin"), goNoGo.getId())).as("erin (engineers) is no candidate").isNull();
    assertThat(ids(bobs)).allSatisfy(taskId -> assertThat(taskService.getIdentityLinksForTask(taskId))
        .anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("qa")));
  }

  @Test
  void claimedTaskIsListedForItsAssignee() {
    long id = awaitingApproval("erin");
    Task goNoGo = task(id, "go-no-go");

    assertThat(api("alice").post("/api/tasks/" + goNoGo.getId() + "/claim", "").status()).isEqualTo(204);

    assertThat(find(tasks("alice"), goNoGo.getId()).get("assignee").asText()).isEqualTo("alice");
  }

  @Test
  void taskDetailCarriesTheGoNoGoFormAndItsCurrentValues() {
    long id = awaitingApproval("erin");
    Task goNoGo = task(id, "go-no-go");

    Api.Response response = api("alice").get("/api/tasks/" + goNoGo.getId());

    assertThat(response.status()).as("%s", response).isEqualTo(200);
    JsonNode detail = response.json();
    assertThat(detail.get("id").asText()).isEqualTo(goNoGo.getId());
    assertThat(detail.get("kind").asText()).isEqualTo("go-no-go");
    assertThat(detail.get("releaseId").asLong()).isEqualTo(id);
    JsonNode form = detail.get("form");
    assertThat(form.get("id").asText()).isEqualTo("go-no-go");
    assertThat(form.get("components").findValuesAsText("key")).contains("decision", "reasoning", "newStart");
    JsonNode values = detail.get("values");
    assertThat(fieldNames(values)).containsExactlyInAnyOrder("decision", "reasoning", "newStart");
    values.forEach(value -> assertThat(value.isNull()).isTrue());
    assertThat(detail.get("context").get("releaseVersion").asText()).isEqualTo(release(id).get("version").asText());
  }

  @Test
  void taskOfAnotherGroupIsHiddenFromItsDetail() {
    long id = awaitingApproval("erin");

    Api.Response response = api("bob").get("/api/tasks/" + task(id, "go-no-go").getId());

    assertProblem(response, 404);
  }

  @Test
  void unknownTaskIsNotFound() {
    long approvals = count("approvals");

    assertProblem(api("alice").get("/api/tasks/no-such-task"), 404);
    assertProblem(api("alice").post("/api/tasks/no-such-task/claim", ""), 404);
    assertProblem(complete("alice", "no-such-task", GO), 404);

    assertThat(count("approvals")).isEqualTo(approvals);
  }

  // ---------------------------------------------------------------------------------------------- claiming

  @Test
  void claimedTaskCannotBeClaimedOrCompletedBySomeoneElse() {
    long id = awaitingApproval("erin");
    String taskId = task(id, "go-no-go").getId();

    assertThat(api("alice").post("/api/tasks/" + taskId + "/claim", "").status()).isEqualTo(204);
    assertThat(taskService.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isEqualTo("alice");
    long approvals = count("approvals");
    long audit = count("audit_events");

    assertProblem(api("rita").post("/api/tasks/" + taskId + "/claim", ""), 409);
    assertProblem(complete("rita", taskId, GO), 409);

    assertThat(taskService.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isEqualTo("alice");
    assertThat(count("approvals")).isEqualTo(approvals);
    assertThat(count("audit_events")).isEqualTo(audit);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");

    assertThat(api("alice").post("/api/tasks/" + taskId + "/claim", "").status()).as("claiming again is harmless").isEqualTo(204);
    assertThat(complete("alice", taskId, GO).status()).isEqualTo(204);
    assertThat(status(id)).isEqualTo("SCHEDULED");
  }

  // ---------------------------------------------------------------------------------------------- completing

  static Stream<Arguments> invalidCompletions() {
    String future = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    return Stream.of(
        Arguments.of("unknown field", values("decision", "GO", "reasoning", "All gates are green", "foo", 1), "variables.foo"),
        Arguments.of("missing decision", values("reasoning", "All gates are green"), "variables.decision"),
        Arguments.of("blank decision", values("decision", " ", "reasoning", "All gates are green"), "variables.decision"),
        Arguments.of("unknown decision", values("decision", "MAYBE", "reasoning", "All gates are green"), "variables.decision"),
        Arguments.of("lower-case decision", values("decision", "go", "reasoning", "All gates are green"), "variables.decision"),
        Arguments.of("missing reasoning", values("decision", "GO"), "variables.reasoning"),
        Arguments.of("reasoning of 9 characters", values("decision", "GO", "reasoning", "too short"), "variables.reasoning"),
        Arguments.of("reasoning short once trimmed", values("decision", "GO", "reasoning", "   ok   ok   "), "variables.reasoning"),
        Arguments.of("reasoning as a number", values("decision", "GO", "reasoning", 1234567890123L), "variables.reasoning"),
        Arguments.of("reschedule without newStart", values("decision", "RESCHEDULE", "reasoning", "Waiting for the DB migration"),
            "variables.newStart"),
        Arguments.of("newStart in the past", values("decision", "RESCHEDULE", "reasoning", "Waiting for the DB migration",
            "newStart", "2020-01-01T10:00:00Z"), "variables.newStart"),
        Arguments.of("newStart not an instant", values("decision", "RESCHEDULE", "reasoning", "Waiting for the DB migration",
            "newStart", "next tuesday"), "variables.newStart"),
        Arguments.of("newStart without zone", values("decision", "RESCHEDULE", "reasoning", "Waiting for the DB migration",
            "newStart", future.replace("Z", "")), "variables.newStart"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCompletions")
  void invalidCompletionIsRefusedNamingTheFieldAndLeavesTheTaskOpen(String what, Map<String, Object> variables, String field) {
    long id = awaitingApproval("erin");
    String taskId = task(id, "go-no-go").getId();
    long approvals = count("approvals");
    long audit = count("audit_events");
    JsonNode before = release(id);

    Api.Response response = complete("alice", taskId, variables);

    assertInvalid(response, field);
    assertThat(task(id, "go-no-go").getId()).as("the same task is still open").isEqualTo(taskId);
    assertThat(count("approvals")).isEqualTo(approvals);
    assertThat(count("audit_events")).isEqualTo(audit);
    assertThat(release(id)).isEqualTo(before);
    assertThat(taskService.getVariables(taskId)).doesNotContainKeys("decision", "reasoning", "newStart", "foo");
  }

  @Test
  void completionWithoutVariablesIsRefusedAndLeavesTheTaskOpen() {
    long id = awaitingApproval("erin");
    String taskId = task(id, "go-no-go").getId();
    long approvals = count("approvals");

    assertInvalid(api("alice").post("/api/tasks/" + taskId + "/complete", "{}"), "variables");
    assertInvalid(api("alice").post("/api/tasks/" + taskId + "/complete", "{\"variables\": \"GO\"}"), "variables");
    assertInvalid(api("alice").post("/api/tasks/" + taskId + "/complete", "{\"variabels\": {}}"), "variabels");

    assertThat(task(id, "go-no-go").getId()).isEqualTo(taskId);
    assertThat(count("approvals")).isEqualTo(approvals);
  }

  @Test
  void goRecordsTheApprovalAndSchedulesTheRelease() {
    long id = awaitingApproval("erin");
    String taskId = task(id, "go-no-go").getId();

    assertThat(complete("alice", taskId, GO).status()).isEqualTo(204);

    JsonNode scheduled = release(id);
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    JsonNode approval = scheduled.get("approvals").get(0);
    assertThat(approval.get("kind").asText()).isEqualTo("go-no-go");
    assertThat(approval.get("decision").asText()).isEqualTo("GO");
    assertThat(approval.get("by").asText()).isEqualTo("alice");
    assertThat(approval.get("comment").asText()).isEqualTo("All gates green, small change set");
    assertThat(auditActions(id)).contains("task.completed");
  }

  @Test
  void rescheduleMovesThePlannedStartAndAsksForANewDecision() {
    long id = awaitingApproval("erin");
    String first = task(id, "go-no-go").getId();
    Instant newStart = futureStart(10);

    Api.Response response = complete("alice", first, Map.of("decision", "RESCHEDULE",
        "reasoning", "Payments team is at an offsite that week", "newStart", newStart.toString()));

    assertThat(response.status()).as("%s", response).isEqualTo(204);
    JsonNode rescheduled = release(id);
    assertThat(Instant.parse(rescheduled.get("plannedStart").asText())).isEqualTo(newStart);
    assertThat(rescheduled.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    JsonNode approval = rescheduled.get("approvals").get(0);
    assertThat(approval.get("kind").asText()).isEqualTo("go-no-go");
    assertThat(approval.get("decision").asText()).isEqualTo("RESCHEDULE");
    assertThat(approval.get("by").asText()).isEqualTo("alice");
    assertThat(approval.get("comment").asText()).isEqualTo("Payments team is at an offsite that week");
    assertThat(auditActions(id)).containsSubsequence("release.rescheduled", "task.completed");

    Task second = task(id, "go-no-go");
    assertThat(second.getId()).isNotEqualTo(first);
    JsonNode detail = api("rita").get("/api/tasks/" + second.getId()).json();
    detail.get("values").forEach(value -> assertThat(value.isNull()).as("a new round starts empty: %s", detail).isTrue());

    assertThat(complete("rita", second.getId(), GO).status()).isEqualTo(204);
    assertThat(status(id)).isEqualTo("SCHEDULED");
    assertThat(timers(id)).singleElement().satisfies(timer -> assertThat(timer.getDuedate().toInstant()).isEqualTo(newStart));
    assertThat(fireDueTimers(id)).as("the release waits for the new start").isZero();
  }

  @Test
  void cancelDecisionEndsTheReleaseWithTheReasoning() {
    long id = awaitingApproval("erin");

    assertThat(complete("alice", task(id, "go-no-go").getId(),
        Map.of("decision", "CANCEL", "reasoning", "Superseded by the next release")).status()).isEqualTo(204);

    JsonNode cancelled = release(id);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("cancelReason").asText()).contains("Superseded by the next release");
    assertThat(cancelled.get("approvals").get(0).get("decision").asText()).isEqualTo("CANCEL");
  }

  @Test
  void completedTaskCannotBeCompletedAgain() {
    long id = awaitingApproval("erin");
    String taskId = task(id, "go-no-go").getId();
    assertThat(complete("alice", taskId, GO).status()).isEqualTo(204);
    long approvals = count("approvals");
    long audit = count("audit_events");

    assertProblem(complete("alice", taskId, GO), 409);
    assertProblem(complete("rita", taskId, Map.of("decision", "CANCEL", "reasoning", "Changed my mind entirely")), 409);
    assertProblem(api("rita").post("/api/tasks/" + taskId + "/claim", ""), 409);

    assertThat(count("approvals")).isEqualTo(approvals);
    assertThat(count("audit_events")).isEqualTo(audit);
    assertThat(status(id)).isEqualTo("SCHEDULED");
  }

  @Test
  void nonCandidateCannotCompleteAnotherGroupsTaskAndLearnsNothingOfIt() {
    // relman answers 404, not 403: a task that is not offered to the caller does not exist for them (TaskController)
    long id = awaitingApproval("erin");
    String taskId = task(id, "go-no-go").getId();
    long approvals = count("approvals");
    long audit = count("audit_events");

    assertProblem(complete("bob", taskId, GO), 404);
    assertProblem(api("bob").post("/api/tasks/" + taskId + "/claim", ""), 404);
    assertProblem(complete("frank", taskId, GO), 404);

    assertThat(task(id, "go-no-go").getId()).isEqualTo(taskId);
    assertThat(task(id, "go-no-go").getAssignee()).isNull();
    assertThat(count("approvals")).isEqualTo(approvals);
    assertThat(count("audit_events")).isEqualTo(audit);
  }

  @Test
  void requesterCannotDecideOnTheirOwnRelease() {
    long id = awaitingApproval("alice");
    String taskId = task(id, "go-no-go").getId();
    long approvals = count("approvals");

    Api.Response claim = api("alice").post("/api/tasks/" + taskId + "/claim", "");
    Api.Response completion = complete("alice", taskId, GO);

    assertProblem(claim, 403);
    assertProblem(completion, 403);
    assertThat(completion.json().get("detail").asText()).containsIgnoringCase("four eyes");
    assertThat(task(id, "go-no-go").getAssignee()).isNull();
    assertThat(count("approvals")).isEqualTo(approvals);
    assertThat(complete("rita", taskId, GO).status()).as("another release manager may").isEqualTo(204);
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** A release requested by {@code requester}, with both gates passed: its go/no-go task is open. */
  private long awaitingApproval(String requester) {
    long id = requestRelease(requester, version("2026.12"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    return id;
  }

  private JsonNode tasks(String user) {
    Api.Response response = api(user).get("/api/tasks");
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    assertThat(response.json().isArray()).isTrue();
    return response.json();
  }

  private static JsonNode find(JsonNode tasks, String taskId) {
    for (JsonNode task : tasks) {
      if (taskId.equals(task.get("id").asText())) {
        return task;
      }
    }
    return null;
  }

  private static List<String> ids(JsonNode tasks) {
    List<String> ids = new ArrayList<>();
    tasks.forEach(t -> ids.add(t.get("id").asText()));
    return ids;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Map<String, Object> values(Object... keysAndValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return values;
  }

  private static List<String> jsonList(JsonNode array) {
    List<String> values = new java.util.ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
