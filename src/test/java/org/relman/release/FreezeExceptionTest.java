package org.relman.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.testing.RelmanTestBase;

/**
 * The calendar step of the release lifecycle, one test per path: a window in a freeze asks for an exception, which is
 * granted (the release goes on, recorded as an exception) or refused (the release waits for the end of the freeze).
 * Every freeze here is limited to the services of the release under test, so no other test's release is frozen.
 */
class FreezeExceptionTest extends RelmanTestBase {

  /** Saturday 2023-06-10 10:00 UTC: inside a Friday 18:00 to Monday 08:00 (Europe/Berlin) weekend freeze. */
  private static final Instant SATURDAY = Instant.parse("2023-06-10T10:00:00Z");
  /** Monday 2023-06-12 08:00 in Berlin (summer time). */
  private static final Instant WEEKEND_FREEZE_END = Instant.parse("2023-06-12T06:00:00Z");

  @Test
  void releaseInARecurringWeekendFreezeGetsAFreezeExceptionTaskAndGoesOnWhenItIsGranted() {
    long id = requestRelease("rita", releaseRequest(version("2026.12"), repository(2), SATURDAY));
    weekendFreeze(id);

    passGates(id);

    JsonNode waiting = release(id);
    assertThat(waiting.get("currentSteps").toString()).contains("Decide on freeze exception");
    assertThat(waiting.get("risk").isNull()).as("risk is assessed once the window is settled").isTrue();
    String taskId = task(id, "freeze-exception").getId();
    JsonNode detail = api("alice").get("/api/tasks/" + taskId).json();
    assertThat(detail.get("kind").asText()).isEqualTo("freeze-exception");
    assertThat(detail.get("context").get("freezes").findValuesAsText("name")).containsExactly("Weekend freeze");
    assertThat(api("dave").get("/api/tasks").json().findValuesAsText("id")).as("the change board may decide too")
        .contains(taskId);
    assertThat(complete("rita", taskId, Map.of("approved", true, "justification", "I want my release out"))
        .status()).as("four eyes: rita requested it").isEqualTo(403);

    assertThat(complete("alice", taskId, Map.of("approved", true,
        "justification", "Card scheme deadline on Monday, payments on call all weekend")).status()).isEqualTo(204);

    JsonNode granted = release(id);
    assertThat(granted.get("plannedStart").asText()).isEqualTo(SATURDAY.toString());
    assertThat(granted.get("approvals")).singleElement().satisfies(a -> {
      assertThat(a.get("kind").asText()).isEqualTo("freeze-exception");
      assertThat(a.get("decision").asText()).isEqualTo("APPROVED");
      assertThat(a.get("by").asText()).isEqualTo("alice");
      assertThat(a.get("comment").asText()).contains("Card scheme deadline");
    });
    assertThat(granted.get("risk").get("facts").get("outsideBusinessHours").asBoolean()).isTrue();
    assertThat(auditActions(id)).containsSubsequence("freeze.exception-granted", "risk.assessed");
    Map<String, Object> exception = jdbc.queryForMap("SELECT actor, details FROM audit_events WHERE release_id = ?"
        + " AND action = ?", id, "freeze.exception-granted");
    assertThat(exception.get("actor")).isEqualTo("alice");
    assertThat(exception.get("details").toString()).contains("Weekend freeze", "2023-06-09T16:00:00Z",
        "Card scheme deadline");
    process(id).hasPassedInOrder("check-calendar", "freeze-exception", "exception-granted", "assess-risk");
  }

  @Test
  void refusedExceptionMovesTheReleaseToTheEndOfTheFreeze() {
    long id = requested(SATURDAY);
    weekendFreeze(id);
    passGates(id);

    assertThat(complete("dave", task(id, "freeze-exception").getId(), Map.of("approved", false,
        "justification", "Nothing urgent in it, ship on Monday")).status()).isEqualTo(204);

    JsonNode moved = release(id);
    assertThat(moved.get("plannedStart").asText()).isEqualTo(WEEKEND_FREEZE_END.toString());
    assertThat(moved.get("approvals").findValuesAsText("decision")).containsExactly("REJECTED");
    assertThat(moved.get("currentSteps").toString()).doesNotContain("freeze exception");
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey("freeze-exception").count()).as("no freeze at the new start").isZero();
    String rescheduled = jdbc.queryForObject("SELECT details FROM audit_events WHERE release_id = ? AND action = ?",
        String.class, id, "release.rescheduled");
    assertThat(rescheduled).contains(SATURDAY.toString(), WEEKEND_FREEZE_END.toString(), "Freeze exception refused");
    process(id).hasPassedInOrder("check-calendar", "freeze-exception", "exception-granted", "calendar-merge",
        "check-calendar", "assess-risk");
  }

  @Test
  void windowThatStartsBeforeAFreezeButRunsIntoItNeedsAnException() {
    // Friday 15:30 UTC plus the two-hour window reaches 18:00 in Berlin (16:00 UTC)
    long id = requested(Instant.parse("2023-06-09T15:30:00Z"));
    weekendFreeze(id);

    passGates(id);

    assertThat(release(id).get("currentSteps").toString()).contains("Decide on freeze exception");
  }

  @Test
  void freezeOfOtherServicesDoesNotStopTheRelease() {
    long id = requested(SATURDAY);
    createFreeze(Map.of("name", "Ledger migration freeze", "start", "2023-06-09T00:00:00Z",
        "end", "2023-06-13T00:00:00Z", "services", List.of("other-service-" + id)));

    passGates(id);

    assertThat(release(id).get("currentSteps").toString()).doesNotContain("freeze exception");
    process(id).hasPassed("check-calendar", "assess-risk").hasNotPassed("freeze-exception");
  }

  @Test
  void exceptionWithoutJustificationIsRefusedNamingTheField() {
    long id = requested(SATURDAY);
    weekendFreeze(id);
    passGates(id);
    String taskId = task(id, "freeze-exception").getId();

    var missing = complete("rita", taskId, Map.of("approved", true));
    var tooShort = complete("rita", taskId, Map.of("approved", true, "justification", "urgent"));
    var notABoolean = complete("rita", taskId, Map.of("approved", "yes", "justification", "Card scheme deadline"));

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).contains("variables.justification");
    assertThat(tooShort.status()).isEqualTo(400);
    assertThat(tooShort.body()).contains("variables.justification");
    assertThat(notABoolean.status()).isEqualTo(400);
    assertThat(notABoolean.body()).contains("variables.approved");
    assertThat(task(id, "freeze-exception").getId()).isEqualTo(taskId);
    assertThat(release(id).get("approvals")).isEmpty();
    assertThat(auditActions(id)).doesNotContain("freeze.exception-granted", "release.rescheduled");
  }

  /**
   * A freeze created after the go/no-go said GO is seen when the window opens ("Check calendar again"): the release
   * goes back to the calendar instead of deploying into the freeze; once an exception is granted and GO said again, it
   * deploys.
   */
  @Test
  void freezeCreatedAfterGoIsCheckedAgainWhenTheWindowOpens() {
    Instant wednesday = Instant.parse("2023-06-07T10:00:00Z");
    long id = requested(wednesday);
    passGates(id);
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Quiet week, small change set"));
    assertThat(status(id)).isEqualTo("SCHEDULED");
    createFreeze(Map.of("name", "Incident freeze", "start", "2023-06-07T00:00:00Z", "end", "2023-06-08T00:00:00Z",
        "services", List.of(services(id).split(","))));

    assertThat(fireDueTimers(id)).as("the window opens").isEqualTo(1);

    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    assertThat(release(id).get("currentSteps").toString()).contains("Decide on freeze exception");
    assertThat(workers().tryRun("deploy-release", id)).as("nothing deploys into the freeze").isNull();
    process(id).hasPassedInOrder("wait-for-planned-start", "recheck-calendar", "frozen-since-go", "calendar-merge",
        "check-calendar", "freeze-exception");

    completeOk("dave", id, "freeze-exception", Map.of("approved", true,
        "justification", "The fix in it is what the incident needs"));
    completeOk("rita", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Exception granted by the change board"));
    assertThat(fireDueTimers(id)).isEqualTo(1);
    assertThat(status(id)).as("the freeze the GO knew of does not stop it again").isEqualTo("DEPLOYING");
  }

  private long requested(Instant plannedStart) {
    return requestRelease("erin", releaseRequest(version("2026.12"), repository(2), plannedStart));
  }

  private void passGates(long id) {
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
  }

  /** Every Friday 18:00 for 62 hours in Berlin, for this release's services only. */
  private void weekendFreeze(long id) {
    createFreeze(Map.of("name", "Weekend freeze", "recurrence",
        Map.of("cron", "0 0 18 * * FRI", "duration", "PT62H", "zone", "Europe/Berlin"),
        "services", List.of(services(id).split(","))));
  }

  private void createFreeze(Map<String, Object> freeze) {
    var created = api("alice").post("/api/freezes", freeze);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
  }
}
