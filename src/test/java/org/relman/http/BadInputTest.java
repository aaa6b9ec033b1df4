package org.relman.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;
import static org.relman.testing.Problems.assertProblem;
import static org.relman.testing.Problems.fields;
import static org.relman.testing.Problems.message;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relman.security.WebhookSignatures;
import org.relman.testing.Api;
import org.relman.testing.Footprint;
import org.relman.testing.RelmanTestBase;

/**
 * Bad input gets one answer that names every bad field, a field that cannot be read does not hide the others, and
 * nothing is written (issue 9, item 8).
 */
class BadInputTest extends RelmanTestBase {

  // ---------------------------------------------------------------------------------------------- every field at once

  @Test
  void releaseRequestNamesEveryBadFieldWhenOneCannotBeRead() {
    Map<String, Object> body = releaseRequest(version("bad"), repository(1), pastStart());
    body.put("plannedStart", "next tuesday");
    body.put("version", "not a version!");
    body.put("services", List.of("payments", 7));
    body.put("repository", Map.of("url", "/nowhere/at/all", "fromRef", 1, "toRef", "main"));
    body.put("hotfix", "yes");
    body.put("colour", "blue");
    Footprint before = footprint();

    Api.Response response = api("erin").post("/api/releases", body);

    assertInvalid(response, "plannedStart", "version", "services[1]", "repository.fromRef", "hotfix", "colour");
    assertThat(message(response, "plannedStart")).contains("'next tuesday'", "ISO-8601");
    assertThat(message(response, "services[1]")).contains("not a string");
    // a field that was given but could not be read is not also "required"
    assertThat(response.json().path("errors").toString()).doesNotContain("is required");
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void releaseRequestNamesConstraintAndRepositoryProblemsTogether() {
    Map<String, Object> body = releaseRequest(version("bad"), repository(1), pastStart());
    body.put("version", "");
    body.put("services", List.of("payments", "payments"));
    body.put("repository", Map.of("url", temp.resolve("repo-missing").toString(), "fromRef", "v1", "toRef", "main"));
    body.put("facts", Map.of("openCriticalBugs", "three"));

    Api.Response response = api("erin").post("/api/releases", body);

    assertInvalid(response, "version", "services", "repository.url", "facts.openCriticalBugs");
  }

  @Test
  void absurdFactsAreRefusedOrKeptButNeverBreakTheReleaseView() {
    String request;
    try {
      request = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
          releaseRequest(version("facts"), repository(1), pastStart()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    // numbers no double holds, written as JSON allows them
    Api.Response response = api("erin").post("/api/releases", request.substring(0, request.length() - 1)
        + ",\"facts\":{\"huge\":1e400,\"tiny\":-1e400,\"precise\":0.1000000000000000000000000001,\"long\":99999999999999999999}}");

    assertThat(response.status()).as("%s", response).isIn(201, 400);
    if (response.status() == 201) {
      assertThat(release(response.json().path("id").asLong()).path("id").asLong()).isPositive();
      assertThat(api("frank").get("/api/releases/" + response.json().path("id").asLong() + "/evidence").status())
          .isLessThan(500);
    }
  }

  @Test
  void cancelNamesAnUnknownFieldAndAReasonOfTheWrongTypeTogether() {
    long id = requestRelease("erin", version("cancel"), repository(1));
    Footprint before = footprint();

    Api.Response response = api("alice").post("/api/releases/" + id + "/cancel", "{\"reason\": 42, \"force\": true}");

    assertInvalid(response, "reason", "force");
    assertThat(footprint()).isEqualTo(before);
    assertThat(status(id)).isNotEqualTo("CANCELLED");
  }

  @Test
  void freezeNamesFieldConstraintsAndStartEndProblemsTogether() {
    Footprint before = footprint();

    Api.Response response = api("alice").post("/api/freezes", Map.of("name", " ", "start", "2027-01-10T00:00:00Z",
        "end", "2027-01-01T00:00:00Z", "services", List.of("ledger", "ledger", "Not A Service")));

    assertInvalid(response, "name", "end", "services", "services[2]");
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void freezeNamesAnUnreadableStartAndTheOtherProblemsTogether() {
    Api.Response response = api("alice").post("/api/freezes", Map.of("start", "soon", "end", 5, "services", "ledger"));

    assertInvalid(response, "name", "start", "end", "services");
    assertThat(message(response, "start")).contains("'soon'");
  }

  @Test
  void recurringFreezeNamesEveryBadPartOfItsRecurrence() {
    Api.Response response = api("alice").post("/api/freezes", Map.of("name", "weekends",
        "recurrence", Map.of("cron", "every friday", "duration", "two days", "zone", "Mars/Olympus_Mons")));

    assertInvalid(response, "recurrence.cron", "recurrence.duration", "recurrence.zone");
  }

  @Test
  void recurrenceWithAMissingPartStillChecksTheOthers() {
    Api.Response response = api("alice").post("/api/freezes", Map.of("name", "weekends",
        "recurrence", Map.of("cron", "0 0 18 * * FRI", "duration", "-PT1H")));

    assertInvalid(response, "recurrence.zone", "recurrence.duration");
  }

  @Test
  void gateReportNamesEveryBadFieldAfterItsSignatureIsChecked() {
    long id = requestRelease("erin", version("gate"), repository(1));
    String body = "{\"status\":\"MAYBE\",\"url\":\"ftp://ci.example/7\",\"summary\":5,"
        + "\"metrics\":{\"testsTotal\":3,\"testsFailed\":4,\"coverage\":150},\"extra\":1}";
    Footprint before = footprint();

    Api.Response unsigned = api(null).post("/api/releases/" + id + "/gates/build", body);
    Api.Response signed = api(null).signedPost("/api/releases/" + id + "/gates/build", body);

    assertProblem(unsigned, 401);
    assertInvalid(signed, "status", "url", "summary", "metrics.testsFailed", "metrics.coverage", "extra");
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void deploymentCallbackNamesEveryBadField() {
    long id = requestRelease("erin", version("callback"), repository(1));

    Api.Response response = api(null).signedPost("/api/releases/" + id + "/deployments/staging",
        "{\"deploymentId\": 7, \"status\": \"DONE\", \"details\": [\"x\"], \"by\": \"me\"}");

    assertInvalid(response, "deploymentId", "status", "details", "by");
  }

  // ---------------------------------------------------------------------------------------------- coverage

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-0.01", "100.01", "150", "1e400", "\"87.5\"", "\"NaN\"", "true", "{}", "[50]"})
  void coverageOutsideZeroToOneHundredOrNotANumberIsRefusedNamingIt(String coverage) {
    long id = requestRelease("erin", version("coverage"), repository(1));
    Footprint before = footprint();

    Api.Response response = api(null).signedPost("/api/releases/" + id + "/gates/build",
        "{\"status\":\"PASSED\",\"metrics\":{\"coverage\":" + coverage + "}}");

    assertInvalid(response, "metrics.coverage");
    assertThat(fields(response)).containsOnly("metrics.coverage");
    assertThat(footprint()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "100", "87.5", "99.999", "12.3456789"})
  void coverageIsAPercentageWithDecimals(String coverage) {
    long id = requestRelease("erin", version("coverage"), repository(1));

    Api.Response response = api(null).signedPost("/api/releases/" + id + "/gates/build",
        "{\"status\":\"PASSED\",\"metrics\":{\"coverage\":" + coverage + "}}");

    assertThat(response.status()).as("%s", response).isEqualTo(202);
  }

  // ---------------------------------------------------------------------------------------------- query parameters

  @Test
  void releaseListNamesEveryBadQueryParameter() {
    Api.Response response = api("frank").get("/api/releases?from=notadate&size=0&page=-1&status=NOPE");

    assertInvalid(response, "from", "size", "page", "status");
  }

  @Test
  void releaseListRefusesNumbersThatDoNotFitAndRepeatedValues() {
    assertInvalid(api("frank").get("/api/releases?page=99999999999&size=1000000"), "page", "size");
    assertInvalid(api("frank").get("/api/releases?size=1&size=2"), "size");
  }

  @Test
  void numbersAreDecimalNotHexadecimal() {
    // Spring's own conversion reads 0x10 as 16
    assertInvalid(api("frank").get("/api/releases?page=0x10&size=0x10"), "page", "size");
  }

  @Test
  void notificationsFilterRefusesAnUnknownRepeatedOrInvisibleStatus() {
    long id = requestRelease("erin", version("notify"), repository(1));
    String path = "/api/releases/" + id + "/notifications?status=";

    assertInvalid(api("frank").get(path + "NOPE"), "status");
    // a typed parameter took the first of two, and read a NUL character as no filter at all
    assertInvalid(api("frank").get(path + "PENDING&status=FAILED"), "status");
    assertInvalid(api("frank").get(path + "%00"), "status");
    assertThat(api("frank").get(path + "PENDING").status()).isEqualTo(200);
  }

  @Test
  void requestsRefusedBeforeRelmanAreProblemsToo() {
    // Tomcat refuses a NUL in the path itself; Spring Security's firewall refuses an empty segment
    for (String path : List.of("/api/releases/%00", "/api/tasks/%00/claim", "//api/releases", "/api/./releases")) {
      assertProblem(api("frank").get(path), 400);
    }
  }

  @Test
  void calendarFeedAndDoraNameBothBadEndsOfTheirRange() {
    assertInvalid(api("frank").get("/api/calendar?from=yesterday&to=tomorrow"), "from", "to");
    assertInvalid(api("frank").get("/api/calendar.ics?from=yesterday&to=tomorrow"), "from", "to");
    assertInvalid(api("frank").get("/api/metrics/dora?from=yesterday&to=tomorrow&service=NOT%20ONE"), "from", "to",
        "service");
  }

  @Test
  void instantsBeyondYear9999AreRefusedNotOverflowed() {
    String far = "%2B1000000000-12-31T23:59:59Z";
    assertInvalid(api("frank").get("/api/releases?from=" + far), "from");
    assertInvalid(api("frank").get("/api/calendar?from=" + far), "from");
    assertInvalid(api("frank").get("/api/calendar.ics?to=" + far), "to");
    assertInvalid(api("frank").get("/api/metrics/dora?to=-1000000000-01-01T00:00:00Z"), "to");
    Map<String, Object> body = releaseRequest(version("far"), repository(1), pastStart());
    body.put("plannedStart", "+1000000000-12-31T23:59:59Z");
    Footprint before = footprint();

    Api.Response response = api("erin").post("/api/releases", body);

    assertInvalid(response, "plannedStart");
    assertThat(message(response, "plannedStart")).contains("out of range");
    assertThat(footprint()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"})
  void rescheduleBeyondYear9999IsRefusedNotOverflowed(String newStart) {
    long id = requestRelease("erin", version("far"), repository(1));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    Footprint before = footprint();

    Api.Response response = complete("alice", task(id, "go-no-go").getId(), Map.of("decision", "RESCHEDULE",
        "reasoning", "Move it to the far future", "newStart", newStart));

    assertInvalid(response, "variables.newStart");
    assertThat(footprint()).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------- webhook timestamps

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999", "-1", "1e10", "", " ", "-9223372036854775808", "9223372036854775807",
      "-31557014167219201", "0x10", "12.5"})
  void absurdWebhookTimestampIsUnauthorizedNotAServerError(String timestamp) {
    long id = requestRelease("erin", version("stamp"), repository(1));
    String path = "/api/releases/" + id + "/gates/build";
    byte[] body = "{\"status\":\"PASSED\"}".getBytes(StandardCharsets.UTF_8);
    Footprint before = footprint();

    Api.Response response = api(null).send(HttpRequest.newBuilder(URI.create(api(null).base() + path))
        .header("Content-Type", "application/json")
        .header(WebhookSignatures.TIMESTAMP, timestamp)
        .header(WebhookSignatures.SIGNATURE, signatures.sign(safe(timestamp), path, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

    assertProblem(response, 401);
    assertThat(response.json().path("detail").asText()).contains(WebhookSignatures.TIMESTAMP);
    assertThat(footprint()).isEqualTo(before);
  }

  private static long safe(String timestamp) {
    try {
      return Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Footprint footprint() {
    return Footprint.of(jdbc, runtime, "releases", "release_services", "gates", "freezes", "freeze_services",
        "deployments", "webhook_deliveries", "audit_events");
  }
}
