package org.relman.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;
import static org.relman.testing.Problems.assertProblem;
import static org.relman.testing.Problems.fields;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
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
import org.relman.testing.GitFixture;
import org.relman.testing.RelmanTestBase;
import org.springframework.util.FileSystemUtils;

/** POST, GET and cancel on /api/releases: what is accepted, and that every refusal names its field and writes nothing. */
class ReleaseApiTest extends RelmanTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  // ---------------------------------------------------------------------------------------------- request a release

  @Test
  void validRequestCreatesTheReleaseAndAnswers201WithLocationAndView() {
    GitFixture repo = repository(2);
    String version = version("2026.12");
    Footprint before = footprint();

    Api.Response response = api("erin").post("/api/releases", body(version, repo));

    assertThat(response.status()).as("%s", response).isEqualTo(201);
    long id = response.json().get("id").asLong();
    assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
        location -> assertThat(location).endsWith("/api/releases/" + id));
    JsonNode view = response.json();
    assertThat(view.get("version").asText()).isEqualTo(version);
    assertThat(view.get("name").asText()).isEqualTo("Payments " + version);
    assertThat(texts(view.get("services"))).containsExactlyInAnyOrder("payments", "ledger");
    assertThat(view.get("requestedBy").asText()).isEqualTo("erin");
    assertThat(Instant.parse(view.get("plannedStart").asText())).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
    assertThat(view.get("hotfix").asBoolean()).isFalse();
    assertThat(view.get("status").asText()).isEqualTo("PLANNING");
    assertThat(view.get("process").get("key").asText()).isEqualTo("release");
    assertThat(view.get("process").get("version").asInt()).isPositive();
    assertThat(texts(view.get("currentSteps"))).contains("Collect change set");
    assertThat(view.get("gates").findValuesAsText("name")).containsExactly("build", "tests");
    assertThat(view.get("gates").findValuesAsText("status")).containsExactly("PENDING", "PENDING");
    assertThat(view.get("approvals")).isEmpty();
    assertThat(view.get("deployments")).isEmpty();
    assertThat(view.get("cancelReason").isNull()).isTrue();
    assertThat(release(id)).isEqualTo(view);

    Footprint after = footprint();
    assertThat(after.rows().get("releases")).isEqualTo(before.rows().get("releases") + 1);
    assertThat(after.rows().get("release_services")).isEqualTo(before.rows().get("release_services") + 2);
    assertThat(after.rows().get("gates")).isEqualTo(before.rows().get("gates") + 2);
    assertThat(after.processInstances()).isEqualTo(before.processInstances() + 1);
    assertThat(auditActions(id)).contains("release.requested");
  }

  @Test
  void malformedJsonIsRefusedAndChangesNothing() {
    assertRefused("this is not JSON", "body");
  }

  @Test
  void truncatedJsonIsRefusedNamingWhereItBrokeAndChangesNothing() {
    String json = json(body(version("2026.12"), repository(1)));

    Api.Response response = assertRefused(json.substring(0, json.length() - 5));

    assertThat(response.json().get("errors").get(0).get("message").asText()).containsIgnoringCase("end-of-input");
  }

  @Test
  void emptyBodyIsRefusedAndChangesNothing() {
    Footprint before = footprint();

    Api.Response response = api("erin").post("/api/releases", "");

    assertProblem(response, 400);
    assertThat(footprint()).isEqualTo(before);
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("services as a string", (Consumer<Map<String, Object>>) b -> b.put("services", "payments"), "services"),
        Arguments.of("services as an object", (Consumer<Map<String, Object>>) b -> b.put("services", Map.of("a", "b")), "services"),
        Arguments.of("plannedStart not an instant", (Consumer<Map<String, Object>>) b -> b.put("plannedStart", "next friday"), "plannedStart"),
        Arguments.of("plannedStart a date only", (Consumer<Map<String, Object>>) b -> b.put("plannedStart", "2026-12-03"), "plannedStart"),
        Arguments.of("hotfix as yes", (Consumer<Map<String, Object>>) b -> b.put("hotfix", "yes"), "hotfix"),
        Arguments.of("repository as a string", (Consumer<Map<String, Object>>) b -> b.put("repository", "/srv/git/payments.git"), "repository"),
        Arguments.of("repository.toRef as a list", (Consumer<Map<String, Object>>) b -> repo(b).put("toRef", List.of("main")), "repository.toRef"),
        Arguments.of("facts as a list", (Consumer<Map<String, Object>>) b -> b.put("facts", List.of(1, 2)), "facts"),
        Arguments.of("a fact that is an object", (Consumer<Map<String, Object>>) b -> b.put("facts", Map.of("owner", Map.of("team", "x"))), "facts.owner"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongTypes")
  void wrongTypesAreRefusedNamingTheFieldAndChangeNothing(String what, Consumer<Map<String, Object>> change, String field) {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    change.accept(body);

    assertRefused(json(body), field);
  }

  @Test
  void numberWhereTextIsExpectedIsRefusedAndChangesNothing() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    body.put("version", 2026);

    assertRefused(json(body), "version");
  }

  @Test
  void cancelWithANumberAsReasonIsRefusedAndChangesNothing() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    JsonNode before = release(id);

    Api.Response response = api("alice").post("/api/releases/" + id + "/cancel", "{\"reason\": 42}");

    assertInvalid(response, "reason");
    assertThat(release(id)).isEqualTo(before);
  }

  static Stream<Arguments> missingFields() {
    return Stream.of(
        Arguments.of("version", (Consumer<Map<String, Object>>) b -> b.remove("version")),
        Arguments.of("services", (Consumer<Map<String, Object>>) b -> b.remove("services")),
        Arguments.of("services", (Consumer<Map<String, Object>>) b -> b.put("services", List.of())),
        Arguments.of("plannedStart", (Consumer<Map<String, Object>>) b -> b.remove("plannedStart")),
        Arguments.of("plannedStart", (Consumer<Map<String, Object>>) b -> b.put("plannedStart", null)),
        Arguments.of("repository", (Consumer<Map<String, Object>>) b -> b.remove("repository")),
        Arguments.of("repository.url", (Consumer<Map<String, Object>>) b -> repo(b).remove("url")),
        Arguments.of("repository.url", (Consumer<Map<String, Object>>) b -> repo(b).put("url", "  ")),
        Arguments.of("repository.fromRef", (Consumer<Map<String, Object>>) b -> repo(b).remove("fromRef")),
        Arguments.of("repository.toRef", (Consumer<Map<String, Object>>) b -> repo(b).remove("toRef")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingFields")
  void missingRequiredFieldIsRefusedNamingItAndChangesNothing(String field, Consumer<Map<String, Object>> change) {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    change.accept(body);

    assertRefused(json(body), field);
  }

  static Stream<Arguments> badPatterns() {
    return Stream.of(
        Arguments.of("version with spaces", (Consumer<Map<String, Object>>) b -> b.put("version", "2026 12 0"), "version"),
        Arguments.of("version with a slash", (Consumer<Map<String, Object>>) b -> b.put("version", "2026/12"), "version"),
        Arguments.of("version longer than 64", (Consumer<Map<String, Object>>) b -> b.put("version", "v".repeat(65)), "version"),
        Arguments.of("service with capitals", (Consumer<Map<String, Object>>) b -> b.put("services", List.of("Payments")), "services[0]"),
        Arguments.of("second service with an underscore", (Consumer<Map<String, Object>>) b -> b.put("services", List.of("payments", "led_ger")), "services[1]"),
        Arguments.of("service null", (Consumer<Map<String, Object>>) b -> b.put("services", java.util.Arrays.asList("payments", null)), "services[1]"),
        Arguments.of("ref with whitespace", (Consumer<Map<String, Object>>) b -> repo(b).put("fromRef", "v1 main"), "repository.fromRef"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPatterns")
  void fieldOutsideItsPatternIsRefusedNamingItAndChangesNothing(String what, Consumer<Map<String, Object>> change, String field) {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    change.accept(body);

    assertRefused(json(body), field);
  }

  @Test
  void duplicateServiceIsRefusedNamingTheServicesAndChangesNothing() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    body.put("services", List.of("payments", "ledger", "payments"));

    Api.Response response = assertRefused(json(body));

    assertThat(fields(response)).singleElement().asString().startsWith("services");
    assertThat(response.json().get("errors").get(0).get("message").asText()).contains("payments");
  }

  @ParameterizedTest
  @ValueSource(strings = {"planedStart", "rolbackPlan"})
  void unknownFieldIsRefusedNamingItAndChangesNothing(String unknown) {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    body.put(unknown, "2026-12-03T10:00:00Z");

    assertRefused(json(body), unknown);
  }

  @Test
  void unknownFieldInsideTheRepositoryIsRefusedWithItsPath() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    repo(body).put("branch", "main");

    assertRefused(json(body), "repository.branch");
  }

  @Test
  void nonexistentLocalRepositoryIsRefusedAndChangesNothing() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    repo(body).put("url", temp.resolve("no-such-repository").toString());

    assertRefused(json(body), "repository.url");
  }

  @Test
  void directoryThatIsNoRepositoryIsRefusedAndChangesNothing() throws Exception {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    repo(body).put("url", java.nio.file.Files.createDirectories(temp.resolve("plain-directory")).toString());

    assertRefused(json(body), "repository.url");
  }

  @Test
  void repositoryOutsideTheAllowedUrlsGetsOneAnswerWhateverIsThereAndChangesNothing() throws Exception {
    // the test profile allows the temporary directory only; target/ is outside it
    Path outside = Path.of("target", "outside-allowed-urls").toAbsolutePath();
    FileSystemUtils.deleteRecursively(outside);
    try (GitFixture repository = GitFixture.withChanges(outside.resolve("payments"), 1)) {
      Path plain = java.nio.file.Files.createDirectories(outside.resolve("plain"));
      Set<String> details = new java.util.HashSet<>();
      for (String url : List.of(repository.path().toString(), plain.toString(), outside.resolve("nothing").toString(),
          "/etc", "https://git.example.org/payments.git", temp.resolve("../../etc").toString())) {
        Map<String, Object> body = body(version("2026.12"), repository(1));
        repo(body).put("url", url);

        Api.Response response = assertRefused(json(body), "repository.url");

        details.add(response.body().replace(url, "<url>"));
        assertThat(response.body()).as(url).doesNotContain("does not exist", "not a git repository");
      }
      assertThat(details).as("one answer, whether a repository, a directory or nothing is there").hasSize(1);
    } finally {
      FileSystemUtils.deleteRecursively(outside);
    }
  }

  @Test
  void repositoryUrlWithCredentialsIsRefusedWithoutRepeatingThemAndChangesNothing() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    repo(body).put("url", "http://relman:s3cr3t-token@127.0.0.1:1/payments.git");

    Api.Response response = assertRefused(json(body), "repository.url");

    assertThat(response.body()).doesNotContain("s3cr3t-token").contains("relman.git.credentials");
  }

  @Test
  void unknownFromRefIsRefusedAndChangesNothing() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    repo(body).put("fromRef", "v0-never-tagged");

    Api.Response response = assertRefused(json(body), "repository.fromRef");

    assertThat(fields(response)).doesNotContain("repository.toRef");
  }

  @Test
  void unknownToRefIsRefusedAndChangesNothing() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    repo(body).put("toRef", "release/does-not-exist");

    Api.Response response = assertRefused(json(body), "repository.toRef");

    assertThat(fields(response)).doesNotContain("repository.fromRef");
  }

  @Test
  void everyInvalidFieldIsNamedInOneAnswer() {
    Map<String, Object> body = body("not a version", repository(1));
    body.put("services", List.of("Payments"));
    repo(body).remove("toRef");

    assertRefused(json(body), "version", "services[0]", "repository.toRef");
  }

  @Test
  void hotfixRunsTheHotfixLifecycleWithItsOwnGates() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    body.put("hotfix", true);

    Api.Response response = api("erin").post("/api/releases", body);

    assertThat(response.status()).as("%s", response).isEqualTo(201);
    JsonNode view = response.json();
    assertThat(view.get("hotfix").asBoolean()).isTrue();
    assertThat(view.get("process").get("key").asText()).isEqualTo("hotfix");
    assertThat(view.get("gates").findValuesAsText("name")).as("relman.hotfix.gates").containsExactly("build");
  }

  @Test
  void explicitNormalReleaseIsAccepted() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    body.put("hotfix", false);

    Api.Response response = api("erin").post("/api/releases", body);

    assertThat(response.status()).as("%s", response).isEqualTo(201);
    assertThat(response.json().get("hotfix").asBoolean()).isFalse();
  }

  @Test
  void duplicateVersionIsAConflictAndChangesNothing() {
    GitFixture repo = repository(1);
    String version = version("2026.12");
    requestRelease("erin", body(version, repo));
    Footprint before = footprint();

    Api.Response response = api("alice").post("/api/releases", body(version, repo));

    assertProblem(response, 409);
    assertThat(response.json().get("detail").asText()).contains(version);
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void oversizedBodyIsRefusedWith413AndChangesNothing() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    body.put("rollbackPlan", "x".repeat(70 * 1024));
    Footprint before = footprint();

    Api.Response response = api("erin").post("/api/releases", body);

    assertProblem(response, 413);
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void oversizedBodyWithoutContentLengthIsRefusedWith413AndChangesNothing() {
    Map<String, Object> body = body(version("2026.12"), repository(1));
    body.put("rollbackPlan", "x".repeat(70 * 1024));
    byte[] bytes = json(body).getBytes(StandardCharsets.UTF_8);
    Footprint before = footprint();

    Api.Response response = chunked(bytes);

    assertProblem(response, 413);
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void bodyWithoutContentLengthWithinTheLimitIsAccepted() {
    String version = version("2026.12");
    byte[] bytes = json(body(version, repository(1))).getBytes(StandardCharsets.UTF_8);

    Api.Response response = chunked(bytes);

    assertThat(response.status()).as("%s", response).isEqualTo(201);
    assertThat(response.json().get("version").asText()).isEqualTo(version);
  }

  @Test
  void bodyThatIsNotJsonIsRefusedWith415AndChangesNothing() {
    String json = json(body(version("2026.12"), repository(1)));
    Footprint before = footprint();

    Api.Response response = api("erin").send(api("erin").request("/api/releases")
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(json)));

    assertProblem(response, 415);
    assertThat(footprint()).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------- find releases

  @Test
  void listFiltersByServiceStatusAndPlannedStartAndPages() {
    String service = "list-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    Instant base = Instant.parse("2031-03-01T10:00:00Z").plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(1000)));
    GitFixture repo = repository(1);
    List<Long> ids = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String version = version("list");
      Map<String, Object> body = body(version, repo);
      body.put("services", List.of(service, "ledger"));
      body.put("plannedStart", base.plus(Duration.ofDays(i)).toString());
      ids.add(requestRelease("erin", body));
      versions.add(version);
    }

    JsonNode all = list("?service=" + service);
    assertThat(all.get("total").asLong()).isEqualTo(3);
    assertThat(all.get("page").asInt()).isZero();
    assertThat(all.get("size").asInt()).isEqualTo(20);
    assertThat(versions(all)).as("newest planned start first")
        .containsExactly(versions.get(2), versions.get(1), versions.get(0));

    JsonNode first = list("?service=" + service + "&size=2&page=0");
    assertThat(versions(first)).containsExactly(versions.get(2), versions.get(1));
    assertThat(first.get("total").asLong()).isEqualTo(3);
    assertThat(first.get("size").asInt()).isEqualTo(2);
    JsonNode second = list("?service=" + service + "&size=2&page=1");
    assertThat(versions(second)).containsExactly(versions.get(0));
    assertThat(second.get("page").asInt()).isEqualTo(1);
    JsonNode beyond = list("?service=" + service + "&size=2&page=7");
    assertThat(beyond.get("items")).isEmpty();
    assertThat(beyond.get("total").asLong()).isEqualTo(3);

    JsonNode window = list("?service=" + service + "&from=" + base.plus(Duration.ofDays(1)) + "&to=" + base.plus(Duration.ofDays(2)));
    assertThat(versions(window)).as("from inclusive, to exclusive").containsExactly(versions.get(1));
    assertThat(window.get("total").asLong()).isEqualTo(1);
    JsonNode fromOnly = list("?service=" + service + "&from=" + base.plus(Duration.ofDays(1)));
    assertThat(versions(fromOnly)).containsExactly(versions.get(2), versions.get(1));
    JsonNode toOnly = list("?service=" + service + "&to=" + base.plus(Duration.ofDays(1)));
    assertThat(versions(toOnly)).containsExactly(versions.get(0));

    assertThat(api("alice").post("/api/releases/" + ids.get(0) + "/cancel", Map.of("reason", "Superseded by the next one"))
        .status()).isEqualTo(202);
    JsonNode cancelled = list("?service=" + service + "&status=CANCELLED");
    assertThat(versions(cancelled)).containsExactly(versions.get(0));
    JsonNode planning = list("?service=" + service + "&status=PLANNING");
    assertThat(versions(planning)).containsExactly(versions.get(2), versions.get(1));
    assertThat(planning.get("total").asLong()).isEqualTo(2);

    JsonNode nobody = list("?service=no-such-service-" + service);
    assertThat(nobody.get("items")).isEmpty();
    assertThat(nobody.get("total").asLong()).isZero();
  }

  static Stream<Arguments> invalidFilters() {
    return Stream.of(
        Arguments.of("status=BOGUS", "status"),
        Arguments.of("status=planning", "status"),
        Arguments.of("from=yesterday", "from"),
        Arguments.of("to=2026-12-03", "to"),
        Arguments.of("size=0", "size"),
        Arguments.of("size=101", "size"),
        Arguments.of("size=ten", "size"),
        Arguments.of("page=-1", "page"),
        Arguments.of("page=first", "page"),
        Arguments.of("from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z", "to"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFilters")
  void invalidFilterIsRefusedNamingTheParameter(String query, String parameter) {
    Api.Response response = api("frank").get("/api/releases?" + query);

    assertInvalid(response, parameter);
  }

  @Test
  void largestPageSizeIsAccepted() {
    JsonNode page = list("?size=100&status=COMPLETED");

    assertThat(page.get("size").asInt()).isEqualTo(100);
    assertThat(page.get("items").size()).isLessThanOrEqualTo(100);
  }

  @Test
  void unknownReleaseIsNotFound() {
    Api.Response response = api("frank").get("/api/releases/987654321");

    assertProblem(response, 404);
    assertThat(response.json().get("detail").asText()).contains("987654321");
  }

  @Test
  void releaseIdThatIsNotANumberIsRefusedNamingIt() {
    assertInvalid(api("frank").get("/api/releases/latest"), "id");
  }

  // ---------------------------------------------------------------------------------------------- cancel

  @Test
  void cancelWhileGatingEndsTheReleaseCancelled() {
    long id = requestRelease("erin", version("2026.12"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(status(id)).isEqualTo("GATING");

    Api.Response response = api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "Payments freeze announced"));

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(response.json().get("status").asText()).isEqualTo("CANCELLED");
    JsonNode cancelled = release(id);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("cancelReason").asText()).isEqualTo("Payments freeze announced");
    assertThat(cancelled.get("cancelledBy").asText()).isEqualTo("alice");
    assertThat(cancelled.get("endedAt").isNull()).isFalse();
    assertThat(cancelled.get("currentSteps")).isEmpty();
    assertThat(auditActions(id)).contains("release.cancelled");
    process(id).hasPassed("cancel-requested", "release-cancelled-on-request");
    assertThat(processInstanceIds(id)).as("no process of the release runs").isEmpty();
    assertThat(workers().tryRun("collect-change-set", id)).isNull();
  }

  @Test
  void cancelWhilePlanningEndsTheReleaseBeforeItsChangeSetIsCollected() {
    long id = requestRelease("erin", version("2026.12"), repository(1));

    Api.Response response = api("rita").post("/api/releases/" + id + "/cancel", Map.of("reason", "Requested by mistake"));

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(status(id)).isEqualTo("CANCELLED");
    assertThat(workers().tryRun("collect-change-set", id)).as("the change set is no longer collected").isNull();
  }

  @Test
  void cancelWhileAwaitingApprovalWithdrawsTheGoNoGoTask() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    String taskId = task(id, "go-no-go").getId();

    assertThat(api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "Business asked to wait")).status())
        .isEqualTo(202);

    assertThat(status(id)).isEqualTo("CANCELLED");
    assertThat(taskService.createTaskQuery().taskId(taskId).count()).isZero();
    assertThat(api("alice").get("/api/tasks").body()).doesNotContain(taskId);
  }

  @Test
  void cancelWhileScheduledRemovesThePlannedStart() {
    GitFixture repo = repository(1);
    long id = requestRelease("erin", releaseRequest(version("2026.12"), repo, futureStart(30)));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Fine, go at the planned start"));
    assertThat(status(id)).isEqualTo("SCHEDULED");
    assertThat(timers(id)).hasSize(1);
    String instance = processInstanceId(id);

    assertThat(api("rita").post("/api/releases/" + id + "/cancel", Map.of("reason", "Moved to next quarter")).status())
        .isEqualTo(202);

    assertThat(status(id)).isEqualTo("CANCELLED");
    assertThat(management.createJobQuery().processInstanceId(instance).count()).isZero();
    assertThat(processInstanceIds(id)).isEmpty();
  }

  static Stream<Arguments> invalidCancels() {
    return Stream.of(
        Arguments.of("{}", "reason"),
        Arguments.of("{\"reason\": \"   \"}", "reason"),
        Arguments.of("{\"reason\": null}", "reason"),
        Arguments.of("{\"reason\": \"" + "r".repeat(4001) + "\"}", "reason"),
        Arguments.of("{\"reason\": \"Freeze\", \"force\": true}", "force"),
        Arguments.of("{\"reason\": ", "body"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCancels")
  void cancelWithoutAValidReasonIsRefusedAndChangesNothing(String body, String field) {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    workers().run("collect-change-set", id);
    JsonNode before = release(id);
    Footprint footprint = footprint();

    Api.Response response = api("alice").post("/api/releases/" + id + "/cancel", body);

    assertInvalid(response, field);
    assertThat(release(id)).isEqualTo(before);
    assertThat(footprint()).isEqualTo(footprint);
    assertThat(auditActions(id)).doesNotContain("release.cancelled");
  }

  @Test
  void cancelWithoutBodyIsRefusedAndChangesNothing() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    JsonNode before = release(id);

    Api.Response response = api("alice").send(api("alice").request("/api/releases/" + id + "/cancel")
        .POST(HttpRequest.BodyPublishers.noBody()));

    assertProblem(response, 400);
    assertThat(release(id)).isEqualTo(before);
  }

  @Test
  void cancelOfUnknownReleaseIsNotFoundAndChangesNothing() {
    Footprint before = footprint();

    Api.Response response = api("alice").post("/api/releases/987654321/cancel", Map.of("reason", "Nobody knows this one"));

    assertProblem(response, 404);
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void secondCancelIsAConflictAndKeepsTheFirstReason() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    workers().run("collect-change-set", id);
    assertThat(api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "First reason")).status()).isEqualTo(202);
    JsonNode before = release(id);
    Footprint footprint = footprint();

    Api.Response response = api("rita").post("/api/releases/" + id + "/cancel", Map.of("reason", "Second reason"));

    assertProblem(response, 409);
    assertThat(release(id)).isEqualTo(before);
    assertThat(release(id).get("cancelReason").asText()).isEqualTo("First reason");
    assertThat(footprint()).isEqualTo(footprint);
  }

  @Test
  void cancelAfterStagingDeploymentIsAcceptedAndRollsStagingBack() {
    long id = deploying();
    shipToNextEnvironment(id);
    assertThat(texts(release(id).get("currentSteps"))).contains("Deploy release (production)");
    assertThat(release(id).get("deployments").findValuesAsText("environment")).containsExactly("staging");

    Api.Response response = api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "Staging looks wrong"));

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(texts(release(id).get("currentSteps"))).as("staging is rolled back first (docs/adr/0009)")
        .containsExactly("Roll back environment (staging)");
    assertThat(workers().tryRun("deploy-release", id)).as("production is never deployed").isNull();
    assertProblem(api("rita").post("/api/releases/" + id + "/cancel", Map.of("reason", "Again")), 409);
    workers().run("roll-back-release", id);
    JsonNode cancelled = release(id);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("cancelReason").asText()).isEqualTo("Staging looks wrong");
    assertThat(cancelled.get("currentSteps")).isEmpty();
    assertThat(cancelled.get("deployments").findValuesAsText("action")).containsExactly("deploy", "rollback");
    assertThat(cancelled.get("deployments").findValuesAsText("environment")).containsExactly("staging", "staging");
  }

  @Test
  void cancelAfterProductionDeploymentStartedIsAConflictAndChangesNothing() {
    long id = deploying();
    shipToNextEnvironment(id);
    shipToNextEnvironment(id);
    JsonNode before = release(id);
    assertThat(before.get("status").asText()).isEqualTo("IN_REVIEW");
    Footprint footprint = footprint();

    Api.Response response = api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "Too late for this"));

    assertProblem(response, 409);
    assertThat(response.json().get("detail").asText()).contains("production");
    assertThat(release(id)).isEqualTo(before);
    assertThat(release(id).get("cancelReason").isNull()).isTrue();
    assertThat(footprint()).isEqualTo(footprint);
    assertThat(auditActions(id)).doesNotContain("release.cancelled");
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** A release requested by erin and driven to its first deployment (staging), planned start in the past. */
  private long deploying() {
    long id = requestRelease("erin", version("2026.12"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates are green, go ahead"));
    assertThat(fireDueTimers(id)).isEqualTo(1);
    assertThat(status(id)).isEqualTo("DEPLOYING");
    return id;
  }

  private Footprint footprint() {
    return Footprint.of(jdbc, runtime, "releases", "release_services", "release_environments", "gates", "changes",
        "approvals", "deployments", "audit_events");
  }

  /** Posts the body as erin: a 400 problem naming every one of {@code fields}, and nothing written. */
  private Api.Response assertRefused(String json, String... fields) {
    Footprint before = footprint();
    Api.Response response = api("erin").post("/api/releases", json);
    assertInvalid(response, fields);
    assertThat(footprint()).as("nothing written").isEqualTo(before);
    return response;
  }

  private JsonNode list(String query) {
    Api.Response response = api("frank").get("/api/releases" + query);
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    return response.json();
  }

  private Api.Response chunked(byte[] bytes) {
    Api erin = api("erin");
    return erin.send(erin.request("/api/releases").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
  }

  /** A valid request body with mutable maps, so tests can break one field at a time. */
  private static Map<String, Object> body(String version, GitFixture repo) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", version);
    body.put("name", "Payments " + version);
    body.put("services", List.of("payments", "ledger"));
    body.put("plannedStart", "2026-12-03T10:00:00Z");
    Map<String, Object> repository = new LinkedHashMap<>();
    repository.put("url", repo.path().toString());
    repository.put("fromRef", "v1");
    repository.put("toRef", "main");
    body.put("repository", repository);
    body.put("rollbackPlan", "redeploy v1");
    body.put("facts", Map.of("openCriticalBugs", 0));
    return body;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> repo(Map<String, Object> body) {
    return (Map<String, Object>) body.get("repository");
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> versions(JsonNode page) {
    List<String> versions = new ArrayList<>();
    page.get("items").forEach(item -> versions.add(item.get("version").asText()));
    return versions;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
