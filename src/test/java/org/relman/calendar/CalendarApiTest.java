package org.relman.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;
import static org.relman.testing.Problems.assertProblem;
import static org.relman.testing.Problems.message;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.relman.release.Releases;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * GET /api/calendar: release windows (planned start plus relman.calendar.window-duration, PT2H by default), the freeze
 * occurrences and the conflicts in [from, to), and how the lifecycle's calendar step treats a release whose window
 * starts inside a freeze. The database is shared: every test works in a year of its own (2081 to 2089) with services
 * of its own, and every freeze is limited to those services (recurring ones are lifted again, since they recur in
 * every range).
 */
class CalendarApiTest extends RelmanTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SERVICES = new AtomicInteger();

  @Autowired
  private ReleaseCalendar calendarBean;
  @Autowired
  private Releases releases;

  // ---------------------------------------------------------------------------------------------- release windows

  @Test
  void releasesWhoseWindowsReachIntoTheRangeAreListedWithTheirWindows() {
    String service = service();
    long endsAtFrom = release("2081-02-10T07:00:00Z", service);
    long overlapsFrom = release("2081-02-10T08:00:00Z", service);
    long inside = release("2081-02-10T12:00:00Z", service);
    long lastMoment = release("2081-02-10T17:59:00Z", service);
    long startsAtTo = release("2081-02-10T18:00:00Z", service);

    JsonNode calendar = calendar("from=2081-02-10T09:00:00Z&to=2081-02-10T18:00:00Z");

    assertThat(Instant.parse(calendar.get("from").asText())).isEqualTo(Instant.parse("2081-02-10T09:00:00Z"));
    assertThat(Instant.parse(calendar.get("to").asText())).isEqualTo(Instant.parse("2081-02-10T18:00:00Z"));
    assertThat(releaseIds(calendar)).as("windows are [start, start + 2h), the range [from, to)")
        .containsExactly(overlapsFrom, inside, lastMoment)
        .doesNotContain(endsAtFrom, startsAtTo);
    JsonNode window = window(calendar, inside);
    JsonNode release = release(inside);
    assertThat(window.get("version").asText()).isEqualTo(release.get("version").asText());
    assertThat(window.get("name").asText()).isEqualTo(release.get("name").asText());
    assertThat(texts(window.get("services"))).containsExactly(service);
    assertThat(window.get("status").asText()).isEqualTo("PLANNING");
    assertThat(Instant.parse(window.get("start").asText())).isEqualTo(Instant.parse("2081-02-10T12:00:00Z"));
    assertThat(Instant.parse(window.get("end").asText())).isEqualTo(Instant.parse("2081-02-10T14:00:00Z"));
    assertThat(Instant.parse(window(calendar, overlapsFrom).get("end").asText()))
        .isEqualTo(Instant.parse("2081-02-10T10:00:00Z"));
    assertThat(calendar.get("conflicts")).as("the windows do not overlap").isEmpty();
  }

  @Test
  void cancelledReleaseLeavesTheCalendarAndItsConflicts() {
    String service = service();
    long kept = release("2082-04-14T10:00:00Z", service);
    long cancelled = release("2082-04-14T11:00:00Z", service);
    String range = "from=2082-04-14T00:00:00Z&to=2082-04-15T00:00:00Z";
    assertThat(calendar(range).get("conflicts")).hasSize(1);

    assertThat(api("alice").post("/api/releases/" + cancelled + "/cancel", Map.of("reason", "Merged into the other release"))
        .status()).isEqualTo(202);

    JsonNode calendar = calendar(range);
    assertThat(releaseIds(calendar)).containsExactly(kept);
    assertThat(calendar.get("conflicts")).isEmpty();
  }

  @Test
  void rangeWithoutReleasesOrFreezesIsEmpty() {
    JsonNode calendar = calendar("from=2089-12-01T00:00:00Z&to=2089-12-02T00:00:00Z");

    assertThat(calendar.get("releases")).isEmpty();
    assertThat(calendar.get("conflicts")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------- conflicts

  @Test
  void releasesOfACommonServiceWithOverlappingWindowsConflict() {
    String shared = service();
    String onlyA = service();
    String onlyB = service();
    String other = service();
    long a = release("2083-05-10T10:00:00Z", shared, onlyA);
    long b = release("2083-05-10T11:00:00Z", shared, onlyB);
    long touching = release("2083-05-10T12:00:00Z", onlyA);    // starts when a's window ends
    long disjoint = release("2083-05-10T10:30:00Z", other);    // overlaps all of them, shares no service
    long nextDay = release("2083-05-11T10:30:00Z", shared, onlyA);

    JsonNode calendar = calendar("from=2083-05-10T00:00:00Z&to=2083-05-12T00:00:00Z");

    assertThat(releaseIds(calendar)).containsExactlyInAnyOrder(a, b, touching, disjoint, nextDay);
    assertThat(calendar.get("conflicts")).singleElement().satisfies(conflict -> {
      assertThat(longs(conflict.get("releaseIds"))).containsExactly(a, b);
      assertThat(texts(conflict.get("versions"))).containsExactly(release(a).get("version").asText(),
          release(b).get("version").asText());
      assertThat(texts(conflict.get("services"))).as("only the common service").containsExactly(shared);
      assertThat(Instant.parse(conflict.get("start").asText())).as("where the windows overlap")
          .isEqualTo(Instant.parse("2083-05-10T11:00:00Z"));
      assertThat(Instant.parse(conflict.get("end").asText())).isEqualTo(Instant.parse("2083-05-10T12:00:00Z"));
    });
  }

  @Test
  void conflictIsListedWhenBothWindowsReachIntoTheRange() {
    String shared = service();
    long early = release("2083-08-01T08:00:00Z", shared);
    long later = release("2083-08-01T09:00:00Z", shared);

    JsonNode calendar = calendar("from=2083-08-01T09:30:00Z&to=2083-08-01T12:00:00Z");

    assertThat(releaseIds(calendar)).containsExactly(early, later);
    assertThat(calendar.get("conflicts")).singleElement()
        .satisfies(conflict -> assertThat(longs(conflict.get("releaseIds"))).containsExactly(early, later));
  }

  @Test
  void conflictsOfAReleaseAreTheOtherReleasesOfItsServicesWithOverlappingWindows() {
    // what the risk policy counts for a release (RiskFacts "conflicts")
    String service = service();
    long own = release("2089-03-14T10:00:00Z", service);
    long overlapsStart = release("2089-03-14T08:30:00Z", service);
    long overlapsEnd = release("2089-03-14T11:59:00Z", service);
    release("2089-03-14T08:00:00Z", service);    // ends when own starts
    release("2089-03-14T12:00:00Z", service);    // starts when own ends
    release("2089-03-14T10:00:00Z", service());  // same window, other service
    long cancelled = release("2089-03-14T10:30:00Z", service);
    assertThat(api("alice").post("/api/releases/" + cancelled + "/cancel", Map.of("reason", "Not needed after all"))
        .status()).isEqualTo(202);

    List<ReleaseCalendar.Conflict> conflicts = calendarBean.conflictsOf(releases.find(own).orElseThrow());

    assertThat(conflicts).extracting(c -> c.releaseIds().get(1)).containsExactlyInAnyOrder(overlapsStart, overlapsEnd);
    assertThat(conflicts).allSatisfy(c -> {
      assertThat(c.releaseIds().get(0)).isEqualTo(own);
      assertThat(c.services()).containsExactly(service);
    });
  }

  // ---------------------------------------------------------------------------------------------- freezes

  @Test
  void freezeOccurrencesInTheRangeAreListedInLocalTimeAcrossTheSpringForwardChange() {
    // Berlin moves its clocks forward on Sunday 26 March 2084
    String service = service();
    long yearEnd = createFreeze(oneOff("Release train break", "2084-03-22T08:00:00Z", "2084-03-22T20:00:00Z", service));
    long weekend = createFreeze(weekendFreeze(service));
    try {
      JsonNode calendar = calendar("from=2084-03-21T00:00:00Z&to=2084-04-05T00:00:00Z");

      List<JsonNode> spans = occurrences(calendar, yearEnd, weekend);
      assertThat(spans).extracting(s -> s.get("freezeId").asLong()).containsExactly(yearEnd, weekend, weekend);
      assertThat(spans).extracting(s -> Instant.parse(s.get("start").asText())).as("Friday 18:00 local, ordered by start")
          .containsExactly(Instant.parse("2084-03-22T08:00:00Z"), Instant.parse("2084-03-24T17:00:00Z"),
              Instant.parse("2084-03-31T16:00:00Z"));
      assertThat(spans).extracting(s -> Instant.parse(s.get("end").asText())).as("Monday 08:00 local")
          .containsExactly(Instant.parse("2084-03-22T20:00:00Z"), Instant.parse("2084-03-27T06:00:00Z"),
              Instant.parse("2084-04-03T06:00:00Z"));
      assertThat(spans).allSatisfy(span -> assertThat(texts(span.get("services"))).containsExactly(service));
      assertThat(spans.get(1).get("name").asText()).isEqualTo("Weekend freeze");
    } finally {
      deleteFreeze(weekend);
    }
  }

  @Test
  void freezeThatBeganBeforeTheRangeAndStillRunsIsListed() {
    String service = service();
    long weekend = createFreeze(weekendFreeze(service));
    long longOneOff = createFreeze(oneOff("Quarter close", "2084-09-01T00:00:00Z", "2084-10-01T00:00:00Z", service));
    try {
      // Sunday 29 October 2084, the night the clocks go back; the weekend began on Friday 18:00 CEST
      JsonNode calendar = calendar("from=2084-10-29T12:00:00Z&to=2084-10-29T13:00:00Z");

      assertThat(occurrences(calendar, weekend, longOneOff)).singleElement().satisfies(span -> {
        assertThat(Instant.parse(span.get("start").asText())).isEqualTo(Instant.parse("2084-10-27T16:00:00Z"));
        assertThat(Instant.parse(span.get("end").asText())).as("Monday 08:00 CET")
            .isEqualTo(Instant.parse("2084-10-30T07:00:00Z"));
      });
      assertThat(occurrences(calendar("from=2084-09-30T23:00:00Z&to=2084-10-02T00:00:00Z"), longOneOff))
          .as("a one-off freeze that began a month before the range").hasSize(1);
      assertThat(occurrences(calendar("from=2084-10-01T00:00:00Z&to=2084-10-02T00:00:00Z"), longOneOff))
          .as("a one-off freeze that ended where the range begins").isEmpty();
    } finally {
      deleteFreeze(weekend);
    }
  }

  @Test
  void liftedFreezeLeavesTheCalendar() {
    String service = service();
    long freeze = createFreeze(oneOff("Lifted", "2085-02-01T00:00:00Z", "2085-02-03T00:00:00Z", service));
    String range = "from=2085-01-31T00:00:00Z&to=2085-02-05T00:00:00Z";
    assertThat(occurrences(calendar(range), freeze)).hasSize(1);

    deleteFreeze(freeze);

    assertThat(occurrences(calendar(range), freeze)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------- the calendar step

  @Test
  void releaseStartingInsideAFreezeOfItsServiceNeedsAFreezeException() {
    String service = service();
    createFreeze(oneOff("Payments freeze", "2086-06-10T00:00:00Z", "2086-06-11T00:00:00Z", service));
    long id = release("2086-06-10T10:00:00Z", service);

    passGates(id);

    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    assertThat(release(id).get("currentSteps").toString()).contains("Decide on freeze exception");
    assertThat(runtime.getVariable(task(id, "freeze-exception").getExecutionId(), "freezeSummary").toString())
        .contains("Payments freeze").contains(service);
    completeOk("rita", id, "freeze-exception", Map.of("approved", true,
        "justification", "The fix for the ledger rounding cannot wait"));

    assertThat(auditActions(id)).contains("freeze.exception-granted");
    assertThat(Instant.parse(release(id).get("plannedStart").asText())).as("the release keeps its start")
        .isEqualTo(Instant.parse("2086-06-10T10:00:00Z"));
    process(id).hasPassedInOrder("check-calendar", "inside-freeze", "freeze-exception", "exception-granted", "assess-risk");
  }

  @Test
  void releaseOfOtherServicesIsNotHeldByTheFreeze() {
    String frozen = service();
    createFreeze(oneOff("Payments freeze", "2086-07-10T00:00:00Z", "2086-07-11T00:00:00Z", frozen));
    long id = release("2086-07-10T10:00:00Z", service());

    passGates(id);

    process(id).hasPassed("check-calendar").hasNotPassed("freeze-exception");
    assertThat(auditActions(id)).doesNotContain("freeze.exception-granted");
  }

  @Test
  void refusedExceptionMovesTheReleaseToMondayEightLocalAfterAWeekendFreezeWithAClockChange() {
    // Berlin moves its clocks forward on Sunday 30 March 2087; the weekend freeze runs Friday 17:00Z to Monday 06:00Z
    String service = service();
    long weekend = createFreeze(weekendFreeze(service));
    try {
      long id = release("2087-03-29T10:00:00Z", service);
      passGates(id);
      assertThat(release(id).get("currentSteps").toString()).contains("Decide on freeze exception");

      completeOk("alice", id, "freeze-exception", Map.of("approved", false,
          "justification", "Nothing ships on the weekend"));

      JsonNode moved = release(id);
      assertThat(Instant.parse(moved.get("plannedStart").asText())).as("the end of the freeze: Monday 08:00 CEST")
          .isEqualTo(Instant.parse("2087-03-31T06:00:00Z"));
      assertThat(auditActions(id)).contains("release.rescheduled").doesNotContain("freeze.exception-granted");
      assertThat(moved.get("currentSteps").toString()).as("the new start is not inside the freeze")
          .doesNotContain("Decide on freeze exception");
      process(id).hasPassedInOrder("freeze-exception", "exception-granted", "calendar-merge", "check-calendar",
          "inside-freeze", "assess-risk");
      JsonNode window = window(calendar("from=2087-03-31T00:00:00Z&to=2087-04-01T00:00:00Z"), id);
      assertThat(Instant.parse(window.get("start").asText())).isEqualTo(Instant.parse("2087-03-31T06:00:00Z"));
      assertThat(Instant.parse(window.get("end").asText())).isEqualTo(Instant.parse("2087-03-31T08:00:00Z"));
    } finally {
      deleteFreeze(weekend);
    }
  }

  @Test
  void hotfixInsideAFreezeGoesOnAndRecordsTheOverride() {
    String service = service();
    long freeze = createFreeze(oneOff("Payments freeze", "2088-06-10T00:00:00Z", "2088-06-11T00:00:00Z", service));
    Map<String, Object> body = request("2088-06-10T10:00:00Z", service);
    body.put("hotfix", true);
    long id = requestRelease("erin", body);

    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);

    process(id).hasPassedInOrder("override-freezes", "assess-risk").hasNotPassed("freeze-exception");
    List<JsonNode> overrides = new ArrayList<>();
    jdbc.query("SELECT details FROM audit_events WHERE release_id = ? AND action = 'freeze.overridden'",
        rs -> { overrides.add(parse(rs.getString("details"))); }, id);
    assertThat(overrides).singleElement().satisfies(details -> {
      assertThat(details.get("freezeId").asLong()).isEqualTo(freeze);
      assertThat(details.get("name").asText()).isEqualTo("Payments freeze");
      assertThat(details.get("start").asText()).isEqualTo("2088-06-10T00:00:00Z");
      assertThat(details.get("end").asText()).isEqualTo("2088-06-11T00:00:00Z");
    });
  }

  // ---------------------------------------------------------------------------------------------- the range

  static Stream<Arguments> invalidRanges() {
    return Stream.of(
        Arguments.of("from=yesterday", "from"),
        Arguments.of("from=2081-01-01", "from"),
        Arguments.of("to=2081-01-02T00:00", "to"),
        Arguments.of("from=2081-01-02T00:00:00Z&to=2081-01-01T00:00:00Z", "to"),
        Arguments.of("from=2081-01-01T00:00:00Z&to=2081-01-01T00:00:00Z", "to"),
        Arguments.of("from=2081-01-01T00:00:00Z&to=2082-01-02T00:00:01Z", "to"),
        Arguments.of("from=2081-01-01T00:00:00Z&to=2091-01-01T00:00:00Z", "to"),
        Arguments.of("to=2000-01-01T00:00:00Z", "to"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRanges")
  void invalidRangeIsRefusedNamingTheParameter(String query, String parameter) {
    Api.Response response = api("frank").get("/api/calendar?" + query);

    assertInvalid(response, parameter);
    assertThat(message(response, parameter)).isNotBlank();
  }

  @Test
  void numberAsFromIsRefusedNamingIt() {
    // a client sending epoch seconds gets a calendar of January 1970 instead of an error
    assertInvalid(api("frank").get("/api/calendar?from=1700000000"), "from");
  }

  @Test
  void refusedRangesSayWhy() {
    Api.Response backwards = api("frank").get("/api/calendar?from=2081-01-02T00:00:00Z&to=2081-01-01T00:00:00Z");
    assertThat(message(backwards, "to")).contains("after from").contains("2081-01-02T00:00:00Z");

    Api.Response tooLong = api("frank").get("/api/calendar?from=2081-01-01T00:00:00Z&to=2083-01-01T00:00:00Z");
    assertThat(message(tooLong, "to")).contains("366 days");

    Api.Response unparsable = api("frank").get("/api/calendar?from=yesterday");
    assertThat(message(unparsable, "from")).contains("'yesterday'").contains("ISO-8601");
  }

  @Test
  void rangeOfExactly366DaysIsAccepted() {
    JsonNode calendar = calendar("from=2081-01-01T00:00:00Z&to=2082-01-02T00:00:00Z");

    assertThat(Instant.parse(calendar.get("to").asText())).isEqualTo(Instant.parse("2082-01-02T00:00:00Z"));
  }

  @Test
  void withoutARangeTheCalendarShowsFromYesterdayForThirtyDays() {
    Instant before = Instant.now();
    JsonNode calendar = calendar("");
    Instant after = Instant.now();

    Instant from = Instant.parse(calendar.get("from").asText());
    assertThat(from).isBetween(before.minus(Duration.ofDays(1)).minusSeconds(1), after.minus(Duration.ofDays(1)));
    assertThat(Instant.parse(calendar.get("to").asText())).isEqualTo(from.plus(Duration.ofDays(30)));
  }

  @Test
  void withOnlyFromTheCalendarShowsThirtyDays() {
    JsonNode calendar = calendar("from=2081-06-01T00:00:00Z");

    assertThat(Instant.parse(calendar.get("to").asText())).isEqualTo(Instant.parse("2081-07-01T00:00:00Z"));
  }

  @Test
  void everyPersonMayReadTheCalendarButNobodyAnonymously() {
    for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "admin")) {
      assertThat(api(user).get("/api/calendar?from=2089-01-01T00:00:00Z&to=2089-01-02T00:00:00Z").status())
          .as(user).isEqualTo(200);
    }
    assertProblem(api(null).get("/api/calendar?from=2089-01-01T00:00:00Z&to=2089-01-02T00:00:00Z"), 401);
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** A service name no other test uses. */
  private static String service() {
    return "cal-" + SERVICES.incrementAndGet() + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
  }

  private Map<String, Object> request(String plannedStart, String... services) {
    Map<String, Object> body = releaseRequest(version("cal"), repository(1), Instant.parse(plannedStart));
    body.put("services", List.of(services));
    return body;
  }

  /** A release requested by erin, planned to start at {@code plannedStart}, touching only these services. */
  private long release(String plannedStart, String... services) {
    return requestRelease("erin", request(plannedStart, services));
  }

  /** Collects the change set and reports the required gates passed: the release reaches the calendar step. */
  private void passGates(long id) {
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
  }

  private static Map<String, Object> oneOff(String name, String start, String end, String service) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("start", start);
    body.put("end", end);
    body.put("services", List.of(service));
    return body;
  }

  /** Friday 18:00 to Monday 08:00 in Berlin, for one service only. */
  private static Map<String, Object> weekendFreeze(String service) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Weekend freeze");
    body.put("recurrence", Map.of("cron", "0 0 18 * * FRI", "duration", "PT62H", "zone", "Europe/Berlin"));
    body.put("services", List.of(service));
    return body;
  }

  private long createFreeze(Map<String, Object> body) {
    assertThat((List<?>) body.get("services")).as("a test freeze is limited to the test's services").isNotEmpty();
    Api.Response response = api("alice").post("/api/freezes", body);
    assertThat(response.status()).as("create freeze: %s", response).isEqualTo(201);
    return response.json().get("id").asLong();
  }

  private void deleteFreeze(long id) {
    Api.Response response = api("alice").send(api("alice").request("/api/freezes/" + id).DELETE());
    assertThat(response.status()).as("delete freeze %s: %s", id, response).isEqualTo(204);
  }

  private JsonNode calendar(String query) {
    Api.Response response = api("frank").get("/api/calendar" + (query.isEmpty() ? "" : "?" + query));
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    return response.json();
  }

  private static List<Long> releaseIds(JsonNode calendar) {
    return longs(calendar.get("releases").findValues("releaseId"));
  }

  private static JsonNode window(JsonNode calendar, long releaseId) {
    for (JsonNode window : calendar.get("releases")) {
      if (window.get("releaseId").asLong() == releaseId) {
        return window;
      }
    }
    throw new AssertionError("release " + releaseId + " is not on the calendar " + calendar);
  }

  /** The calendar's occurrences of these freezes, in the calendar's order (other tests' freezes left out). */
  private static List<JsonNode> occurrences(JsonNode calendar, long... freezeIds) {
    List<JsonNode> spans = new ArrayList<>();
    for (JsonNode span : calendar.get("freezes")) {
      for (long id : freezeIds) {
        if (span.get("freezeId").asLong() == id) {
          spans.add(span);
        }
      }
    }
    return spans;
  }

  private static List<Long> longs(Iterable<JsonNode> nodes) {
    List<Long> values = new ArrayList<>();
    nodes.forEach(n -> values.add(n.asLong()));
    return values;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
