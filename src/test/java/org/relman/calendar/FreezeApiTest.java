package org.relman.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;
import static org.relman.testing.Problems.assertProblem;
import static org.relman.testing.Problems.fields;
import static org.relman.testing.Problems.message;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.relman.testing.Api;
import org.relman.testing.Footprint;
import org.relman.testing.RelmanTestBase;

/**
 * POST, GET and DELETE on /api/freezes: what is accepted, who may do it, what the audit trail records, and that every
 * refusal names its field and stores nothing. The tests share one database with every other test, so each freeze is
 * limited to services of its own (a freeze for all services would hold up other tests' releases); the one all-services
 * freeze lies in 2097 and is lifted again.
 */
class FreezeApiTest extends RelmanTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SERVICES = new AtomicInteger();

  // ---------------------------------------------------------------------------------------------- create and list

  @Test
  void oneOffFreezeIsCreatedListedAndAudited() {
    String service = service();
    Footprint before = footprint();

    Api.Response response = api("alice").post("/api/freezes",
        oneOff("  Year-end freeze  ", "2091-12-20T00:00:00Z", "2092-01-03T00:00:00Z", service, "ledger-" + service));

    assertThat(response.status()).as("%s", response).isEqualTo(201);
    JsonNode freeze = response.json();
    long id = freeze.get("id").asLong();
    assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
        location -> assertThat(location).endsWith("/api/freezes/" + id));
    assertThat(freeze.get("name").asText()).as("surrounding blanks dropped").isEqualTo("Year-end freeze");
    assertThat(Instant.parse(freeze.get("start").asText())).isEqualTo(Instant.parse("2091-12-20T00:00:00Z"));
    assertThat(Instant.parse(freeze.get("end").asText())).isEqualTo(Instant.parse("2092-01-03T00:00:00Z"));
    assertThat(freeze.get("recurrence").isNull()).isTrue();
    assertThat(texts(freeze.get("services"))).containsExactlyInAnyOrder(service, "ledger-" + service);
    assertThat(freeze.get("createdBy").asText()).isEqualTo("alice");
    assertThat(freeze.get("createdAt").isNull()).isFalse();
    assertThat(listed(id)).as("GET /api/freezes").isEqualTo(freeze);

    Footprint after = footprint();
    assertThat(after.rows().get("freezes")).isEqualTo(before.rows().get("freezes") + 1);
    assertThat(after.rows().get("freeze_services")).isEqualTo(before.rows().get("freeze_services") + 2);
    assertThat(after.rows().get("audit_events")).isEqualTo(before.rows().get("audit_events") + 1);
    JsonNode created = auditEvent("freeze.created", id);
    assertThat(created.get("actor").asText()).isEqualTo("alice");
    assertThat(created.get("details").get("name").asText()).isEqualTo("Year-end freeze");
    assertThat(created.get("details").get("start").asText()).isEqualTo("2091-12-20T00:00:00Z");
    assertThat(created.get("details").get("end").asText()).isEqualTo("2092-01-03T00:00:00Z");
    assertThat(texts(created.get("details").get("services"))).containsExactlyInAnyOrder(service, "ledger-" + service);
  }

  @Test
  void recurringFreezeIsCreatedWithItsRecurrenceAndAudited() {
    String service = service();

    Api.Response response = api("rita").post("/api/freezes", recurring("Weekend freeze", " 0 0 18 * * FRI ", "PT62H",
        "Europe/Berlin", service));

    try {
      assertThat(response.status()).as("%s", response).isEqualTo(201);
      JsonNode freeze = response.json();
      long id = freeze.get("id").asLong();
      assertThat(freeze.get("start").isNull()).isTrue();
      assertThat(freeze.get("end").isNull()).isTrue();
      assertThat(freeze.get("recurrence").get("cron").asText()).isEqualTo("0 0 18 * * FRI");
      assertThat(freeze.get("recurrence").get("duration").asText()).as("ISO-8601 duration").isEqualTo("PT62H");
      assertThat(freeze.get("recurrence").get("zone").asText()).isEqualTo("Europe/Berlin");
      assertThat(texts(freeze.get("services"))).containsExactly(service);
      assertThat(freeze.get("createdBy").asText()).isEqualTo("rita");
      assertThat(listed(id)).isEqualTo(freeze);

      JsonNode created = auditEvent("freeze.created", id);
      assertThat(created.get("actor").asText()).isEqualTo("rita");
      assertThat(created.get("details").get("cron").asText()).isEqualTo("0 0 18 * * FRI");
      assertThat(created.get("details").get("duration").asText()).isEqualTo("PT62H");
      assertThat(created.get("details").get("zone").asText()).isEqualTo("Europe/Berlin");
    } finally {
      lift(response);
    }
  }

  @Test
  void freezeWithoutServicesIsForAllServices() {
    Map<String, Object> body = oneOff("Far-future board freeze", "2097-06-01T00:00:00Z", "2097-06-02T00:00:00Z");
    body.remove("services");

    Api.Response response = api("alice").post("/api/freezes", body);

    try {
      assertThat(response.status()).as("%s", response).isEqualTo(201);
      assertThat(response.json().get("services")).as("no services: all").isEmpty();
      assertThat(listed(response.json().get("id").asLong()).get("services")).isEmpty();
    } finally {
      lift(response);
    }
  }

  @Test
  void everyPersonMayListTheFreezes() {
    long id = create(oneOff("Listed freeze", "2091-03-01T00:00:00Z", "2091-03-02T00:00:00Z", service()));

    for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "admin")) {
      Api.Response response = api(user).get("/api/freezes");
      assertThat(response.status()).as("%s: %s", user, response).isEqualTo(200);
      assertThat(response.json().findValuesAsText("id")).as(user).contains(String.valueOf(id));
    }
  }

  @Test
  void listingNeedsASignedInUser() {
    assertProblem(api(null).get("/api/freezes"), 401);
  }

  // ---------------------------------------------------------------------------------------------- delete

  @Test
  void deleteLiftsTheFreezeKeepsItsRecordAndIsAudited() {
    long id = create(oneOff("Lifted freeze", "2091-05-01T00:00:00Z", "2091-05-02T00:00:00Z", service()));
    long events = count("audit_events");

    Api.Response response = api("rita").send(api("rita").request("/api/freezes/" + id).DELETE());

    assertThat(response.status()).as("%s", response).isEqualTo(204);
    assertThat(ids(api("frank").get("/api/freezes").json())).doesNotContain(id);
    assertThat(count("audit_events")).isEqualTo(events + 1);
    JsonNode deleted = auditEvent("freeze.deleted", id);
    assertThat(deleted.get("actor").asText()).isEqualTo("rita");
    assertThat(deleted.get("details").get("name").asText()).isEqualTo("Lifted freeze");
    Map<String, Object> row = jdbc.queryForMap("SELECT deleted_by, deleted_at FROM freezes WHERE id = ?", id);
    assertThat(row.get("DELETED_BY")).as("a lifted freeze stays on record").isEqualTo("rita");
    assertThat(row.get("DELETED_AT")).isNotNull();
  }

  @Test
  void deletingALiftedFreezeAgainIsNotFoundAndChangesNothing() {
    long id = create(oneOff("Lifted twice", "2091-05-03T00:00:00Z", "2091-05-04T00:00:00Z", service()));
    assertThat(delete("alice", id).status()).isEqualTo(204);
    Footprint before = footprint();

    Api.Response response = delete("rita", id);

    assertProblem(response, 404);
    assertThat(footprint()).isEqualTo(before);
    assertThat(jdbc.queryForObject("SELECT deleted_by FROM freezes WHERE id = ?", String.class, id))
        .as("the first lifting stays on record").isEqualTo("alice");
  }

  @Test
  void deletingAnUnknownFreezeIsNotFoundAndChangesNothing() {
    Footprint before = footprint();

    Api.Response response = delete("alice", 987654321L);

    assertProblem(response, 404);
    assertThat(response.json().get("detail").asText()).contains("987654321");
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void freezeIdThatIsNotANumberIsRefusedNamingIt() {
    Footprint before = footprint();

    Api.Response response = api("alice").send(api("alice").request("/api/freezes/weekend").DELETE());

    assertInvalid(response, "id");
    assertThat(footprint()).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------- roles

  @ParameterizedTest
  @ValueSource(strings = {"bob", "carol", "dave", "erin", "frank", "grace", "admin"})
  void onlyReleaseManagersMayDeclareAFreeze(String user) {
    Footprint before = footprint();
    List<JsonNode> listed = list();

    Api.Response response = api(user).post("/api/freezes",
        oneOff("Not mine to declare", "2091-07-01T00:00:00Z", "2091-07-02T00:00:00Z", service()));

    assertProblem(response, 403);
    assertThat(footprint()).isEqualTo(before);
    assertThat(list()).isEqualTo(listed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bob", "carol", "dave", "erin", "frank", "grace", "admin"})
  void onlyReleaseManagersMayLiftAFreeze(String user) {
    long id = create(oneOff("Not mine to lift", "2091-07-03T00:00:00Z", "2091-07-04T00:00:00Z", service()));
    Footprint before = footprint();

    Api.Response response = delete(user, id);

    assertProblem(response, 403);
    assertThat(footprint()).isEqualTo(before);
    assertThat(ids(list())).contains(id);
  }

  @Test
  void anonymousMayNeitherDeclareNorLiftAFreeze() {
    long id = create(oneOff("Anonymous cannot touch", "2091-07-05T00:00:00Z", "2091-07-06T00:00:00Z", service()));
    Footprint before = footprint();

    assertProblem(api(null).post("/api/freezes", oneOff("Anonymous", "2091-07-07T00:00:00Z", "2091-07-08T00:00:00Z",
        service())), 401);
    assertProblem(delete(null, id), 401);
    assertProblem(api("alice").as("alice-wrong").post("/api/freezes", oneOff("Wrong password",
        "2091-07-07T00:00:00Z", "2091-07-08T00:00:00Z", service())), 401);

    assertThat(footprint()).isEqualTo(before);
    assertThat(ids(list())).contains(id);
  }

  // ---------------------------------------------------------------------------------------------- validation

  static Stream<Arguments> invalidOneOffs() {
    return Stream.of(
        Arguments.of("name missing", change(b -> b.remove("name")), "name"),
        Arguments.of("name null", change(b -> b.put("name", null)), "name"),
        Arguments.of("name blank", change(b -> b.put("name", "   ")), "name"),
        Arguments.of("name longer than 200", change(b -> b.put("name", "n".repeat(201))), "name"),
        Arguments.of("name a number", change(b -> b.put("name", 2091)), "name"),
        Arguments.of("end before start", change(b -> b.put("end", "2091-08-31T00:00:00Z")), "end"),
        Arguments.of("end equal to start", change(b -> b.put("end", b.get("start"))), "end"),
        Arguments.of("start without end", change(b -> b.remove("end")), "end"),
        Arguments.of("end without start", change(b -> b.remove("start")), "start"),
        Arguments.of("neither one-off nor recurring", change(b -> { b.remove("start"); b.remove("end"); }), "start"),
        Arguments.of("one-off and recurring", change(b -> b.put("recurrence", recurrence("0 0 18 * * FRI", "PT62H", "Europe/Berlin"))), "recurrence"),
        Arguments.of("end and recurrence", change(b -> { b.remove("start"); b.put("recurrence", recurrence("0 0 18 * * FRI", "PT62H", "Europe/Berlin")); }), "recurrence"),
        Arguments.of("start not an instant", change(b -> b.put("start", "next friday")), "start"),
        Arguments.of("start a date only", change(b -> b.put("start", "2091-09-01")), "start"),
        Arguments.of("end an object", change(b -> b.put("end", Map.of("epochSecond", 4000000000L))), "end"),
        Arguments.of("start a boolean", change(b -> b.put("start", true)), "start"),
        Arguments.of("services a string", change(b -> b.put("services", "payments")), "services"),
        Arguments.of("services an object", change(b -> b.put("services", Map.of("a", "b"))), "services"),
        Arguments.of("service with capitals", change(b -> b.put("services", List.of("Payments"))), "services[0]"),
        Arguments.of("second service with an underscore", change(b -> b.put("services", List.of(service(), "led_ger"))), "services[1]"),
        Arguments.of("service null", change(b -> b.put("services", Arrays.asList(service(), null))), "services[1]"),
        Arguments.of("service blank", change(b -> b.put("services", List.of(""))), "services[0]"),
        Arguments.of("service longer than 64", change(b -> b.put("services", List.of("s".repeat(65)))), "services[0]"),
        Arguments.of("service a number", change(b -> b.put("services", List.of(42))), "services[0]"),
        Arguments.of("more than 100 services", change(b -> b.put("services", IntStream.range(0, 101).mapToObj(i -> service()).toList())), "services"),
        Arguments.of("unknown field", change(b -> b.put("stop", "2091-09-03T00:00:00Z")), "stop"),
        Arguments.of("recurrence a string", change(b -> { b.remove("start"); b.remove("end"); b.put("recurrence", "every friday"); }), "recurrence"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidOneOffs")
  void invalidOneOffFreezeIsRefusedNamingTheFieldAndStoresNothing(String what, Consumer<Map<String, Object>> change,
      String field) {
    Map<String, Object> body = oneOff("September freeze", "2091-09-01T00:00:00Z", "2091-09-02T00:00:00Z", service());
    change.accept(body);

    assertRefused(json(body), field);
  }

  static Stream<Arguments> invalidRecurrences() {
    return Stream.of(
        Arguments.of("cron in words", change(r -> r.put("cron", "every friday at six")), "recurrence.cron"),
        Arguments.of("five-field unix cron", change(r -> r.put("cron", "0 18 * * FRI")), "recurrence.cron"),
        Arguments.of("cron hour 25", change(r -> r.put("cron", "0 0 25 * * FRI")), "recurrence.cron"),
        Arguments.of("cron every 15 minutes", change(r -> r.put("cron", "0 0/15 * * * *")), "recurrence.cron"),
        Arguments.of("cron every second on Fridays", change(r -> r.put("cron", "* * 18 * * FRI")), "recurrence.cron"),
        Arguments.of("cron missing", change(r -> r.remove("cron")), "recurrence.cron"),
        Arguments.of("cron blank", change(r -> r.put("cron", " ")), "recurrence.cron"),
        Arguments.of("cron a number", change(r -> r.put("cron", 18)), "recurrence.cron"),
        Arguments.of("unknown zone", change(r -> r.put("zone", "Europe/Atlantis")), "recurrence.zone"),
        Arguments.of("zone abbreviation", change(r -> r.put("zone", "CEST")), "recurrence.zone"),
        Arguments.of("zone missing", change(r -> r.remove("zone")), "recurrence.zone"),
        Arguments.of("zone blank", change(r -> r.put("zone", "")), "recurrence.zone"),
        Arguments.of("duration zero", change(r -> r.put("duration", "PT0S")), "recurrence.duration"),
        Arguments.of("duration negative", change(r -> r.put("duration", "-PT62H")), "recurrence.duration"),
        Arguments.of("duration not ISO-8601", change(r -> r.put("duration", "62h")), "recurrence.duration"),
        Arguments.of("duration in weeks", change(r -> r.put("duration", "P1W")), "recurrence.duration"),
        Arguments.of("duration a number", change(r -> r.put("duration", 62)), "recurrence.duration"),
        Arguments.of("duration longer than 31 days", change(r -> r.put("duration", "P32D")), "recurrence.duration"),
        Arguments.of("duration missing", change(r -> r.remove("duration")), "recurrence.duration"),
        Arguments.of("unknown field in the recurrence", change(r -> r.put("every", "FRI")), "recurrence.every"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRecurrences")
  void invalidRecurringFreezeIsRefusedNamingTheFieldAndStoresNothing(String what, Consumer<Map<String, Object>> change,
      String field) {
    Map<String, Object> body = recurring("Weekend freeze", "0 0 18 * * FRI", "PT62H", "Europe/Berlin", service());
    change.accept(recurrence(body));

    assertRefused(json(body), field);
  }

  @Test
  void instantGivenAsANumberIsRefusedNamingIt() {
    // 4000000000 would be read as 2096-10-02T07:06:40Z and the freeze stored
    Map<String, Object> body = oneOff("Epoch freeze", "2091-09-01T00:00:00Z", null, service());
    body.put("end", 4000000000L);

    assertRefused(json(body), "end");
  }

  @Test
  void refusalMessagesSayWhatIsWrong() {
    Api.Response endBeforeStart = assertRefused(json(oneOff("Backwards", "2091-09-02T00:00:00Z",
        "2091-09-01T00:00:00Z", service())), "end");
    assertThat(message(endBeforeStart, "end")).contains("after start").contains("2091-09-02T00:00:00Z");

    Api.Response badCron = assertRefused(json(recurring("Bad cron", "0 18 * * FRI", "PT62H", "Europe/Berlin",
        service())), "recurrence.cron");
    assertThat(message(badCron, "recurrence.cron")).contains("'0 18 * * FRI'").contains("six fields");

    Api.Response badZone = assertRefused(json(recurring("Bad zone", "0 0 18 * * FRI", "PT62H", "Europe/Atlantis",
        service())), "recurrence.zone");
    assertThat(message(badZone, "recurrence.zone")).contains("'Europe/Atlantis'");

    Api.Response badDuration = assertRefused(json(recurring("Bad duration", "0 0 18 * * FRI", "62 hours",
        "Europe/Berlin", service())), "recurrence.duration");
    assertThat(message(badDuration, "recurrence.duration")).contains("'62 hours'").contains("ISO-8601");
  }

  @Test
  void everyProblemOfTheRecurrenceIsNamedInOneAnswer() {
    Api.Response response = assertRefused(json(recurring("All wrong", "every friday", "-PT1H", "Mars/Olympus",
        service())));

    assertThat(fields(response)).containsExactlyInAnyOrder("recurrence.cron", "recurrence.duration", "recurrence.zone");
  }

  @Test
  void emptyRecurrenceNamesEachOfItsFields() {
    Map<String, Object> body = oneOff("Empty recurrence", null, null, service());
    body.remove("start");
    body.remove("end");
    body.put("recurrence", Map.of());

    Api.Response response = assertRefused(json(body));

    assertThat(fields(response)).containsExactlyInAnyOrder("recurrence.cron", "recurrence.duration", "recurrence.zone");
  }

  @Test
  void duplicateServiceIsRefusedNamingIt() {
    String service = service();

    Api.Response response = assertRefused(json(oneOff("Twice", "2091-09-01T00:00:00Z", "2091-09-02T00:00:00Z",
        service, "other-" + service, service)), "services");

    assertThat(message(response, "services")).contains(service);
  }

  @Test
  void malformedJsonIsRefusedAndStoresNothing() {
    assertRefused("{\"name\": \"Broken\", \"start\": ", "body");
  }

  @Test
  void emptyBodyIsRefusedAndStoresNothing() {
    Footprint before = footprint();

    assertProblem(api("alice").post("/api/freezes", ""), 400);

    assertThat(footprint()).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** A service name no other test (and no other freeze) uses. */
  private static String service() {
    return "cal-freeze-" + SERVICES.incrementAndGet() + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
  }

  private static Map<String, Object> oneOff(String name, String start, String end, String... services) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("start", start);
    body.put("end", end);
    body.put("services", List.of(services));
    return body;
  }

  private static Map<String, Object> recurring(String name, String cron, String duration, String zone, String... services) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("recurrence", recurrence(cron, duration, zone));
    body.put("services", List.of(services));
    return body;
  }

  private static Map<String, Object> recurrence(String cron, String duration, String zone) {
    Map<String, Object> recurrence = new LinkedHashMap<>();
    recurrence.put("cron", cron);
    recurrence.put("duration", duration);
    recurrence.put("zone", zone);
    return recurrence;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> recurrence(Map<String, Object> body) {
    return (Map<String, Object>) body.get("recurrence");
  }

  private static Consumer<Map<String, Object>> change(Consumer<Map<String, Object>> change) {
    return change;
  }

  private long create(Map<String, Object> body) {
    Api.Response response = api("alice").post("/api/freezes", body);
    assertThat(response.status()).as("create freeze: %s", response).isEqualTo(201);
    return response.json().get("id").asLong();
  }

  /** Lifts a freeze the response created, if it did: recurring and all-services freezes must not outlive the test. */
  private void lift(Api.Response created) {
    if (created.status() == 201) {
      assertThat(delete("alice", created.json().get("id").asLong()).status()).isEqualTo(204);
    }
  }

  private Api.Response delete(String user, long id) {
    Api api = api(user);
    return api.send(api.request("/api/freezes/" + id).DELETE());
  }

  private List<JsonNode> list() {
    Api.Response response = api("frank").get("/api/freezes");
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    List<JsonNode> freezes = new ArrayList<>();
    response.json().forEach(freezes::add);
    return freezes;
  }

  private JsonNode listed(long id) {
    return list().stream().filter(f -> f.get("id").asLong() == id).findFirst()
        .orElseThrow(() -> new AssertionError("freeze " + id + " is not listed"));
  }

  private static List<Long> ids(Iterable<JsonNode> freezes) {
    List<Long> ids = new ArrayList<>();
    freezes.forEach(f -> ids.add(f.get("id").asLong()));
    return ids;
  }

  /** The one audit event of this action about this freeze: actor and parsed details. */
  private JsonNode auditEvent(String action, long freezeId) {
    List<JsonNode> events = new ArrayList<>();
    jdbc.query("SELECT actor, details FROM audit_events WHERE action = ? AND release_id IS NULL ORDER BY seq", rs -> {
      JsonNode details = parse(rs.getString("details"));
      if (details.path("freezeId").asLong() == freezeId) {
        events.add(JSON.createObjectNode().put("actor", rs.getString("actor")).set("details", details));
      }
    }, action);
    assertThat(events).as("%s events of freeze %s", action, freezeId).hasSize(1);
    return events.get(0);
  }

  private Footprint footprint() {
    return Footprint.of(jdbc, runtime, "freezes", "freeze_services", "audit_events");
  }

  /** Posts the body as alice: a 400 problem naming every one of {@code fields}, nothing stored, the list unchanged. */
  private Api.Response assertRefused(String json, String... fields) {
    Footprint before = footprint();
    List<JsonNode> listed = list();

    Api.Response response = api("alice").post("/api/freezes", json);

    try {
      assertInvalid(response, fields);
    } finally {
      lift(response);
    }
    assertThat(footprint()).as("nothing stored").isEqualTo(before);
    assertThat(list()).as("GET /api/freezes").isEqualTo(listed);
    return response;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
