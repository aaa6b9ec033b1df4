package org.relman.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.operaton.bpm.engine.DecisionService;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.task.IdentityLink;
import org.operaton.bpm.engine.task.Task;
import org.relman.process.WorkResult;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The facts relman gathers for real releases (a real git repository, CI reports on the signed webhook, the release
 * request, the calendar, relman's own deployment history), what the deployed risk policy makes of them, and the
 * approval tasks that follow ({@code ReleasePlan.approvalsNeeded}). Each release has services of its own, so no other
 * test's releases count as conflicts or history.
 */
class RiskFactsTest extends RelmanTestBase {

  private static final String MIGRATION = "src/main/resources/db/migration/V9__x.sql";
  private static final AtomicInteger SERVICES = new AtomicInteger();

  @Autowired
  DecisionService decisions;
  @Autowired
  RepositoryService repositoryService;

  // sensitive paths, end to end

  @Test
  void changeTouchingAMigrationIsHighRiskAndAsksSecurityAndTheChangeBoard() {
    GitFixture repo = repository(1);
    commitFile(repo, MIGRATION, lines("ALTER TABLE payments ADD COLUMN note VARCHAR(100);", 4), "feat: payment notes");
    long id = requestRelease("erin", version("2026.12"), repo);

    workers().run("collect-change-set", id);
    assertThat(release(id).get("risk").isNull()).as("no assessment before the gates").isTrue();
    passGates(id);

    JsonNode view = release(id);
    assertThat(view.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    JsonNode risk = view.get("risk");
    assertThat(risk.get("level").asText()).isEqualTo("HIGH");
    assertThat(texts(risk.get("requiredApprovals"))).containsExactly("security", "cab");
    assertThat(risk.get("facts").get("sensitivePaths").asInt()).isEqualTo(1);
    assertThat(texts(risk.get("facts").get("sensitiveFiles"))).containsExactly(MIGRATION);
    assertThat(risk.get("facts").get("commits").asInt()).isEqualTo(2);
    assertThat(risk.get("facts").get("linesChanged").asInt()).as("3 lines of the fixture commit, 4 of the migration")
        .isEqualTo(7);
    assertThat(risk.get("policy").asText()).matches("risk-policy:\\d+");
    assertThat(risk.get("assessedAt").asText()).isNotBlank();

    assertThat(approvalTasks(id)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "security-review", List.of("security"), "cab-approval", List.of("cab")));
    assertThat(view.get("currentSteps").toString()).contains("Approve release");
    assertThat(openTaskKinds("carol", id)).containsExactly("security-review");
    assertThat(openTaskKinds("dave", id)).containsExactly("cab-approval");
    assertThat(openTaskKinds("bob", id)).as("QA is not asked").isEmpty();
    process(id).hasPassedInOrder("await-gates", "check-calendar", "assess-risk").isWaitingAt("approve-release")
        .hasNotPassed("go-no-go");

    assertThat(auditActions(id)).containsSubsequence("changes.collected", "gate.reported", "gate.reported",
        "risk.assessed");
    JsonNode assessed = auditEvent(id, "risk.assessed");
    assertThat(assessed.get("level").asText()).isEqualTo("HIGH");
    assertThat(texts(assessed.get("requiredApprovals"))).containsExactly("security", "cab");
    assertThat(assessed.get("decision").asText()).isEqualTo(risk.get("policy").asText());
    assertThat(assessed.get("facts").get("sensitivePaths").asInt()).isEqualTo(1);
  }

  @Test
  void sensitivePathsAreCountedPerFileThatMatchesAnyPattern() {
    GitFixture repo = repository(0);
    commitFile(repo, MIGRATION, "SELECT 1;\n", "feat: migration");
    commitFile(repo, "scripts/cleanup.sql", "DELETE FROM tmp;\n", "chore: cleanup script");
    commitFile(repo, "src/main/java/org/example/security/Login.java", "class Login {}\n", "feat: login");
    commitFile(repo, "docs/security.md", "# Security\n", "docs: security notes");

    JsonNode facts = assessed(requestRelease("erin", version("2026.12"), repo)).get("facts");

    assertThat(facts.get("sensitivePaths").asInt()).as("migration (two patterns), *.sql, security/ dir").isEqualTo(3);
    assertThat(texts(facts.get("sensitiveFiles"))).containsExactlyInAnyOrder(MIGRATION, "scripts/cleanup.sql",
        "src/main/java/org/example/security/Login.java");
    assertThat(facts.get("filesChanged").asInt()).isEqualTo(4);
  }

  @Test
  void deletingAMigrationTouchesASensitivePath() {
    GitFixture repo = repositoryWithMigration();
    removeFile(repo, MIGRATION, "chore: drop the migration");

    JsonNode risk = assessed(requestRelease("erin", version("2026.12"), repo));

    assertThat(texts(risk.get("facts").get("sensitiveFiles"))).containsExactly(MIGRATION);
    assertThat(risk.get("level").asText()).isEqualTo("HIGH");
    assertThat(texts(risk.get("requiredApprovals"))).containsExactly("security", "cab");
  }

  @Test
  void movingAMigrationAwayTouchesASensitivePath() {
    GitFixture repo = repositoryWithMigration();
    moveFile(repo, MIGRATION, "docs/archive/V9__x.txt", "chore: archive the migration");

    JsonNode risk = assessed(requestRelease("erin", version("2026.12"), repo));

    assertThat(risk.get("facts").get("sensitivePaths").asInt()).as("the migration left db/migration").isEqualTo(1);
    assertThat(risk.get("level").asText()).isEqualTo("HIGH");
    assertThat(texts(risk.get("requiredApprovals"))).containsExactly("security", "cab");
  }

  // size of the change

  @Test
  void linesChangedAreTheDiffStatsOfTheWholeChangeSet() {
    GitFixture repo = repository(0);
    commitFile(repo, "src/main/java/org/example/Big.java", lines("int x;", 250), "feat: big change");
    // replaces the one line the fixture's initial import wrote: one line deleted, two added
    commitFile(repo, "file-1.txt", "first\nsecond\n", "chore: touch the import");

    long id = requestRelease("erin", version("2026.12"), repo);
    JsonNode risk = assessed(id);

    JsonNode facts = risk.get("facts");
    assertThat(facts.get("commits").asInt()).isEqualTo(2);
    assertThat(facts.get("filesChanged").asInt()).isEqualTo(2);
    assertThat(facts.get("linesChanged").asInt()).isEqualTo(250 + 2 + 1);
    assertThat(risk.get("level").asText()).as("a medium-sized change").isEqualTo("MEDIUM");
    assertThat(texts(risk.get("requiredApprovals"))).containsExactly("qa");
    assertThat(approvalTasks(id)).containsOnlyKeys("qa-signoff");
  }

  // gate reports

  @Test
  void failedTestsAndCoverageComeFromTheGateReports() {
    long id = gating(releaseRequest(version("2026.12"), repository(2), pastStart()));

    assertThat(reportGate(id, "build", "PASSED", 120, 0, "71.5").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED", 300, 2, "55.25").status()).isEqualTo(202);

    JsonNode risk = release(id).get("risk");
    assertThat(risk.get("facts").get("testsFailed").asInt()).as("summed over the gates").isEqualTo(2);
    assertThat(risk.get("facts").get("coverage").asDouble()).as("the lowest any gate reported").isEqualTo(55.25);
    assertThat(risk.get("level").asText()).isEqualTo("HIGH");
    assertThat(texts(risk.get("requiredApprovals"))).containsExactly("qa");
    assertThat(approvalTasks(id)).containsOnlyKeys("qa-signoff");
  }

  @Test
  void greenGatesWithGoodCoverageAddNoRisk() {
    long id = gating(releaseRequest(version("2026.12"), repository(2), pastStart()));

    reportGate(id, "build", "PASSED", 120, 0, null);
    reportGate(id, "tests", "PASSED", 300, 0, "60");

    JsonNode risk = release(id).get("risk");
    assertThat(risk.get("facts").get("testsFailed").asInt()).isZero();
    assertThat(risk.get("facts").get("coverage").asDouble()).isEqualTo(60.0);
    assertThat(risk.get("level").asText()).isEqualTo("LOW");
    assertThat(risk.get("requiredApprovals")).isEmpty();
    assertThat(approvalTasks(id)).isEmpty();
    assertThat(task(id, "go-no-go")).isNotNull();
  }

  @Test
  void noCoverageReportedIsNullCoverage() {
    JsonNode risk = assessed(requestRelease("erin", version("2026.12"), repository(2)));

    assertThat(risk.get("facts").has("coverage")).isTrue();
    assertThat(risk.get("facts").get("coverage").isNull()).isTrue();
    assertThat(risk.get("facts").get("testsFailed").asInt()).isZero();
  }

  // release facts, window, calendar

  @Test
  void openCriticalBugsFromTheRequestMakeTheReleaseCritical() {
    Map<String, Object> body = releaseRequest(version("2026.12"), repository(2), pastStart());
    body.put("facts", Map.of("openCriticalBugs", 2));

    long id = requestRelease("erin", body);
    JsonNode risk = assessed(id);

    assertThat(risk.get("facts").get("openCriticalBugs").asInt()).isEqualTo(2);
    assertThat(risk.get("level").asText()).isEqualTo("CRITICAL");
    assertThat(texts(risk.get("requiredApprovals"))).containsExactly("cab");
    assertThat(approvalTasks(id)).containsOnlyKeys("cab-approval");
  }

  @Test
  void releaseWithoutFactsHasNoOpenCriticalBugs() {
    JsonNode risk = assessed(requestRelease("erin", version("2026.12"), repository(2)));

    assertThat(risk.get("facts").get("openCriticalBugs").asInt()).isZero();
    assertThat(risk.get("level").asText()).isEqualTo("LOW");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"3\"", "2.5", "-1", "true"})
  void openCriticalBugsThatAreNotACountAreRefusedAndNothingIsStored(String value) throws Exception {
    Map<String, Object> body = releaseRequest(version("2026.12"), repository(2), pastStart());
    body.put("facts", Map.of("openCriticalBugs", new com.fasterxml.jackson.databind.ObjectMapper().readValue(value, Object.class)));
    long releases = count("releases");

    var response = api("erin").post("/api/releases", body);

    assertThat(response.status()).as("%s", response).isEqualTo(400);
    assertThat(response.json().get("errors").toString()).contains("facts.openCriticalBugs", "whole number");
    assertThat(count("releases")).isEqualTo(releases);
  }

  static Stream<Arguments> windows() {
    LocalDate saturday = LocalDate.of(2023, 6, 1).with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
    LocalDate monday = LocalDate.of(2023, 6, 1).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    return Stream.of(
        Arguments.of("Saturday 10:00", saturday.atTime(10, 0), true),
        Arguments.of("Sunday 12:00", saturday.plusDays(1).atTime(12, 0), true),
        Arguments.of("Monday 08:59", monday.atTime(8, 59), true),
        Arguments.of("Monday 09:00", monday.atTime(9, 0), false),
        Arguments.of("Monday 15:00, the window ends at 17:00", monday.atTime(15, 0), false),
        Arguments.of("Monday 15:01, the window runs past 17:00", monday.atTime(15, 1), true),
        Arguments.of("Monday 16:59", monday.atTime(16, 59), true),
        Arguments.of("Monday 17:00", monday.atTime(17, 0), true),
        Arguments.of("Friday 23:00, the window runs into Saturday", monday.plusDays(4).atTime(23, 0), true));
  }

  @ParameterizedTest(name = "{0} UTC")
  @MethodSource("windows")
  void deployWindowOutsideBusinessHoursOrOnAWeekendAsksTheChangeBoard(String when, LocalDateTime start,
      boolean outside) {
    Instant plannedStart = start.toInstant(ZoneOffset.UTC);
    long id = requestRelease("erin", releaseRequest(version("2026.12"), repository(2), plannedStart));
    JsonNode risk = assessed(id);

    assertThat(risk.get("facts").get("outsideBusinessHours").asBoolean()).isEqualTo(outside);
    assertThat(risk.get("level").asText()).isEqualTo(outside ? "MEDIUM" : "LOW");
    assertThat(texts(risk.get("requiredApprovals"))).isEqualTo(outside ? List.of("cab") : List.of());
  }

  @Test
  void anotherReleaseOfTheSameServiceInTheWindowIsACalendarConflict() {
    List<String> services = List.of(uniqueService("risk-conflict"));
    Instant start = pastStart();
    Map<String, Object> first = releaseRequest(version("2026.12"), repository(2), start);
    first.put("services", services);
    requestRelease("erin", first);
    Map<String, Object> second = releaseRequest(version("2026.12"), repository(2), start.plusSeconds(1800));
    second.put("services", services);

    long id = requestRelease("erin", second);
    JsonNode risk = assessed(id);

    assertThat(risk.get("facts").get("conflicts").asInt()).isEqualTo(1);
    assertThat(risk.get("level").asText()).isEqualTo("MEDIUM");
    assertThat(texts(risk.get("requiredApprovals"))).containsExactly("cab");
  }

  @Test
  void releaseWithoutRollbackPlanAsksTheChangeBoard() {
    Map<String, Object> body = releaseRequest(version("2026.12"), repository(2), pastStart());
    body.remove("rollbackPlan");

    JsonNode risk = assessed(requestRelease("erin", body));

    assertThat(risk.get("facts").get("rollbackPlan").asBoolean()).isFalse();
    assertThat(risk.get("facts").get("hotfix").asBoolean()).isFalse();
    assertThat(risk.get("level").asText()).isEqualTo("MEDIUM");
    assertThat(texts(risk.get("requiredApprovals"))).containsExactly("cab");
  }

  @Test
  void hotfixIsHighRiskAndGoesStraightToGoNoGo() {
    Map<String, Object> body = releaseRequest(version("2026.12") + "-hotfix", repository(1), pastStart());
    body.put("hotfix", true);
    long id = requestRelease("erin", body);

    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");

    JsonNode risk = release(id).get("risk");
    assertThat(risk.get("facts").get("hotfix").asBoolean()).isTrue();
    assertThat(risk.get("level").asText()).isEqualTo("HIGH");
    assertThat(risk.get("requiredApprovals")).isEmpty();
    assertThat(task(id, "go-no-go")).isNotNull();
  }

  // track record: relman's own history

  @Test
  void serviceWithoutProductionHistoryHasNoTrackRecordAndItsLargerChangesAskQa() {
    GitFixture repo = repository(0);
    commitFile(repo, "src/main/java/org/example/Feature.java", lines("int y;", 60), "feat: new feature");
    Map<String, Object> body = releaseRequest(version("2026.12"), repo, pastStart());
    body.put("services", List.of(uniqueService("risk-new")));

    JsonNode risk = assessed(requestRelease("erin", body));

    JsonNode facts = risk.get("facts");
    assertThat(facts.get("productionDeployments").asLong()).isZero();
    assertThat(facts.get("changeFailureRate").isNumber()).isTrue();
    assertThat(facts.get("changeFailureRate").asDouble()).isEqualTo(0.0);
    assertThat(facts.get("linesChanged").asInt()).isEqualTo(60);
    assertThat(risk.get("level").asText()).as("zero history is not risk-free").isEqualTo("MEDIUM");
    assertThat(texts(risk.get("requiredApprovals"))).containsExactly("qa");
  }

  @Test
  void changeFailureRateComesFromEarlierProductionDeploymentsOfTheService() {
    String service = uniqueService("risk-history");
    String unrelated = uniqueService("risk-unrelated");

    long shipped = throughProduction(service, version("2026.11"), false);
    assertThat(release(shipped).get("risk").get("facts").get("productionDeployments").asLong()).isZero();
    long failed = throughProduction(service, version("2026.11") + "-fail-production", true);
    JsonNode failedFacts = release(failed).get("risk").get("facts");
    assertThat(failedFacts.get("productionDeployments").asLong()).as("the shipped one").isEqualTo(1);
    assertThat(failedFacts.get("changeFailureRate").asDouble()).isEqualTo(0.0);

    Map<String, Object> body = releaseRequest(version("2026.12"), repository(2), pastStart());
    body.put("services", List.of(unrelated, service));
    JsonNode risk = assessed(requestRelease("erin", body));

    JsonNode facts = risk.get("facts");
    assertThat(facts.get("productionDeployments").asLong()).as("staging and rollbacks do not count").isEqualTo(2);
    assertThat(facts.get("changeFailureRate").asDouble()).as("one of two failed").isEqualTo(0.5);
    JsonNode dora = api("alice").get("/api/metrics/dora?service=" + service).json().get("changeFailureRate");
    assertThat(dora.get("deployments").asLong()).as("DORA counts the same deployments: one definition").isEqualTo(2);
    assertThat(dora.get("rate").asDouble()).isEqualTo(facts.get("changeFailureRate").asDouble());
    assertThat(risk.get("level").asText()).isEqualTo("HIGH");
    assertThat(texts(risk.get("requiredApprovals"))).containsExactly("cab");

    Map<String, Object> other = releaseRequest(version("2026.12"), repository(2), pastStart());
    other.put("services", List.of(unrelated));
    JsonNode unrelatedFacts = assessed(requestRelease("erin", other)).get("facts");
    assertThat(unrelatedFacts.get("productionDeployments").asLong()).as("other services' history").isZero();
  }

  // approvals asked (ReleasePlan.approvalsNeeded)

  @Test
  void approvalsGivenStayValidWhenTheReleaseIsRescheduled() {
    long id = sensitiveReleaseAwaitingApproval();
    completeOk("carol", id, "approve-release", "security-review", Map.of("approved", true));
    completeOk("dave", id, "approve-release", "cab-approval", Map.of("approved", true, "comment", "fine"));
    assertThat(approvalTasks(id)).isEmpty();

    completeOk("alice", id, "go-no-go", Map.of("decision", "RESCHEDULE", "reasoning", "Ledger team asked for Thursday",
        "newStart", futureStart(3).toString()));

    assertThat(auditActions(id).stream().filter("risk.assessed"::equals)).as("assessed again").hasSize(2);
    assertThat(texts(release(id).get("risk").get("requiredApprovals"))).containsExactly("security", "cab");
    assertThat(approvalTasks(id)).as("both approvals already given").isEmpty();
    assertThat(task(id, "go-no-go")).isNotNull();
  }

  @Test
  void rejectedApprovalIsAskedAgainAfterARescheduleAndTheGivenOneIsNot() {
    long id = sensitiveReleaseAwaitingApproval();
    completeOk("carol", id, "approve-release", "security-review", Map.of("approved", true));
    completeOk("dave", id, "approve-release", "cab-approval", Map.of("approved", false,
        "comment", "Migration locks the payments table"));

    completeOk("alice", id, "go-no-go", Map.of("decision", "RESCHEDULE", "reasoning", "Migration split into two steps",
        "newStart", futureStart(4).toString()));

    assertThat(approvalTasks(id)).containsOnlyKeys("cab-approval");
    assertThat(openTaskKinds("dave", id)).containsExactly("cab-approval");
    assertThat(openTaskKinds("carol", id)).isEmpty();
  }

  // the deployed policy is the one RiskPolicyTest tests

  @Test
  void deployedPolicyDecidesLikeTheStandaloneEngine() {
    var process = repositoryService.createProcessDefinitionQuery().processDefinitionKey("release").latestVersion()
        .singleResult();
    var policy = repositoryService.createDecisionDefinitionQuery().deploymentId(process.getDeploymentId())
        .decisionDefinitionKey(AssessRisk.DECISION).singleResult();
    assertThat(policy).as("the release process is deployed with its risk policy").isNotNull();

    List<String> mismatches = new ArrayList<>();
    RiskPolicyTest.rules().forEach(arguments -> {
      Object[] args = arguments.get();
      @SuppressWarnings("unchecked")
      Map<String, Object> facts = new LinkedHashMap<>((Map<String, Object>) args[1]);
      var result = decisions.evaluateDecisionTableById(policy.getId()).variables(facts).evaluate();
      RiskLevel level = result.<String>collectEntries("level").stream().map(RiskLevel::valueOf)
          .max(Comparator.naturalOrder()).orElseThrow();
      List<String> approvals = AssessRisk.approvals(result.collectEntries("requiredApprovals"));
      if (level != args[2] || !approvals.equals(args[3])) {
        mismatches.add(args[0] + ": " + level + " " + approvals + ", expected " + args[2] + " " + args[3]);
      }
    });
    assertThat(mismatches).isEmpty();
  }

  // helpers

  private static String uniqueService(String prefix) {
    return prefix + "-" + SERVICES.incrementAndGet() + "-" + (System.nanoTime() % 100000);
  }

  private long gating(Map<String, Object> body) {
    long id = requestRelease("erin", body);
    workers().run("collect-change-set", id);
    assertThat(status(id)).isEqualTo("GATING");
    return id;
  }

  private void passGates(long id) {
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
  }

  /** Collects the change set, passes the gates and answers the assessment shown in the release view. */
  private JsonNode assessed(long id) {
    workers().run("collect-change-set", id);
    passGates(id);
    JsonNode view = release(id);
    assertThat(view.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(view.get("risk").isObject()).as("risk of %s", view).isTrue();
    return view.get("risk");
  }

  private long sensitiveReleaseAwaitingApproval() {
    GitFixture repo = repository(1);
    commitFile(repo, MIGRATION, "ALTER TABLE ledger ADD COLUMN note VARCHAR(100);\n", "feat: ledger notes");
    long id = requestRelease("erin", version("2026.12"), repo);
    assessed(id);
    assertThat(approvalTasks(id)).containsOnlyKeys("security-review", "cab-approval");
    return id;
  }

  /** A release of this service driven through staging and production; the failing one is rolled back. */
  private long throughProduction(String service, String version, boolean fails) {
    Map<String, Object> body = releaseRequest(version, repository(1), pastStart());
    body.put("services", List.of(service));
    long id = requestRelease("erin", body);
    JsonNode risk = assessed(id);
    assertThat(risk.get("requiredApprovals")).as("history release %s needs no approvals", version).isEmpty();
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates green, small change set"));
    assertThat(fireDueTimers(id)).isEqualTo(1);
    shipToNextEnvironment(id);
    if (fails) {
      assertThat(workers().run("deploy-release", id)).isInstanceOf(WorkResult.BusinessError.class);
      workers().run("roll-back-release", id);
      assertThat(release(id).get("currentSteps").toString()).contains("Write post-mortem");
    } else {
      shipToNextEnvironment(id);
    }
    assertThat(status(id)).isEqualTo("IN_REVIEW");
    return id;
  }

  private Api.Response reportGate(long id, String gate, String status, int total, int failed, String coverage) {
    String metrics = "{\"testsTotal\":" + total + ",\"testsFailed\":" + failed
        + (coverage == null ? "" : ",\"coverage\":" + coverage) + "}";
    return api(null).signedPost("/api/releases/" + id + "/gates/" + gate, "{\"status\":\"" + status
        + "\",\"summary\":\"" + gate + "\",\"url\":\"https://ci.example/" + gate + "\",\"metrics\":" + metrics + "}");
  }

  /** The release's open "Approve release" tasks: kind (the taskKind variable) to candidate groups. */
  private Map<String, List<String>> approvalTasks(long id) {
    Map<String, List<String>> tasks = new LinkedHashMap<>();
    for (Task task : taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey("approve-release").list()) {
      String kind = (String) taskService.getVariable(task.getId(), "taskKind");
      List<String> groups = taskService.getIdentityLinksForTask(task.getId()).stream()
          .filter(link -> "candidate".equals(link.getType())).map(IdentityLink::getGroupId).toList();
      assertThat(tasks.put(kind, groups)).as("one %s task", kind).isNull();
    }
    return tasks;
  }

  /** The kinds of the release's tasks {@code user} sees in {@code GET /api/tasks}. */
  private List<String> openTaskKinds(String user, long id) {
    var response = api(user).get("/api/tasks");
    assertThat(response.status()).isEqualTo(200);
    List<String> kinds = new ArrayList<>();
    response.json().forEach(task -> {
      if (task.get("releaseId").asLong() == id) {
        kinds.add(task.get("kind").asText());
      }
    });
    return kinds;
  }

  private void completeOk(String user, long id, String definitionKey, String kind, Map<String, Object> variables) {
    Task task = taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey(definitionKey).list().stream()
        .filter(t -> kind.equals(taskService.getVariable(t.getId(), "taskKind"))).findFirst().orElseThrow();
    var response = complete(user, task.getId(), variables);
    assertThat(response.status()).as("complete %s: %s", kind, response).isEqualTo(204);
  }

  private JsonNode auditEvent(long id, String action) {
    JsonNode events = api("frank").get("/api/releases/" + id + "/audit").json();
    for (JsonNode event : events) {
      if (action.equals(event.get("action").asText())) {
        return event.get("details");
      }
    }
    throw new AssertionError("no " + action + " event in " + events);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static String lines(String line, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> line + " // " + i).collect(Collectors.joining("\n", "", "\n"));
  }

  /** A repository whose tag {@code v1} already has the migration. */
  private GitFixture repositoryWithMigration() {
    GitFixture repo = GitFixture.create(temp.resolve("repo-migration-" + SERVICES.incrementAndGet()));
    commitFile(repo, MIGRATION, lines("CREATE TABLE notes (id INT);", 3), "feat: notes table");
    repo.tag("v1");
    return repo;
  }

  private static void removeFile(GitFixture repo, String path, String message) {
    try (Git git = Git.open(repo.workingTree().toFile())) {
      git.rm().addFilepattern(path).call();
      commit(git, message);
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void moveFile(GitFixture repo, String from, String to, String message) {
    try (Git git = Git.open(repo.workingTree().toFile())) {
      Path target = repo.path().resolve(to);
      Files.createDirectories(target.getParent());
      Files.move(repo.path().resolve(from), target);
      git.rm().addFilepattern(from).call();
      git.add().addFilepattern(to).call();
      commit(git, message);
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void commit(Git git, String message) throws GitAPIException {
    var ident = new PersonIdent("Grace Hopper", "grace@example.org", Date.from(Instant.now()),
        TimeZone.getTimeZone("UTC"));
    git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).setSign(false).call();
  }

  /** Commits one file at a path of its own (the fixture only writes files at the top). */
  private static void commitFile(GitFixture repo, String path, String content, String message) {
    try (Git git = Git.open(repo.workingTree().toFile())) {
      Path file = repo.path().resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      git.add().addFilepattern(path).call();
      commit(git, message);
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }
}
