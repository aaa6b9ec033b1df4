package org.relman.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.runtime.Job;
import org.operaton.bpm.engine.task.Task;
import org.relman.testing.GitFixture;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One test per risk route through "Assess risk" and "Approve release": LOW goes straight to the go/no-go; a migration
 * under a sensitive path is HIGH and needs security and the change board, in parallel; a rejection blocks GO until a
 * reschedule asks again; overdue approvals are escalated without being taken away.
 */
class ApprovalsByRiskTest extends RelmanTestBase {

  @Autowired
  IdentityService identity;

  private static final Map<String, Object> GO = Map.of("decision", "GO", "reasoning", "Gates green, approvals in");

  @Test
  void twoCommitChangeWithGreenGatesInBusinessHoursIsLowAndGoesStraightToGoNoGo() {
    long id = gatesPassed(repository(2));

    JsonNode view = release(id);
    assertThat(view.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(view.get("risk").get("level").asText()).isEqualTo("LOW");
    assertThat(view.get("risk").get("requiredApprovals")).isEmpty();
    assertThat(view.get("risk").get("facts").get("commits").asInt()).isEqualTo(2);
    assertThat(view.get("risk").get("facts").get("outsideBusinessHours").asBoolean()).isFalse();
    assertThat(view.get("risk").get("policy").asText()).startsWith("risk-policy:");
    assertThat(view.get("currentSteps").toString()).contains("Decide go/no-go").doesNotContain("Approve release");
    assertThat(approvalTasks(id)).isEmpty();
    assertThat(auditActions(id)).contains("risk.assessed");
    process(id).hasPassedInOrder("check-calendar", "assess-risk", "go-no-go");

    completeOk("alice", id, "go-no-go", GO);
    assertThat(status(id)).isEqualTo("SCHEDULED");
  }

  @Test
  void migrationUnderASensitivePathIsHighRiskAndNeedsSecurityAndTheChangeBoardInParallel() {
    GitFixture repo = repository(1);
    repo.commitFile("src/main/resources/db/migration/V7__add_refunds.sql", "ALTER TABLE payments ADD refunded BOOLEAN;",
        "feat(payments): refunds column");
    long id = gatesPassed(repo);

    JsonNode view = release(id);
    assertThat(view.get("risk").get("level").asText()).isEqualTo("HIGH");
    assertThat(texts(view.get("risk").get("requiredApprovals"))).containsExactly("security", "cab");
    assertThat(view.get("risk").get("facts").get("sensitivePaths").asInt()).isEqualTo(1);
    assertThat(view.get("risk").get("facts").get("sensitiveFiles").toString()).contains("V7__add_refunds.sql");
    assertThat(view.get("currentSteps").toString()).contains("Approve release (security)", "Approve release (cab)");
    assertThat(kinds(approvalTasks(id))).containsExactlyInAnyOrder("security-review", "cab-approval");

    JsonNode carolsTasks = api("carol").get("/api/tasks").json();
    assertThat(carolsTasks.findValuesAsText("kind")).contains("security-review").doesNotContain("cab-approval");
    String securityTask = taskOf(id, "security-review").getId();
    JsonNode detail = api("carol").get("/api/tasks/" + securityTask).json();
    assertThat(detail.get("name").asText()).isEqualTo("Security review");
    assertThat(detail.get("form").get("id").asText()).isEqualTo("security-review");
    assertThat(api("dave").post("/api/tasks/" + securityTask + "/complete",
        Map.of("variables", Map.of("approved", true))).status()).as("not offered to dave (cab)").isEqualTo(404);

    assertThat(complete("carol", securityTask, Map.of("approved", true, "comment", "Migration is additive")).status())
        .isEqualTo(204);
    assertThat(status(id)).as("the change board has not decided yet").isEqualTo("AWAITING_APPROVAL");
    assertThat(complete("dave", taskOf(id, "cab-approval").getId(), Map.of("approved", true)).status()).isEqualTo(204);

    JsonNode approved = release(id);
    assertThat(approved.get("currentSteps").toString()).contains("Decide go/no-go");
    assertThat(approved.get("approvals").findValuesAsText("kind")).containsExactly("security-review", "cab-approval");
    assertThat(approved.get("approvals").findValuesAsText("by")).containsExactly("carol", "dave");
    JsonNode goNoGo = api("alice").get("/api/tasks/" + task(id, "go-no-go").getId()).json();
    assertThat(goNoGo.get("context").get("risk").get("level").asText()).isEqualTo("HIGH");
    assertThat(goNoGo.get("context").get("approvals").findValuesAsText("comment")).contains("Migration is additive");
    assertThat(taskService.getVariableLocal(task(id, "go-no-go").getId(), "decisionBasis").toString())
        .contains("**Risk:** HIGH", "security-review approved by carol (Migration is additive)", "cab-approval approved by dave");
    assertThat(auditActions(id).stream().filter("task.completed"::equals)).hasSize(2);

    completeOk("alice", id, "go-no-go", GO);
    assertThat(status(id)).isEqualTo("SCHEDULED");
  }

  @Test
  void requesterCannotApproveTheirOwnRelease() {
    String engineer = securityEngineer();
    GitFixture repo = repository(1);
    repo.commitFile("src/main/java/org/shop/security/Tokens.java", "class Tokens {}", "fix(security): token check");
    long id = gatesPassed(engineer, repo);
    String securityTask = taskOf(id, "security-review").getId();

    var refused = complete(engineer, securityTask, Map.of("approved", true, "comment", "Looks fine to me"));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("detail").asText()).contains("Four eyes", engineer);
    assertThat(approvalTasks(id)).extracting(Task::getId).contains(securityTask);
    assertThat(release(id).get("approvals")).isEmpty();
  }

  @Test
  void rejectionWithoutACommentIsRefusedNamingTheField() {
    long id = gatesPassed(lowCoverage());
    String qaTask = taskOf(id, "qa-signoff").getId();

    var refused = complete("bob", qaTask, Map.of("approved", false));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("variables.comment");
    assertThat(approvalTasks(id)).extracting(Task::getId).containsExactly(qaTask);
    assertThat(release(id).get("approvals")).isEmpty();
  }

  @Test
  void rejectedApprovalBlocksGoUntilARescheduleAsksForItAgain() {
    long id = gatesPassed(lowCoverage());
    JsonNode view = release(id);
    assertThat(view.get("risk").get("level").asText()).isEqualTo("MEDIUM");
    assertThat(texts(view.get("risk").get("requiredApprovals"))).containsExactly("qa");

    assertThat(complete("bob", taskOf(id, "qa-signoff").getId(),
        Map.of("approved", false, "comment", "Coverage of the refund path is 55 %")).status()).isEqualTo(204);

    String goNoGo = task(id, "go-no-go").getId();
    var go = complete("alice", goNoGo, GO);
    assertThat(go.status()).isEqualTo(400);
    assertThat(go.body()).contains("variables.decision", "GO is not possible", "qa-signoff was rejected by bob",
        "Coverage of the refund path is 55 %");
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    assertThat(taskService.getVariableLocal(goNoGo, "decisionBasis").toString()).contains("GO is not possible");

    var newStart = futureStart(14);
    completeOk("alice", id, "go-no-go", Map.of("decision", "RESCHEDULE", "reasoning", "QA adds refund tests first",
        "newStart", newStart.toString()));

    JsonNode rescheduled = release(id);
    assertThat(rescheduled.get("plannedStart").asText()).isEqualTo(newStart.toString());
    assertThat(kinds(approvalTasks(id))).as("the rejected approval is asked again").containsExactly("qa-signoff");
    process(id).hasPassedInOrder("approve-release", "go-no-go", "calendar-merge", "check-calendar", "assess-risk",
        "approve-release");

    assertThat(complete("bob", taskOf(id, "qa-signoff").getId(), Map.of("approved", true, "comment", "Tests added"))
        .status()).isEqualTo(204);
    completeOk("rita", id, "go-no-go", Map.of("decision", "GO", "reasoning", "QA signed off after the new tests"));
    assertThat(status(id)).isEqualTo("SCHEDULED");
    assertThat(release(id).get("approvals").findValuesAsText("decision"))
        .containsExactly("REJECTED", "RESCHEDULE", "APPROVED", "GO");
  }

  @Test
  void approvalGivenBeforeARescheduleIsNotAskedAgain() {
    GitFixture repo = repository(1);
    repo.commitFile("db/migration/V8__index.sql", "CREATE INDEX ix ON payments (created_at);", "perf: index");
    long id = gatesPassed(repo);
    assertThat(complete("carol", taskOf(id, "security-review").getId(), Map.of("approved", true)).status()).isEqualTo(204);
    assertThat(complete("dave", taskOf(id, "cab-approval").getId(),
        Map.of("approved", false, "comment", "Not during the sale weekend")).status()).isEqualTo(204);

    completeOk("alice", id, "go-no-go", Map.of("decision", "RESCHEDULE", "reasoning", "After the sale weekend",
        "newStart", futureStart(20).toString()));

    assertThat(kinds(approvalTasks(id))).containsExactly("cab-approval");
  }

  @Test
  void overdueApprovalsAreEscalatedAndStayOpen() {
    GitFixture repo = repository(1);
    repo.commitFile("services/ledger/db/migration/V3__split.sql", "ALTER TABLE ledger ADD split INT;", "feat: split");
    long id = gatesPassed(repo);
    List<Task> open = approvalTasks(id);
    assertThat(open).hasSize(2);
    assertThat(open).allSatisfy(t -> assertThat(t.getDueDate()).as("due after relman.approvals.escalate-after").isNotNull());
    assertThat(complete("carol", taskOf(id, "security-review").getId(), Map.of("approved", true)).status()).isEqualTo(204);

    List<Job> overdue = jobs(id, jobs -> jobs.activityId("approve-release-overdue"));
    assertThat(overdue).as("one overdue timer for the approvals").hasSize(1);
    assertThat(overdue.get(0).getDuedate()).isAfter(new java.util.Date(System.currentTimeMillis() + 3 * 3600_000L));
    management.executeJob(overdue.get(0).getId());

    String cabTask = taskOf(id, "cab-approval").getId();
    JsonNode view = release(id);
    assertThat(view.get("escalations")).singleElement().satisfies(e -> {
      assertThat(e.get("kind").asText()).isEqualTo("cab-approval");
      assertThat(e.get("taskId").asText()).isEqualTo(cabTask);
      assertThat(e.get("escalatedAt").isNull()).isFalse();
    });
    assertThat(auditActions(id)).contains("approval.escalated");
    JsonNode detail = api("dave").get("/api/tasks/" + cabTask).json();
    assertThat(detail.get("escalatedAt").isNull()).isFalse();
    assertThat(detail.get("priority").asInt()).isGreaterThan(50);
    JsonNode davesList = api("dave").get("/api/tasks").json();
    assertThat(davesList.get(0).get("id").asText()).as("escalated tasks come first").isEqualTo(cabTask);
    assertThat(davesList.get(0).get("escalatedAt").isNull()).as("the list says when").isFalse();
    assertThat(view.get("currentSteps").toString()).contains("Approve release (cab)");

    assertThat(complete("dave", cabTask, Map.of("approved", true, "comment", "Late, but fine")).status()).isEqualTo(204);
    assertThat(release(id).get("currentSteps").toString()).contains("Decide go/no-go");
  }

  /** Someone who may both request releases (engineers) and give security reviews (security), password = name. */
  private String securityEngineer() {
    String name = "sec-eng-" + System.nanoTime() % 1_000_000;
    var user = identity.newUser(name);
    user.setPassword(name);
    asOperator(() -> {
      identity.saveUser(user);
      identity.createMembership(name, "engineers");
      identity.createMembership(name, "security");
    });
    return name;
  }

  /** A release of the demo repository requested by erin, collected, both gates passed. */
  private long gatesPassed(GitFixture repo) {
    return gatesPassed("erin", repo);
  }

  private long gatesPassed(String requester, GitFixture repo) {
    long id = requestRelease(requester, version("2026.12"), repo);
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(api(null).signedPost("/api/releases/" + id + "/gates/tests", testsReport()).status()).isEqualTo(202);
    return id;
  }

  private String coverage = "87.5";

  private String testsReport() {
    return "{\"status\":\"PASSED\",\"summary\":\"1200 tests green\",\"url\":\"https://ci.example/tests\","
        + "\"metrics\":{\"testsTotal\":1200,\"testsFailed\":0,\"coverage\":" + coverage + "}}";
  }

  /** A small change whose tests pass with 55 % coverage: MEDIUM, QA signs off. */
  private GitFixture lowCoverage() {
    coverage = "55.0";
    return repository(2);
  }

  private List<Task> approvalTasks(long id) {
    return taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey("approve-release").list();
  }

  private Task taskOf(long id, String kind) {
    List<Task> matching = approvalTasks(id).stream().filter(t -> kind.equals(kindOf(t))).toList();
    assertThat(matching).as("open %s tasks of release %s", kind, id).hasSize(1);
    return matching.get(0);
  }

  private List<String> kinds(List<Task> tasks) {
    return tasks.stream().map(this::kindOf).toList();
  }

  private String kindOf(Task task) {
    return (String) runtime.getVariableLocal(task.getExecutionId(), "taskKind");
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
