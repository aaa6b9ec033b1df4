package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertProblem;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.identity.User;
import org.relman.process.WorkerCredentials;
import org.relman.testing.Api;
import org.relman.testing.Footprint;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/** Who may do what, on every door: /api, /engine-rest, the Operaton webapps, and the public pages. */
class SecurityTest extends RelmanTestBase {

  @Autowired
  private WorkerCredentials workerCredentials;
  @Autowired
  private IdentityService identity;

  // ---------------------------------------------------------------------------------------------- /api: who you are

  @Test
  void apiWithoutCredentialsIsUnauthorized() {
    Footprint before = footprint();

    Api.Response list = api(null).get("/api/releases");
    Api.Response create = api(null).post("/api/releases", Map.of("version", version("anon")));

    assertProblem(list, 401);
    assertThat(list.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertProblem(create, 401);
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void wrongPasswordIsUnauthorized() {
    // a user of its own: the engine throttles logins after a wrong password, which would slow down the demo users
    String user = "sam-" + System.nanoTime();
    User sam = identity.newUser(user);
    sam.setPassword("correct horse battery");
    asOperator(() -> {
      identity.saveUser(sam);
      identity.createMembership(user, Roles.QA);
    });

    assertThat(basic(user, "correct horse battery", "/api/releases").status()).isEqualTo(200);
    assertProblem(basic(user, "Correct horse battery", "/api/releases"), 401);
    assertProblem(basic("nobody-" + System.nanoTime(), "nobody", "/api/releases"), 401);
    assertProblem(basic(user, "", "/api/releases"), 401);
  }

  // ---------------------------------------------------------------------------------------------- /api: role rules

  @Test
  void onlyEngineersAndReleaseManagersMayRequestReleases() {
    for (String user : new String[] {"bob", "frank", "carol", "grace"}) {
      Footprint before = footprint();

      Api.Response response = api(user).post("/api/releases", releaseRequest(version("role"), repository(1),
          java.time.Instant.parse("2026-12-03T10:00:00Z")));

      assertProblem(response, 403);
      assertThat(response.json().get("detail").asText()).contains(user);
      assertThat(footprint()).as("%s wrote nothing", user).isEqualTo(before);
    }
    assertThat(api("erin").post("/api/releases", releaseRequest(version("role"), repository(1),
        java.time.Instant.parse("2026-12-03T10:00:00Z"))).status()).isEqualTo(201);
  }

  @Test
  void onlyReleaseManagersMayCancel() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    JsonNode before = release(id);

    Api.Response byRequester = api("erin").post("/api/releases/" + id + "/cancel", Map.of("reason", "I changed my mind"));
    Api.Response byAuditor = api("frank").post("/api/releases/" + id + "/cancel", Map.of("reason", "Audit says no"));

    assertProblem(byRequester, 403);
    assertProblem(byAuditor, 403);
    assertThat(release(id)).isEqualTo(before);
    assertThat(auditActions(id)).doesNotContain("release.cancelled");
  }

  @Test
  void auditVerificationIsForAuditorsAndReleaseManagers() {
    assertProblem(api("erin").get("/api/audit/verify"), 403);
    assertProblem(api("bob").get("/api/audit/verify"), 403);

    Api.Response byAuditor = api("frank").get("/api/audit/verify");
    assertThat(byAuditor.status()).as("%s", byAuditor).isEqualTo(200);
    assertThat(byAuditor.json().get("valid").asBoolean()).isTrue();
    assertThat(api("alice").get("/api/audit/verify").status()).isEqualTo(200);
  }

  @Test
  void auditorsReadEverythingButChangeNothing() {
    long id = requestRelease("erin", version("2026.12"), repository(1));

    assertThat(api("frank").get("/api/releases/" + id).status()).isEqualTo(200);
    assertThat(api("frank").get("/api/releases/" + id + "/audit").status()).isEqualTo(200);
    assertThat(api("frank").get("/api/releases").status()).isEqualTo(200);
    Api.Response delete = api("frank").send(api("frank").request("/api/releases/" + id).DELETE());

    assertProblem(delete, 403);
    assertThat(status(id)).isEqualTo("PLANNING");
  }

  // ---------------------------------------------------------------------------------------------- /engine-rest

  @Test
  void engineRestNeedsCredentialsExceptForTheEngineList() {
    Api.Response instances = api(null).get("/engine-rest/process-instance");
    Api.Response engines = api(null).get("/engine-rest/engine");

    assertThat(instances.status()).as("%s", instances).isEqualTo(401);
    assertThat(instances.body()).doesNotContain("processDefinitionId");
    assertThat(engines.status()).as("%s", engines).isEqualTo(200);
    assertThat(engines.json().findValuesAsText("name")).contains("default");
  }

  @Test
  void workersUserMayFetchAndLockExternalTasks() {
    Api.Response response = asWorker(jsonRequest("/engine-rest/external-task/fetchAndLock",
        "{\"workerId\":\"security-test\",\"maxTasks\":1,\"topics\":[{\"topicName\":\"no-such-topic\",\"lockDuration\":1000}]}"));

    assertThat(response.status()).as("%s", response).isEqualTo(200);
    assertThat(response.json().isArray()).isTrue();
    assertThat(response.json()).isEmpty();
  }

  @Test
  void workersUserIsRefusedEverythingElseOnEngineRest() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    Footprint before = footprint();

    Api.Response instances = asWorker(api(null).request("/engine-rest/process-instance").GET());
    Api.Response users = asWorker(api(null).request("/engine-rest/user").GET());
    Api.Response tasks = asWorker(api(null).request("/engine-rest/external-task").GET());
    Api.Response start = asWorker(jsonRequest("/engine-rest/process-definition/key/release/start",
        "{\"businessKey\":\"" + id + "\"}"));
    Api.Response delete = asWorker(api(null).request("/engine-rest/process-instance/" + processInstanceId(id)).DELETE());

    assertThat(instances.status()).as("%s", instances).isEqualTo(403);
    assertThat(users.status()).as("%s", users).isEqualTo(403);
    assertThat(tasks.status()).as("%s", tasks).isEqualTo(403);
    assertThat(start.status()).as("%s", start).isEqualTo(403);
    assertThat(delete.status()).as("%s", delete).isEqualTo(403);
    assertThat(footprint()).isEqualTo(before);
    assertThat(status(id)).isEqualTo("PLANNING");
  }

  @Test
  void peopleCannotStartTheReleaseProcessThroughEngineRest() {
    // who can see the process definition (release managers, auditors, process owners) lacks CREATE_INSTANCE: 403;
    // everybody else does not even see it: 404
    Map<String, Integer> refusals = Map.of("alice", 403, "frank", 403, "grace", 403, "erin", 404, "bob", 404);
    Footprint before = footprint();

    refusals.forEach((user, status) -> {
      Api.Response response = api(user).send(asUser(user, jsonRequest("/engine-rest/process-definition/key/release/start",
          "{\"businessKey\":\"424242\",\"variables\":{\"releaseVersion\":{\"value\":\"by-hand\"}}}")));

      assertThat(response.status()).as("%s starting by hand: %s", user, response).isEqualTo(status);
    });
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void auditorCannotDeleteAProcessInstanceThroughEngineRest() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    String instance = processInstanceId(id);

    Api.Response read = api("frank").send(asUser("frank", api(null).request("/engine-rest/process-instance/" + instance).GET()));
    Api.Response delete = api("frank").send(asUser("frank", api(null).request("/engine-rest/process-instance/" + instance).DELETE()));

    assertThat(read.status()).as("auditors read: %s", read).isEqualTo(200);
    assertThat(delete.status()).as("%s", delete).isEqualTo(403);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).count()).isEqualTo(1);
    assertThat(status(id)).isEqualTo("PLANNING");
  }

  @Test
  void taskCanBeCompletedThroughEngineRestOnlyByACandidateWhoDidNotRequestTheRelease() {
    long id = awaitingApproval("alice");
    String taskId = task(id, "go-no-go").getId();
    long approvals = count("approvals");

    Api.Response byQa = completeThroughEngineRest("bob", taskId, "Gates green, ship it today");
    Api.Response byRequester = completeThroughEngineRest("alice", taskId, "Gates green, ship it today");

    assertThat(byQa.status()).as("bob is no candidate: %s", byQa).isEqualTo(403);
    assertThat(byRequester.status()).as("four eyes: %s", byRequester).isEqualTo(403);
    assertThat(task(id, "go-no-go").getId()).isEqualTo(taskId);
    assertThat(count("approvals")).isEqualTo(approvals);

    Api.Response byRita = completeThroughEngineRest("rita", taskId, "Gates green, ship it today");

    assertThat(byRita.status()).as("%s", byRita).isEqualTo(204);
    JsonNode scheduled = release(id);
    assertThat(scheduled.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(scheduled.get("approvals").get(0).get("by").asText()).isEqualTo("rita");
  }

  @Test
  void operatonAdminIsNoCandidateAndCannotCompleteATaskThroughEngineRest() {
    long id = awaitingApproval("erin");
    String taskId = task(id, "go-no-go").getId();
    long approvals = count("approvals");
    long audit = count("audit_events");

    Api.Response byAdmin = completeThroughEngineRest("admin", taskId, "Admin says ship it now");

    // refused by TaskCompletionGuard (admin skips the engine's authorization checks); see ...AnswersForbidden for the status
    assertThat(byAdmin.status()).as("%s", byAdmin).isGreaterThanOrEqualTo(400);
    assertThat(byAdmin.body()).contains("not in a candidate group");
    assertThat(task(id, "go-no-go").getId()).isEqualTo(taskId);
    assertThat(count("approvals")).isEqualTo(approvals);
    assertThat(count("audit_events")).isEqualTo(audit);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
  }

  @Test
  void guardRefusalThroughEngineRestAnswersForbidden() {
    long id = awaitingApproval("erin");

    Api.Response byAdmin = completeThroughEngineRest("admin", task(id, "go-no-go").getId(), "Admin says ship it now");

    assertThat(byAdmin.status()).as("%s", byAdmin).isEqualTo(403);
  }

  @Test
  void invalidFormValuesThroughEngineRestAreRefusedAndLeaveTheTaskOpen() {
    long id = awaitingApproval("erin");
    String taskId = task(id, "go-no-go").getId();
    long approvals = count("approvals");
    long audit = count("audit_events");

    Api.Response response = completeThroughEngineRest("rita", taskId, "ok");

    // see invalidFormValuesThroughEngineRestAnswerBadRequest for the status
    assertThat(response.status()).as("%s", response).isGreaterThanOrEqualTo(400);
    assertThat(response.body()).contains("reasoning");
    assertThat(task(id, "go-no-go").getId()).isEqualTo(taskId);
    assertThat(count("approvals")).isEqualTo(approvals);
    assertThat(count("audit_events")).isEqualTo(audit);
  }

  @Test
  void invalidFormValuesThroughEngineRestAnswerBadRequest() {
    long id = awaitingApproval("erin");

    Api.Response response = completeThroughEngineRest("rita", task(id, "go-no-go").getId(), "ok");

    assertThat(response.status()).as("%s", response).isEqualTo(400);
  }

  // ---------------------------------------------------------------------------------------------- webapps

  @Test
  void adminWebappIsOnlyForOperatonAdmin() throws Exception {
    HttpResponse<String> admin = webappLogin("admin", "admin", "admin");
    HttpResponse<String> alice = webappLogin("alice", "alice", "admin");
    HttpResponse<String> frank = webappLogin("frank", "frank", "admin");

    assertThat(admin.statusCode()).as("admin: %s", admin.body()).isEqualTo(200);
    assertThat(admin.body()).contains("\"userId\":\"admin\"");
    // observed today: 401, where Operaton itself answers 403 (see refusedWebappLoginKeepsOperatonsForbiddenStatus)
    assertThat(alice.statusCode()).as("alice: %s", alice.body()).isEqualTo(403);
    assertThat(alice.body()).doesNotContain("\"userId\"");
    assertThat(frank.statusCode()).as("frank: %s", frank.body()).isEqualTo(403);
    assertThat(frank.body()).doesNotContain("\"userId\"");
  }

  @Test
  void refusedWebappLoginKeepsOperatonsForbiddenStatus() throws Exception {
    HttpResponse<String> alice = webappLogin("alice", "alice", "admin");

    assertThat(alice.statusCode()).as("alice: %s", alice.body()).isEqualTo(403);
    assertThat(alice.body()).doesNotContain("Sign in with HTTP Basic");
  }

  // ---------------------------------------------------------------------------------------------- public pages

  @Test
  void healthIsPublic() {
    Api.Response health = api(null).get("/actuator/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
  }

  @Test
  void apiDocsArePublicAndDescribeTheReleaseApi() {
    Api.Response docs = api(null).get("/v3/api-docs");

    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.json().get("paths").has("/api/releases")).isTrue();
    assertThat(docs.body()).contains("/api/releases/{id}/cancel", "/api/tasks/{id}/complete");
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private Footprint footprint() {
    return Footprint.of(jdbc, runtime, "releases", "release_services", "gates", "approvals", "audit_events");
  }

  private long awaitingApproval(String requester) {
    long id = requestRelease(requester, version("2026.12"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    return id;
  }

  /** Completes a go/no-go with GO and this reasoning through /engine-rest, as {@code user}. */
  private Api.Response completeThroughEngineRest(String user, String taskId, String reasoning) {
    String body = "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"" + reasoning + "\"}}}";
    return api(user).send(asUser(user, jsonRequest("/engine-rest/task/" + taskId + "/complete", body)));
  }

  private Api.Response basic(String user, String password, String path) {
    return api(null).send(api(null).request(path).header("Authorization", authorization(user, password)).GET());
  }

  private Api.Response asWorker(HttpRequest.Builder request) {
    return api(null).send(request.header("Authorization", "Bearer " + workerCredentials.password()));
  }

  private static HttpRequest.Builder asUser(String user, HttpRequest.Builder request) {
    return request.header("Authorization", authorization(user, user));
  }

  private HttpRequest.Builder jsonRequest(String path, String json) {
    return api(null).request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private static String authorization(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Signs in to an Operaton webapp as its login page does: a GET gives the session and its CSRF token, the login
   * form is posted with both.
   */
  private HttpResponse<String> webappLogin(String user, String password, String app) throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    String base = api(null).base();
    HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base + "/operaton/app/" + app + "/default/")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    String token = page.headers().firstValue("X-XSRF-TOKEN").orElse("");
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return browser.send(HttpRequest.newBuilder(URI.create(base + "/operaton/api/admin/auth/user/default/login/" + app))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
