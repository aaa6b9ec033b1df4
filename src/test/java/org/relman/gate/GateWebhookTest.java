package org.relman.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;
import static org.relman.testing.Problems.assertProblem;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.relman.shared.Db;
import org.relman.security.WebhookSignatures;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;

/** CI reports gate results on the HMAC-signed webhook; bad, stale and replayed deliveries change nothing. */
class GateWebhookTest extends RelmanTestBase {

  private static final String PASSED = "{\"status\":\"PASSED\",\"summary\":\"412 tests green\",\"url\":\"https://ci.example/builds/7\","
      + "\"metrics\":{\"testsTotal\":412,\"testsFailed\":0,\"coverage\":81.5}}";

  private Instant testStarted;

  @BeforeEach
  void rememberStart() {
    testStarted = Instant.now().minusMillis(5);
  }

  // ---------------------------------------------------------------------------------------------- accepted reports

  @Test
  void signedReportIsAcceptedAndWakesTheWaitingGate() {
    long id = gating();

    Api.Response response = signed(path(id, "build"), PASSED);

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(response.json().get("release").asLong()).isEqualTo(id);
    assertThat(response.json().get("gate").asText()).isEqualTo("build");
    assertThat(response.json().get("status").asText()).isEqualTo("PASSED");
    assertThat(response.json().get("releaseWaiting").asBoolean()).isTrue();
    JsonNode build = gateView(id, "build");
    assertThat(build.get("status").asText()).isEqualTo("PASSED");
    assertThat(build.get("summary").asText()).isEqualTo("412 tests green");
    assertThat(build.get("url").asText()).isEqualTo("https://ci.example/builds/7");
    assertThat(build.get("testsTotal").asInt()).isEqualTo(412);
    assertThat(build.get("reportedAt").isNull()).isFalse();
    assertThat(gateView(id, "tests").get("status").asText()).isEqualTo("PENDING");
    assertThat(release(id).get("currentSteps").toString()).doesNotContain("Await gate result (build)")
        .contains("Await gate result (tests)");
    assertThat(auditActions(id)).contains("gate.reported");
    assertThat(deliveriesSinceStart()).isEqualTo(1);
  }

  @Test
  void passedGateIsNoLongerACurrentStep() {
    long id = gating();

    assertThat(signed(path(id, "build"), PASSED).status()).isEqualTo(202);

    assertThat(release(id).get("currentSteps").toString()).isEqualTo("[\"Await gate result (tests)\"]");
  }

  @Test
  void reportBeforeTheGateWaitBeginsIsKeptAndCountsWhenItBegins() {
    long id = requestRelease("erin", version("2026.12"), repository(2));
    assertThat(status(id)).isEqualTo("PLANNING");

    Api.Response early = signed(path(id, "build"), PASSED);

    assertThat(early.status()).as("%s", early).isEqualTo(202);
    assertThat(early.json().get("releaseWaiting").asBoolean()).isFalse();
    assertThat(gateView(id, "build").get("status").asText()).isEqualTo("PASSED");
    assertThat(status(id)).isEqualTo("PLANNING");

    workers().run("collect-change-set", id);
    assertThat(status(id)).isEqualTo("GATING");
    assertThat(release(id).get("currentSteps").toString()).doesNotContain("Await gate result (build)")
        .contains("Await gate result (tests)");
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);

    JsonNode awaiting = release(id);
    assertThat(awaiting.get("status").asText()).isEqualTo("AWAITING_APPROVAL");
    assertThat(awaiting.get("gates").findValuesAsText("status")).containsExactly("PASSED", "PASSED");
    process(id).hasNotPassed("gate-failure");
  }

  @Test
  void latestEarlyReportReplacesTheEarlierOne() {
    long id = requestRelease("erin", version("2026.12"), repository(2));
    assertThat(signed(path(id, "build"), "{\"status\":\"FAILED\",\"summary\":\"flaky test\"}").status()).isEqualTo(202);
    assertThat(signed(path(id, "build"), PASSED).status()).isEqualTo(202);

    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);

    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    assertThat(gateView(id, "build").get("summary").asText()).isEqualTo("412 tests green");
    process(id).hasNotPassed("gate-failure");
  }

  @Test
  void deliveryWithinFiveMinutesOfRelmansClockIsAccepted() {
    long id = gating();
    long now = Instant.now().getEpochSecond();

    assertThat(signed(path(id, "build"), PASSED, now - 240).status()).isEqualTo(202);
    assertThat(signed(path(id, "tests"), PASSED, now + 240).status()).isEqualTo(202);

    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
  }

  @Test
  void queryStringIsNotPartOfTheSignedPath() {
    long id = gating();
    String path = path(id, "build");
    long now = Instant.now().getEpochSecond();
    String signature = signatures.sign(now, path, PASSED.getBytes(StandardCharsets.UTF_8));

    Api.Response response = deliver(path + "?attempt=2", PASSED, String.valueOf(now), signature);

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(gateView(id, "build").get("status").asText()).isEqualTo("PASSED");
  }

  /**
   * The release the refusal tests deliver to. A refused report changes nothing, which each of them checks, so they share
   * one release waiting for its gates instead of requesting one each; when an earlier test's delivery did change it
   * (that test failed), the next one gets a new release.
   */
  private static long refusedTo;
  private static State refusedToAsRequested;

  private long refusedTo() {
    if (refusedTo == 0 || !releaseOnly(state(refusedTo)).equals(refusedToAsRequested)) {
      refusedTo = gating();
      refusedToAsRequested = releaseOnly(state(refusedTo));
    }
    return refusedTo;
  }

  /** The state of the release alone, without the counts of audit events and deliveries every test adds to. */
  private static State releaseOnly(State state) {
    return new State(state.gates(), state.status(), 0, 0);
  }

  // ---------------------------------------------------------------------------------------------- refused: 401

  @Test
  void deliveryWithoutSignatureHeadersIsRefusedAndChangesNothing() {
    long id = refusedTo();
    String path = path(id, "build");
    long now = Instant.now().getEpochSecond();
    String signature = signatures.sign(now, path, PASSED.getBytes(StandardCharsets.UTF_8));
    State before = state(id);

    assertUnauthorized(deliver(path, PASSED, null, null));
    assertUnauthorized(deliver(path, PASSED, String.valueOf(now), null));
    assertUnauthorized(deliver(path, PASSED, null, signature));

    assertThat(state(id)).isEqualTo(before);
  }

  @Test
  void deliveryWithAPersonsCredentialsInsteadOfASignatureIsRefused() {
    long id = refusedTo();
    State before = state(id);

    Api alice = api("alice");
    Api.Response response = alice.send(alice.request(path(id, "build")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(PASSED)));

    assertUnauthorized(response);
    assertThat(state(id)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "", "1.7e9"})
  void timestampThatIsNotUnixSecondsIsRefusedAndChangesNothing(String timestamp) {
    long id = refusedTo();
    State before = state(id);

    assertUnauthorized(deliver(path(id, "build"), PASSED, timestamp, "sha256=00"));

    assertThat(state(id)).isEqualTo(before);
  }

  @Test
  void signatureOverAnotherBodyIsRefusedAndChangesNothing() {
    long id = refusedTo();
    String path = path(id, "build");
    long now = Instant.now().getEpochSecond();
    String failed = "{\"status\":\"FAILED\",\"summary\":\"3 tests failed\"}";
    String signature = signatures.sign(now, path, failed.getBytes(StandardCharsets.UTF_8));
    State before = state(id);

    assertUnauthorized(deliver(path, PASSED, String.valueOf(now), signature));

    assertThat(state(id)).isEqualTo(before);
  }

  @Test
  void signatureWithAnotherSecretIsRefusedAndChangesNothing() throws Exception {
    long id = refusedTo();
    String path = path(id, "build");
    long now = Instant.now().getEpochSecond();
    var mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec("not-the-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String forged = "sha256=" + java.util.HexFormat.of().formatHex(
        mac.doFinal((now + "." + path + "." + PASSED).getBytes(StandardCharsets.UTF_8)));
    State before = state(id);

    assertUnauthorized(deliver(path, PASSED, String.valueOf(now), forged));

    assertThat(state(id)).isEqualTo(before);
  }

  @Test
  void signatureWithAnotherTimestampIsRefusedAndChangesNothing() {
    long id = refusedTo();
    String path = path(id, "build");
    long now = Instant.now().getEpochSecond();
    String signature = signatures.sign(now - 1, path, PASSED.getBytes(StandardCharsets.UTF_8));
    State before = state(id);

    assertUnauthorized(deliver(path, PASSED, String.valueOf(now), signature));

    assertThat(state(id)).isEqualTo(before);
  }

  @Test
  void reportSignedForAnotherGateIsRefusedAndChangesNothing() {
    long id = refusedTo();
    long now = Instant.now().getEpochSecond();
    String signedForTests = signatures.sign(now, path(id, "tests"), PASSED.getBytes(StandardCharsets.UTF_8));
    State before = state(id);

    assertUnauthorized(deliver(path(id, "build"), PASSED, String.valueOf(now), signedForTests));

    assertThat(state(id)).isEqualTo(before);
    assertThat(gateView(id, "build").get("status").asText()).isEqualTo("PENDING");
  }

  @Test
  void reportSignedForAnotherReleaseIsRefusedAndChangesNothing() {
    long id = gating();
    long other = gating();
    long now = Instant.now().getEpochSecond();
    String signedForOther = signatures.sign(now, path(other, "build"), PASSED.getBytes(StandardCharsets.UTF_8));
    State before = state(id);
    State otherBefore = state(other);

    assertUnauthorized(deliver(path(id, "build"), PASSED, String.valueOf(now), signedForOther));

    assertThat(state(id)).isEqualTo(before);
    assertThat(state(other)).isEqualTo(otherBefore);
  }

  // just outside the five minutes on either side; ahead by 310 s, not 301, because the request itself takes time and
  // brings a future timestamp closer to relman's clock (a slow request under load was once accepted at +301)
  @ParameterizedTest
  @ValueSource(longs = {-301, -3600, 310, 3600})
  void staleDeliveryIsRefusedAndChangesNothing(long offsetSeconds) {
    long id = refusedTo();
    State before = state(id);

    assertUnauthorized(signed(path(id, "build"), PASSED, Instant.now().getEpochSecond() + offsetSeconds));

    assertThat(state(id)).isEqualTo(before);
  }

  @Test
  void replayOfAnAcceptedDeliveryIsRefusedAndChangesNothing() {
    long id = gating();
    String path = path(id, "build");
    long now = Instant.now().getEpochSecond();
    String signature = signatures.sign(now, path, PASSED.getBytes(StandardCharsets.UTF_8));
    assertThat(deliver(path, PASSED, String.valueOf(now), signature).status()).isEqualTo(202);
    State afterFirst = state(id);

    Api.Response replay = deliver(path, PASSED, String.valueOf(now), signature);

    assertUnauthorized(replay);
    assertThat(replay.json().get("detail").asText()).containsIgnoringCase("replay");
    assertThat(state(id)).isEqualTo(afterFirst);
    assertThat(deliveriesSinceStart()).isEqualTo(1);
  }

  @Test
  void replayOfAnAcceptedEarlyDeliveryCannotOverwriteALaterReport() {
    long id = requestRelease("erin", version("2026.12"), repository(2));
    String path = path(id, "build");
    long now = Instant.now().getEpochSecond();
    String failed = "{\"status\":\"FAILED\",\"summary\":\"compilation error\"}";
    String signature = signatures.sign(now, path, failed.getBytes(StandardCharsets.UTF_8));
    assertThat(deliver(path, failed, String.valueOf(now), signature).status()).isEqualTo(202);
    assertThat(signed(path, PASSED).status()).isEqualTo(202);
    State before = state(id);

    assertUnauthorized(deliver(path, failed, String.valueOf(now), signature));

    assertThat(state(id)).isEqualTo(before);
    assertThat(gateView(id, "build").get("status").asText()).isEqualTo("PASSED");
  }

  // ---------------------------------------------------------------------------------------------- refused: 400

  static Stream<Arguments> invalidReports() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"status\": PASSED}", "body"),
        Arguments.of("not JSON at all", "build passed", "body"),
        Arguments.of("empty body", "", "body"),
        Arguments.of("JSON null", "null", "body"),
        Arguments.of("missing status", "{\"summary\":\"ok\"}", "status"),
        Arguments.of("unknown status", "{\"status\":\"SKIPPED\"}", "status"),
        Arguments.of("lower-case status", "{\"status\":\"passed\"}", "status"),
        Arguments.of("unknown field", "{\"status\":\"PASSED\",\"state\":\"green\"}", "state"),
        Arguments.of("tests failed above tests total",
            "{\"status\":\"FAILED\",\"metrics\":{\"testsTotal\":10,\"testsFailed\":11}}", "metrics.testsFailed"),
        Arguments.of("negative tests total", "{\"status\":\"PASSED\",\"metrics\":{\"testsTotal\":-1}}", "metrics.testsTotal"),
        Arguments.of("tests total as text", "{\"status\":\"PASSED\",\"metrics\":{\"testsTotal\":\"ten\"}}", "metrics.testsTotal"),
        Arguments.of("coverage above 100", "{\"status\":\"PASSED\",\"metrics\":{\"coverage\":100.5}}", "metrics.coverage"),
        Arguments.of("ftp url", "{\"status\":\"PASSED\",\"url\":\"ftp://ci.example/builds/7\"}", "url"),
        Arguments.of("javascript url", "{\"status\":\"PASSED\",\"url\":\"javascript:alert(1)\"}", "url"),
        Arguments.of("relative url", "{\"status\":\"PASSED\",\"url\":\"/builds/7\"}", "url"),
        Arguments.of("url with spaces", "{\"status\":\"PASSED\",\"url\":\"https://ci example/7\"}", "url"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidReports")
  void invalidReportIsRefusedNamingTheFieldAndChangesNothing(String what, String body, String field) {
    long id = refusedTo();
    State before = state(id);

    Api.Response response = signed(path(id, "build"), body);

    assertInvalid(response, field);
    assertThat(state(id)).isEqualTo(before);
  }

  @Test
  void statusAsANumberIsRefusedAndChangesNothing() {
    long id = refusedTo();
    State before = state(id);

    Api.Response response = signed(path(id, "build"), "{\"status\":0}");

    assertInvalid(response, "status");
    assertThat(state(id)).isEqualTo(before);
    assertThat(gateView(id, "build").get("status").asText()).isEqualTo("PENDING");
  }

  // ---------------------------------------------------------------------------------------------- by version

  @Test
  void reportNamingTheReleaseByVersionIsAcceptedLikeOneById() {
    long id = gating();
    String version = release(id).get("version").asText();

    Api.Response response = signed(byVersion(version, "build"), PASSED);

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(response.json().get("release").asLong()).isEqualTo(id);
    assertThat(gateView(id, "build").get("status").asText()).isEqualTo("PASSED");
    assertThat(gateView(id, "build").get("summary").asText()).isEqualTo("412 tests green");
  }

  @Test
  void reportByVersionSignedOverTheIdPathIsRefusedAndChangesNothing() {
    long id = refusedTo();
    String version = release(id).get("version").asText();
    long now = Instant.now().getEpochSecond();
    String signedForIdPath = signatures.sign(now, path(id, "build"), PASSED.getBytes(StandardCharsets.UTF_8));
    State before = state(id);

    assertUnauthorized(deliver(byVersion(version, "build"), PASSED, String.valueOf(now), signedForIdPath));
    assertUnauthorized(deliver(byVersion(version, "build"), PASSED, null, null));

    assertThat(state(id)).isEqualTo(before);
  }

  @Test
  void reportForAVersionNoReleaseHasIsNotFoundAndChangesNothing() {
    long since = deliveriesSinceStart();
    long audit = count("audit_events");

    Api.Response response = signed(byVersion("no-such-version." + System.nanoTime(), "build"), PASSED);

    assertProblem(response, 404);
    assertThat(response.json().get("detail").asText()).contains("no-such-version");
    assertThat(deliveriesSinceStart()).isEqualTo(since);
    assertThat(count("audit_events")).isEqualTo(audit);
  }

  @Test
  void releasesAreFoundByTheirExactVersion() {
    long id = gating();
    String version = release(id).get("version").asText();

    Api.Response found = api("erin").get("/api/releases?version=" + version);
    Api.Response prefix = api("erin").get("/api/releases?version=" + version.substring(0, version.length() - 1));
    Api.Response invalid = api("erin").get("/api/releases?version=a%20b");

    assertThat(found.status()).as("%s", found).isEqualTo(200);
    assertThat(found.json().get("total").asLong()).isEqualTo(1);
    assertThat(found.json().get("items").get(0).get("id").asLong()).isEqualTo(id);
    assertThat(prefix.json().get("items").toString()).doesNotContain("\"version\":\"" + version + "\"");
    assertInvalid(invalid, "version");
  }

  // ---------------------------------------------------------------------------------------------- refused: 404, 409, 413

  @Test
  void reportForUnknownReleaseIsNotFoundAndChangesNothing() {
    long since = deliveriesSinceStart();
    long audit = count("audit_events");

    Api.Response response = signed(path(987654321L, "build"), PASSED);

    assertProblem(response, 404);
    assertThat(deliveriesSinceStart()).isEqualTo(since);
    assertThat(count("audit_events")).isEqualTo(audit);
  }

  @Test
  void reportForUnknownGateIsNotFoundAndChangesNothing() {
    long id = refusedTo();
    State before = state(id);

    Api.Response response = signed(path(id, "lint"), PASSED);

    assertProblem(response, 404);
    assertThat(response.json().get("detail").asText()).contains("lint", "build", "tests");
    assertThat(state(id)).isEqualTo(before);
  }

  @Test
  void reportAfterTheReleaseIsPastItsGatesIsAConflictAndChangesNothing() {
    long id = gating();
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    State before = state(id);

    Api.Response response = signed(path(id, "build"), "{\"status\":\"FAILED\",\"summary\":\"late failure\"}");

    assertProblem(response, 409);
    assertThat(state(id)).isEqualTo(before);
    assertThat(gateView(id, "build").get("status").asText()).isEqualTo("PASSED");
  }

  @Test
  void reportForACancelledReleaseIsAConflictAndChangesNothing() {
    long id = gating();
    assertThat(api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "Superseded by a hotfix")).status())
        .isEqualTo(202);
    State before = state(id);

    Api.Response response = signed(path(id, "build"), PASSED);

    assertProblem(response, 409);
    assertThat(state(id)).isEqualTo(before);
  }

  @Test
  void oversizedReportIsRefusedWith413AndChangesNothing() {
    long id = gating();
    State before = state(id);

    Api.Response response = signed(path(id, "build"),
        "{\"status\":\"PASSED\",\"summary\":\"" + "x".repeat(70 * 1024) + "\"}");

    assertProblem(response, 413);
    assertThat(state(id)).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** Everything a delivery could change: the release's gate rows and status, the audit trail, remembered deliveries. */
  private record State(List<Map<String, Object>> gates, String status, long auditEvents, long deliveries) {}

  private State state(long id) {
    return new State(jdbc.queryForList("SELECT * FROM gates WHERE release_id = ? ORDER BY name", id), status(id),
        count("audit_events"), deliveriesSinceStart());
  }

  /** Deliveries remembered since this test began (older ones may be forgotten by the scheduled clean-up meanwhile). */
  private long deliveriesSinceStart() {
    Long count = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_deliveries WHERE received_at >= ?", Long.class,
        Db.param(testStarted));
    return count == null ? 0 : count;
  }

  /** A release requested by erin whose change set is collected: it waits for both gates. */
  private long gating() {
    long id = requestRelease("erin", version("2026.12"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(status(id)).isEqualTo("GATING");
    return id;
  }

  private static String path(long id, String gate) {
    return "/api/releases/" + id + "/gates/" + gate;
  }

  private static String byVersion(String version, String gate) {
    return "/api/releases/by-version/" + version + "/gates/" + gate;
  }

  private JsonNode gateView(long id, String gate) {
    for (JsonNode view : release(id).get("gates")) {
      if (gate.equals(view.get("name").asText())) {
        return view;
      }
    }
    throw new AssertionError("release " + id + " has no gate " + gate);
  }

  private Api.Response signed(String path, String body) {
    return api(null).signedPost(path, body);
  }

  private Api.Response signed(String path, String body, long timestamp) {
    return api(null).signedPost(path, body, timestamp);
  }

  /** A delivery with exactly these headers (null: left out). */
  private Api.Response deliver(String path, String body, String timestamp, String signature) {
    Api anonymous = api(null);
    HttpRequest.Builder request = anonymous.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      request.header(WebhookSignatures.TIMESTAMP, timestamp);
    }
    if (signature != null) {
      request.header(WebhookSignatures.SIGNATURE, signature);
    }
    return anonymous.send(request);
  }

  private static void assertUnauthorized(Api.Response response) {
    assertProblem(response, 401);
  }
}
