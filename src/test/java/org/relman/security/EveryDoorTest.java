package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.AuthorizationException;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.operaton.bpm.engine.task.Task;
import org.relman.process.WorkerCredentials;
import org.relman.testing.Api;
import org.relman.testing.Footprint;
import org.relman.testing.GitFixture;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.WebappSession;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The attacks of issue 9 ("every door keeps the rules"), each tried through every door a person can reach a task by:
 * relman's API, {@code /engine-rest}, Tasklist's engine API (session and XSRF token) and the engine's Java API as the
 * person. Each is refused, and nothing changes: no decision, no audit event, the task still open and as it was, the
 * process variables as they were.
 */
class EveryDoorTest extends RelmanTestBase {

  /** A go/no-go completion with variables a person could slip in to be taken for the change board saying GO. */
  private static final String FORGED = "{\"variables\":{"
      + "\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"Everything is fine, trust me\"},"
      + "\"taskKind\":{\"value\":\"cab-approval\"},\"approved\":{\"value\":true}}}";

  @Autowired
  IdentityService identity;
  @Autowired
  WorkerCredentials worker;
  @Autowired
  ProcessEngineConfigurationImpl engine;

  /** The doors that reach the engine's REST resources. */
  enum Door { ENGINE_REST, TASKLIST }

  // ------------------------------------------------------------------------------- forged kind and decision: 400

  @Test
  void goNoGoCompletedWithAForgedKindAndApprovalIsRefusedThroughEveryDoor() {
    long id = atGoNoGo("erin");
    Task goNoGo = task(id, "go-no-go");
    Snapshot before = snapshot(id, goNoGo);

    for (Door door : Door.values()) {
      for (String action : List.of("complete", "submit-form")) {
        var response = call(door, "alice", "POST", "/task/" + goNoGo.getId() + "/" + action, FORGED);
        assertThat(response.status).as("%s %s: %s", door, action, response.body).isEqualTo(400);
        assertThat(response.body).as("%s %s", door, action).contains("taskKind").contains("approved");
      }
    }
    Api.Response api = complete("alice", goNoGo.getId(), Map.of("decision", "GO", "reasoning", "Everything is fine",
        "taskKind", "cab-approval", "approved", true));
    assertThat(api.status()).as("%s", api).isEqualTo(400);
    assertThat(api.body()).contains("variables.taskKind").contains("variables.approved");
    asUser("alice", List.of(Roles.RELEASE_MANAGERS), () -> assertThatThrownBy(() -> taskService.complete(goNoGo.getId(),
        Map.of("decision", "GO", "reasoning", "Everything is fine", "taskKind", "cab-approval")))
        .isInstanceOf(FormFieldValidationException.class).hasMessageContaining("taskKind"));

    assertThat(snapshot(id, goNoGo)).isEqualTo(before);
  }

  @Test
  void anApprovalIsTheKindItWasCreatedAsWhateverTheCompletionSays() {
    long id = atQaSignoff("erin");
    Task signoff = approvalTask(id, "qa-signoff");
    Snapshot before = snapshot(id, signoff);

    for (Door door : Door.values()) {
      var response = call(door, "bob", "POST", "/task/" + signoff.getId() + "/complete",
          "{\"variables\":{\"approved\":{\"value\":true},\"taskKind\":{\"value\":\"cab-approval\"}}}");
      assertThat(response.status).as("%s: %s", door, response.body).isEqualTo(400);
    }
    assertThat(snapshot(id, signoff)).isEqualTo(before);

    // the same approval without the extra field is recorded as what it is: QA's sign-off by bob
    var response = call(Door.ENGINE_REST, "bob", "POST", "/task/" + signoff.getId() + "/complete",
        "{\"variables\":{\"approved\":{\"value\":true}}}");
    assertThat(response.status).as("%s", response.body).isEqualTo(204);
    assertThat(jdbc.queryForList("SELECT kind || ':' || decision || ':' || decided_by FROM approvals WHERE release_id = ?",
        String.class, id)).containsExactly("qa-signoff:APPROVED:bob");
  }

  @Test
  void changeBoardApprovalIsRefusedToSomeoneOutsideTheBoardThroughEveryDoor() {
    long id = atCabApproval("erin");
    Task cab = approvalTask(id, "cab-approval");
    Snapshot before = snapshot(id, cab);

    for (Door door : Door.values()) {
      var response = call(door, "bob", "POST", "/task/" + cab.getId() + "/complete",
          "{\"variables\":{\"approved\":{\"value\":true}}}");
      assertThat(response.status).as("%s: %s", door, response.body).isIn(403, 404);
    }
    assertThat(complete("bob", cab.getId(), Map.of("approved", true)).status()).isIn(403, 404);
    asUser("bob", List.of(Roles.QA), () -> assertThatThrownBy(() -> taskService.complete(cab.getId(),
        Map.of("approved", true))).isInstanceOf(AuthorizationException.class));

    assertThat(snapshot(id, cab)).isEqualTo(before);
  }

  // --------------------------------------------------------------------------- commands that bypass the form: 403

  @Test
  void resolveBpmnErrorEscalationAndDelegationAreRefusedThroughEveryDoor() {
    long id = atGoNoGo("erin");
    Task goNoGo = task(id, "go-no-go");
    Snapshot before = snapshot(id, goNoGo);
    String task = "/task/" + goNoGo.getId();

    for (Door door : Door.values()) {
      assertRefused(door, "POST", task + "/resolve", "{\"variables\":{\"decision\":{\"value\":\"GO\"}}}");
      assertRefused(door, "POST", task + "/bpmnError", "{\"errorCode\":\"release-cancelled\",\"errorMessage\":\"x\"}");
      assertRefused(door, "POST", task + "/bpmnEscalation", "{\"escalationCode\":\"x\"}");
      assertRefused(door, "POST", task + "/delegate", "{\"userId\":\"rita\"}");
      assertRefused(door, "POST", task + "/assignee", "{\"userId\":\"rita\"}");
      assertRefused(door, "POST", task + "/identity-links", "{\"groupId\":\"engineers\",\"type\":\"candidate\"}");
      assertRefused(door, "PUT", task, "{\"name\":\"Rubber stamp\",\"priority\":1}");
      assertRefused(door, "PUT", task + "/variables/decision", "{\"value\":\"GO\"}");
      assertRefused(door, "PUT", task + "/localVariables/decision", "{\"value\":\"GO\"}");
      assertRefused(door, "POST", task + "/variables", "{\"modifications\":{\"decision\":{\"value\":\"GO\"}}}");
    }
    asUser("alice", List.of(Roles.RELEASE_MANAGERS), () -> {
      assertThatThrownBy(() -> taskService.resolveTask(goNoGo.getId())).isInstanceOf(AuthorizationException.class);
      assertThatThrownBy(() -> taskService.handleBpmnError(goNoGo.getId(), "release-cancelled"))
          .isInstanceOf(AuthorizationException.class);
      assertThatThrownBy(() -> taskService.handleEscalation(goNoGo.getId(), "x"))
          .isInstanceOf(AuthorizationException.class);
      assertThatThrownBy(() -> taskService.createComment(goNoGo.getId(), null, "approved by me"))
          .isInstanceOf(AuthorizationException.class);
      assertThatThrownBy(() -> taskService.createAttachment("text/plain", goNoGo.getId(), null, "proof", "see",
          new java.io.ByteArrayInputStream(new byte[] {1}))).isInstanceOf(AuthorizationException.class);
    });

    assertThat(snapshot(id, goNoGo)).isEqualTo(before);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
  }

  @Test
  void anOperatorToo_cannotEndATaskWithoutItsForm() {
    long id = atGoNoGo("erin");
    Task goNoGo = task(id, "go-no-go");
    Snapshot before = snapshot(id, goNoGo);

    // operaton-admin skips the engine's authorization checks; relman's rules still hold
    for (Door door : Door.values()) {
      var response = call(door, "admin", "POST", "/task/" + goNoGo.getId() + "/bpmnError",
          "{\"errorCode\":\"release-cancelled\"}");
      assertThat(response.status).as("%s: %s", door, response.body).isEqualTo(403);
      var complete = call(door, "admin", "POST", "/task/" + goNoGo.getId() + "/complete",
          "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"operator says go\"}}}");
      assertThat(complete.status).as("%s: %s", door, complete.body).isEqualTo(403);
    }

    assertThat(snapshot(id, goNoGo)).isEqualTo(before);
  }

  @Test
  void claimingForSomeoneElseIsRefusedThroughEveryDoorAndClaimingForOneselfIsAudited() {
    long id = atGoNoGo("erin");
    Task goNoGo = task(id, "go-no-go");
    Snapshot before = snapshot(id, goNoGo);

    for (Door door : Door.values()) {
      // for the requester (who could then be the one to decide), for another release manager, and "for nobody"
      for (String userId : new String[] {"\"erin\"", "\"rita\"", "null"}) {
        var response = call(door, "alice", "POST", "/task/" + goNoGo.getId() + "/claim", "{\"userId\":" + userId + "}");
        assertThat(response.status).as("%s claim for %s: %s", door, userId, response.body).isEqualTo(403);
      }
    }
    asUser("alice", List.of(Roles.RELEASE_MANAGERS), () -> assertThatThrownBy(() -> taskService.claim(goNoGo.getId(),
        "erin")).isInstanceOf(AuthorizationException.class));
    assertThat(snapshot(id, goNoGo)).isEqualTo(before);

    var own = call(Door.TASKLIST, "alice", "POST", "/task/" + goNoGo.getId() + "/claim", "{\"userId\":\"alice\"}");
    assertThat(own.status).as("%s", own.body).isEqualTo(204);
    assertThat(taskService.createTaskQuery().taskId(goNoGo.getId()).singleResult().getAssignee()).isEqualTo("alice");
    assertThat(jdbc.queryForList("SELECT actor || ' ' || action FROM audit_events WHERE release_id = ? AND action LIKE"
        + " 'engine.%'", String.class, id)).contains("alice engine.task.claim");
  }

  @Test
  void processVariablesAreNotPeoplesToChangeButAnOperatorsChangesAreAudited() {
    long id = atGoNoGo("erin");
    Task goNoGo = task(id, "go-no-go");
    String instance = processInstanceId(id);
    Snapshot before = snapshot(id, goNoGo);

    for (Door door : Door.values()) {
      assertRefused(door, "PUT", "/process-instance/" + instance + "/variables/decision", "{\"value\":\"GO\"}");
      assertRefused(door, "POST", "/process-instance/" + instance + "/variables",
          "{\"modifications\":{\"insideFreeze\":{\"value\":false}}}");
      assertRefused(door, "PUT", "/execution/" + goNoGo.getExecutionId() + "/localVariables/decision",
          "{\"value\":\"GO\"}");
    }
    asUser("alice", List.of(Roles.RELEASE_MANAGERS), () -> assertThatThrownBy(() -> runtime.setVariable(instance,
        "decision", "GO")).isInstanceOf(AuthorizationException.class));
    assertThat(snapshot(id, goNoGo)).isEqualTo(before);

    // an operator repairs a stuck release in Cockpit: allowed, and in relman's audit trail with who did it
    var repair = api("admin").send(api("admin").request("/engine-rest/process-instance/" + instance
        + "/variables/repairNote").header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"checked by ops\",\"type\":\"String\"}")));
    assertThat(repair.status()).as("%s", repair).isEqualTo(204);
    assertThat(engineAudit(id)).anySatisfy(event -> assertThat(event).startsWith("admin engine.variable."));
  }

  // ------------------------------------------------------------------------------------ GO needs everything in

  @Test
  void goIsRefusedNamingWhatIsMissingWhileAnApprovalOrAGateIsNotIn() {
    long id = atGoNoGo("erin");
    Task goNoGo = task(id, "go-no-go");
    // the risk policy is assessed again and now wants the change board; and the tests gate is found failed again
    jdbc.update("INSERT INTO risk_assessments (release_id, level, required_approvals, facts, decision, assessed_at)"
        + " SELECT release_id, 'HIGH', 'cab', facts, decision, assessed_at FROM risk_assessments WHERE release_id = ?",
        id);
    jdbc.update("UPDATE gates SET status = 'FAILED' WHERE release_id = ? AND name = 'tests'", id);
    Snapshot before = snapshot(id, goNoGo);

    Api.Response response = complete("alice", goNoGo.getId(), Map.of("decision", "GO", "reasoning", "Looks good to me"));

    assertThat(response.status()).as("%s", response).isEqualTo(400);
    assertThat(response.body()).contains("variables.decision").contains("cab-approval is not given yet")
        .contains("gate 'tests' is FAILED");
    var engineRest = call(Door.ENGINE_REST, "alice", "POST", "/task/" + goNoGo.getId() + "/complete",
        "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"Looks good to me\"}}}");
    assertThat(engineRest.status).as("%s", engineRest.body).isEqualTo(400);
    assertThat(engineRest.body).contains("cab-approval is not given yet");
    assertThat(snapshot(id, goNoGo)).isEqualTo(before);
  }

  // -------------------------------------------------------------------------------- no anonymous administrator

  @Test
  void theSetupPageCreatesNoAdministratorForAnAnonymousVisitor() {
    long users = identity.createUserQuery().count();
    var visitor = WebappSession.login(port, "admin", "nobody", "nobody").session();
    visitor.get("/app/admin/default/setup/");

    var created = visitor.postJson("/api/admin/setup/default/user/create",
        "{\"profile\":{\"id\":\"mallory\",\"firstName\":\"M\",\"lastName\":\"M\",\"email\":\"m@example.org\"},"
            + "\"credentials\":{\"password\":\"mallory-is-admin\"}}");

    assertThat(created.statusCode()).as("%s", created.body()).isEqualTo(403);
    assertThat(identity.createUserQuery().count()).isEqualTo(users);
    assertThat(identity.createUserQuery().userId("mallory").singleResult()).isNull();
    // and the engine refuses an anonymous identity change whichever door a later version might open
    var user = identity.newUser("mallory");
    user.setPassword("mallory-is-admin");
    assertThatThrownBy(() -> identity.saveUser(user)).isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> identity.createMembership("erin", Roles.ADMINS)).isInstanceOf(AuthorizationException.class);
    assertThat(identity.createUserQuery().memberOfGroup(Roles.ADMINS).list()).extracting("id").containsExactly("admin");
  }

  // ----------------------------------------------------------------------------------------- no lock-out

  @Test
  void wrongPasswordsLockNobodyOutOnAnyDoor() {
    String user = "lee-" + System.nanoTime();
    var lee = identity.newUser(user);
    lee.setPassword("right password");
    asOperator(() -> {
      identity.saveUser(lee);
      identity.createMembership(user, Roles.RELEASE_MANAGERS);
    });

    for (int i = 0; i < 12; i++) {
      assertThat(basic(user, "wrong " + i, "/api/releases").status()).isEqualTo(401);
      assertThat(basic(user, "wrong " + i, "/engine-rest/task").status()).isEqualTo(401);
      assertThat(WebappSession.login(port, "tasklist", user, "wrong " + i).status()).isEqualTo(401);
    }

    assertThat(basic(user, "right password", "/api/releases").status()).isEqualTo(200);
    assertThat(basic(user, "right password", "/engine-rest/task").status()).isEqualTo(200);
    assertThat(WebappSession.login(port, "tasklist", user, "right password").status()).isEqualTo(200);
  }

  @Test
  void theWorkersUserCannotSignInWithAPasswordSoNobodyCanLockItOrGuessIt() {
    for (int i = 0; i < 12; i++) {
      assertThat(basic(worker.user(), "guess " + i, "/engine-rest/external-task").status()).isEqualTo(401);
    }
    // not even with the token as a password, on any door
    assertThat(basic(worker.user(), worker.password(), "/engine-rest/external-task").status()).isEqualTo(401);
    assertThat(basic(worker.user(), worker.password(), "/api/releases").status()).isEqualTo(401);
    assertThat(WebappSession.login(port, "cockpit", worker.user(), worker.password()).status()).isEqualTo(401);

    // the workers' token still works, however many wrong passwords came before
    var fetch = api(null).send(api(null).request("/engine-rest/external-task/fetchAndLock")
        .header("Authorization", "Bearer " + worker.password()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"workerId\":\"door-test\",\"maxTasks\":1,"
            + "\"topics\":[{\"topicName\":\"no-such-topic\",\"lockDuration\":1000}]}")));
    assertThat(fetch.status()).as("%s", fetch).isEqualTo(200);
    var wrongToken = api(null).send(api(null).request("/engine-rest/external-task/fetchAndLock")
        .header("Authorization", "Bearer not-the-token").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"workerId\":\"door-test\",\"maxTasks\":1,\"topics\":[]}")));
    assertThat(wrongToken.status()).isEqualTo(401);
  }

  @Test
  void theWorkersUserMayNotChangeAReleasesCourse() {
    long id = atGoNoGo("erin");
    Task goNoGo = task(id, "go-no-go");
    String instance = processInstanceId(id);
    Snapshot before = snapshot(id, goNoGo);

    for (String[] call : new String[][] {
        {"PUT", "/engine-rest/process-instance/" + instance + "/variables/decision", "{\"value\":\"GO\"}"},
        {"POST", "/engine-rest/message", "{\"messageName\":\"cancel-release\",\"processInstanceId\":\"" + instance + "\"}"},
        {"POST", "/engine-rest/task/" + goNoGo.getId() + "/complete", "{}"}}) {
      var response = api(null).send(api(null).request(call[1]).header("Authorization", "Bearer " + worker.password())
          .header("Content-Type", "application/json").method(call[0], HttpRequest.BodyPublishers.ofString(call[2])));
      assertThat(response.status()).as("%s %s: %s", call[0], call[1], response).isEqualTo(403);
    }
    assertThat(snapshot(id, goNoGo)).isEqualTo(before);
  }

  @Test
  void aUserIdMatchesOnlyAsStored() {
    assertThat(basic("ALICE", "alice", "/api/releases").status()).isEqualTo(401);
    assertThat(basic("Alice", "alice", "/engine-rest/task").status()).isEqualTo(401);
    assertThat(WebappSession.login(port, "tasklist", "ALICE", "alice").status()).isEqualTo(401);
    assertThat(basic("alice", "alice", "/api/releases").status()).isEqualTo(200);
  }

  // ------------------------------------------------------------------------------------ engine-side audit

  @Test
  void identityChangesByAnOperatorAreAuditedWithTheOperator() {
    String user = "newbie-" + System.nanoTime();
    long before = count("audit_events");

    var create = api("admin").post("/engine-rest/user/create", "{\"profile\":{\"id\":\"" + user + "\",\"firstName\":\"N\","
        + "\"lastName\":\"B\",\"email\":\"n@example.org\"},\"credentials\":{\"password\":\"" + user + "-secret\"}}");
    var join = api("admin").send(api("admin").request("/engine-rest/group/cab/members/" + user)
        .PUT(HttpRequest.BodyPublishers.noBody()));
    var leave = api("admin").send(api("admin").request("/engine-rest/group/cab/members/" + user).DELETE());

    assertThat(List.of(create.status(), join.status(), leave.status())).containsOnly(204);
    List<String> events = jdbc.queryForList("SELECT actor || ' ' || action FROM audit_events WHERE seq > ? AND action"
        + " LIKE 'engine.%' ORDER BY seq", String.class, before);
    assertThat(events).contains("admin engine.user.create", "admin engine.group-membership.create",
        "admin engine.group-membership.delete");
    assertThat(jdbc.queryForList("SELECT details FROM audit_events WHERE seq > ? AND action = 'engine.group-membership.create'",
        String.class, before)).singleElement().asString().contains("\"to\":\"" + user + "\"").contains("\"to\":\"cab\"");
  }

  @Test
  void anOperatorsJobRetriesAndCancellationInCockpitAreAudited() {
    long id = atGoNoGo("erin");
    String instance = processInstanceId(id);
    var cancel = api("admin").send(api("admin").request("/engine-rest/process-instance/" + instance
        + "?skipCustomListeners=false").DELETE());

    assertThat(cancel.status()).as("%s", cancel).isEqualTo(204);
    assertThat(engineAudit(id)).contains("admin engine.process-instance.delete");
  }

  // ------------------------------------------------------------------------------------------ expressions

  @Test
  void expressionsInModelsReachRelmansModelBeansOnly() {
    var expressions = engine.getExpressionManager();
    Object plan = engine.getCommandExecutorTxRequired().execute(context -> expressions.createExpression("${releasePlan}")
        .getValue(org.operaton.bpm.engine.impl.el.StartProcessVariableScope.getSharedInstance()));
    assertThat(plan).isNotNull();
    // a release started on an older model version still finds its delegate by the name that version used
    Object former = engine.getCommandExecutorTxRequired().execute(context -> expressions
        .createExpression("${riskAssessment}")
        .getValue(org.operaton.bpm.engine.impl.el.StartProcessVariableScope.getSharedInstance()));
    assertThat(former.getClass().getSimpleName()).startsWith("AssessRisk");
    for (String bean : List.of("releases", "jdbcTemplate", "identityService", "taskList", "dataSource")) {
      assertThatThrownBy(() -> engine.getCommandExecutorTxRequired().execute(context -> expressions
          .createExpression("${" + bean + "}")
          .getValue(org.operaton.bpm.engine.impl.el.StartProcessVariableScope.getSharedInstance())))
          .as(bean).hasMessageContaining(bean);
    }
  }

  // ------------------------------------------------------------------------------------------------ fixture

  /** What a refused attack must leave as it was. */
  record Snapshot(Footprint rows, boolean taskOpen, String assignee, Map<String, Object> variables) {}

  private Snapshot snapshot(long id, Task task) {
    Task now = taskService.createTaskQuery().taskId(task.getId()).singleResult();
    Map<String, Object> variables = new TreeMap<>();
    for (String instance : processInstanceIds(id)) {
      runtime.getVariables(instance).forEach((name, value) -> variables.put(instance + "/" + name, value));
    }
    if (now != null) {
      runtime.getVariablesLocal(now.getExecutionId()).forEach((name, value) -> variables.put("task/" + name, value));
    }
    return new Snapshot(Footprint.of(jdbc, runtime, "approvals", "audit_events", "reviews", "task_records", "releases"),
        now != null, now == null ? null : now.getAssignee(), variables);
  }

  private record Reply(int status, String body) {}

  private Reply call(Door door, String user, String method, String path, String json) {
    if (door == Door.ENGINE_REST) {
      HttpRequest.Builder request = api(user).request("/engine-rest" + path).header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
      Api.Response response = api(user).send(request);
      return new Reply(response.status(), response.body());
    }
    var login = WebappSession.login(port, "tasklist", user, user);
    assertThat(login.status()).as("%s signs in to Tasklist", user).isEqualTo(200);
    var response = login.session().sendJson(method, "/api/engine/engine/default" + path, json);
    return new Reply(response.statusCode(), response.body());
  }

  private void assertRefused(Door door, String method, String path, String json) {
    Reply reply = call(door, "alice", method, path, json);
    assertThat(reply.status).as("%s %s %s: %s", door, method, path, reply.body).isEqualTo(403);
  }

  private void asUser(String user, List<String> groups, Runnable call) {
    identity.setAuthentication(user, groups);
    try {
      call.run();
    } finally {
      identity.clearAuthentication();
    }
  }

  private List<String> engineAudit(long id) {
    return jdbc.queryForList("SELECT actor || ' ' || action FROM audit_events WHERE release_id = ? AND action LIKE"
        + " 'engine.%' ORDER BY seq", String.class, id);
  }

  private Api.Response basic(String user, String password, String path) {
    String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return api(null).send(api(null).request(path).header("Authorization", "Basic " + credentials).GET());
  }

  /** A small change with 55 % test coverage: MEDIUM risk, QA signs off. */
  private long atQaSignoff(String requester) {
    long id = requestRelease(requester, version("2026.12"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(api(null).signedPost("/api/releases/" + id + "/gates/tests", "{\"status\":\"PASSED\",\"summary\":\"ok\","
        + "\"metrics\":{\"testsTotal\":10,\"testsFailed\":0,\"coverage\":55.0}}").status()).isEqualTo(202);
    return id;
  }

  /** A change under a sensitive path: HIGH risk, security and the change board approve. */
  private long atCabApproval(String requester) {
    GitFixture repo = repository(1);
    repo.commitFile("src/main/resources/db/migration/V7__fees.sql", "ALTER TABLE payments ADD fee INT;", "feat: fees");
    long id = requestRelease(requester, version("2026.12"), repo);
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    return id;
  }

  private Task approvalTask(long id, String kind) {
    List<Task> matching = new ArrayList<>();
    for (Task task : taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey("approve-release").list()) {
      if (kind.equals(jdbc.queryForObject("SELECT kind FROM task_records WHERE task_id = ?", String.class,
          task.getId()))) {
        matching.add(task);
      }
    }
    assertThat(matching).as("open %s of release %s", kind, id).hasSize(1);
    return matching.get(0);
  }
}
