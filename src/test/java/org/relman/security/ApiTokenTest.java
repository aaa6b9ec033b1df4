package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;
import static org.relman.testing.Problems.assertProblem;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;

/**
 * API tokens (API.md, "Tokens"): created once and shown once, stored hashed, listed without their secret, acting as
 * their creator with at most its roles, restricted to their services, refused once revoked or expired, and audited.
 */
class ApiTokenTest extends RelmanTestBase {

  private static String tomorrow() {
    return Instant.now().plus(Duration.ofDays(1)).toString();
  }

  private Api.Response create(String user, Map<String, Object> body) {
    return api(user).post("/api/tokens", body);
  }

  private String token(String user, List<String> roles, List<String> services) {
    Api.Response created = create(user, Map.of("name", "t-" + System.nanoTime(), "expiresAt", tomorrow(), "roles", roles,
        "services", services));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    return created.json().path("token").asText();
  }

  private Api.Response withToken(String token, HttpRequest.Builder request) {
    return api(null).send(request.header("Authorization", "Bearer " + token));
  }

  private Api.Response get(String token, String path) {
    return withToken(token, api(null).request(path).GET());
  }

  private Api.Response post(String token, String path, Object body) {
    try {
      String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
      return withToken(token, api(null).request(path).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private long auditCount(String action) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM audit_events WHERE action = ?", Long.class, action);
  }

  // ---------------------------------------------------------------------------------------------- create, use, list

  @Test
  void personalTokenIsShownOnceStoredHashedAndActsAsItsCreator() {
    long createdEvents = auditCount("token.created");
    Api.Response created = create("erin", Map.of("name", "  my laptop  ", "expiresAt", tomorrow(),
        "roles", List.of("engineers")));

    assertThat(created.status()).as("%s", created).isEqualTo(201);
    JsonNode body = created.json();
    long id = body.path("id").asLong();
    String token = body.path("token").asText();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/tokens/" + id);
    assertThat(token).startsWith("relman_").hasSizeGreaterThan(40);
    assertThat(body.path("name").asText()).isEqualTo("my laptop");
    assertThat(body.path("kind").asText()).isEqualTo("PERSONAL");
    assertThat(body.path("createdBy").asText()).isEqualTo("erin");
    // stored hashed: neither the token nor any part of it is in the table
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM api_tokens WHERE id = ?", id);
    assertThat(row.values().toString()).doesNotContain(token.substring(7));
    assertThat(row.get("secret_hash")).isEqualTo(ApiTokens.hash(token));
    assertThat(auditCount("token.created")).isEqualTo(createdEvents + 1);

    long usedEvents = auditCount("token.used");
    Api.Response releases = get(token, "/api/releases?size=1");
    long release = post(token, "/api/releases", releaseRequest(version("token"), repository(1), pastStart()))
        .json().path("id").asLong();

    assertThat(releases.status()).as("%s", releases).isEqualTo(200);
    assertThat(release(release).path("requestedBy").asText()).as("the token acts as its creator").isEqualTo("erin");
    assertThat(auditActions(release)).contains("release.requested");
    // the write is audited as a use of the token, the read only counted
    assertThat(auditCount("token.used")).isEqualTo(usedEvents + 1);
    Map<String, Object> used = jdbc.queryForMap("SELECT actor, details FROM audit_events WHERE action = 'token.used'"
        + " ORDER BY seq DESC LIMIT 1");
    assertThat(used.get("actor")).isEqualTo("erin");
    assertThat(used.get("details").toString()).contains("\"tokenId\":" + id, "POST", "/api/releases", "201");

    Api.Response list = api("erin").get("/api/tokens");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(token).doesNotContain("\"token\"");
    JsonNode mine = null;
    for (JsonNode t : list.json()) {
      if (t.path("id").asLong() == id) {
        mine = t;
      }
    }
    assertThat(mine).as("erin's list has the token: %s", list).isNotNull();
    assertThat(mine.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(mine.path("uses").asLong()).isEqualTo(2);
    assertThat(mine.path("lastUsedAt").isNull()).isFalse();
    assertThat(api("bob").get("/api/tokens").body()).as("bob sees only his own").doesNotContain("my laptop");
  }

  @Test
  void aTokenHasOnlyItsRolesNotAllOfItsCreators() {
    // a release manager's token with the engineers role only: may request, may not cancel
    String token = token("alice", List.of("engineers"), List.of());
    long release = requestRelease("erin", version("token"), repository(1));

    Api.Response cancel = post(token, "/api/releases/" + release + "/cancel", Map.of("reason", "not with this token"));

    assertProblem(cancel, 403);
    assertThat(status(release)).isNotEqualTo("CANCELLED");
    assertThat(post(token, "/api/releases", releaseRequest(version("token"), repository(1), pastStart())).status())
        .isEqualTo(201);
  }

  @Test
  void rolesTheCreatorDoesNotHoldAreRefusedAndNothingIsStored() {
    long before = count("api_tokens");

    Api.Response overreaching = create("erin", Map.of("name", "escalate", "expiresAt", tomorrow(),
        "roles", List.of("engineers", "release-managers")));
    Api.Response service = create("erin", Map.of("name", "ci", "expiresAt", tomorrow(), "roles", List.of("engineers"),
        "services", List.of("payments")));

    assertThat(assertProblem(overreaching, 403).path("detail").asText()).contains("release-managers");
    assertThat(assertProblem(service, 403).path("detail").asText()).contains("release managers");
    assertThat(count("api_tokens")).isEqualTo(before);
  }

  @Test
  void badInputNamesEveryFieldAndStoresNothing() {
    long before = count("api_tokens");
    Map<String, Object> body = new HashMap<>();
    body.put("name", " ");
    body.put("expiresAt", Instant.now().minusSeconds(60).toString());
    body.put("roles", List.of("engineers", "gods", "engineers"));
    body.put("services", List.of("Not A Service"));

    assertInvalid(create("erin", body), "name", "expiresAt", "roles[1]", "roles[2]", "services[0]");
    assertInvalid(create("erin", Map.of()), "name", "expiresAt", "roles");
    assertInvalid(create("erin", Map.of("name", "x", "expiresAt", Instant.now().plus(Duration.ofDays(400)).toString(),
        "roles", List.of("engineers"))), "expiresAt");
    assertInvalid(create("erin", Map.of("name", "x", "expiresAt", "tomorrow", "roles", "engineers", "colour", "red")),
        "expiresAt", "roles", "colour");
    assertInvalid(api("erin").post("/api/tokens", "not json"), "body");
    assertThat(count("api_tokens")).isEqualTo(before);
  }

  @Test
  void aTokenCannotCreateOrRevokeTokens() {
    String token = token("erin", List.of("engineers"), List.of());
    long before = count("api_tokens");

    Api.Response another = post(token, "/api/tokens", Map.of("name", "child", "expiresAt", tomorrow(),
        "roles", List.of("engineers")));

    assertProblem(another, 403);
    assertThat(count("api_tokens")).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------- revoked, expired

  @Test
  void aRevokedTokenIsRefusedAndOthersCannotRevokeIt() {
    Api.Response created = create("erin", Map.of("name", "to revoke", "expiresAt", tomorrow(),
        "roles", List.of("engineers")));
    long id = created.json().path("id").asLong();
    String token = created.json().path("token").asText();
    assertThat(get(token, "/api/tasks").status()).isEqualTo(200);

    Api.Response byBob = api("bob").send(api("bob").request("/api/tokens/" + id).DELETE());
    Api.Response byAlice = api("alice").send(api("alice").request("/api/tokens/" + id).DELETE());
    assertProblem(byBob, 404);
    assertProblem(byAlice, 404);
    assertThat(get(token, "/api/tasks").status()).as("still valid").isEqualTo(200);

    long revokedEvents = auditCount("token.revoked");
    Api.Response revoked = api("erin").send(api("erin").request("/api/tokens/" + id).DELETE());
    Api.Response again = api("erin").send(api("erin").request("/api/tokens/" + id).DELETE());

    assertThat(revoked.status()).as("%s", revoked).isEqualTo(204);
    assertThat(again.status()).as("%s", again).isEqualTo(204);
    assertThat(auditCount("token.revoked")).isEqualTo(revokedEvents + 1);
    Api.Response refused = get(token, "/api/tasks");
    assertThat(assertProblem(refused, 401).path("detail").asText()).contains("revoked");
    assertThat(api("erin").get("/api/tokens").body()).contains("REVOKED");
  }

  @Test
  void anExpiredTokenIsRefused() {
    Api.Response created = create("erin", Map.of("name", "short-lived", "expiresAt", tomorrow(),
        "roles", List.of("engineers")));
    String token = created.json().path("token").asText();
    jdbc.update("UPDATE api_tokens SET expires_at = ? WHERE id = ?",
        org.relman.shared.Db.param(Instant.now().minusSeconds(1)), created.json().path("id").asLong());

    Api.Response refused = get(token, "/api/releases");

    assertThat(assertProblem(refused, 401).path("detail").asText()).contains("expired");
    assertThat(api("erin").get("/api/tokens").body()).contains("EXPIRED");
  }

  @Test
  void unknownTokensAreRefused() {
    assertProblem(get("relman_" + "x".repeat(43), "/api/releases"), 401);
    assertProblem(get("not-a-relman-token", "/api/releases"), 401);
  }

  // ---------------------------------------------------------------------------------------------- service tokens

  @Test
  void aServiceTokenActsOnlyOnReleasesOfItsServices() {
    Map<String, Object> ours = releaseRequest(version("scoped"), repository(2), pastStart());
    Map<String, Object> theirs = releaseRequest(version("scoped"), repository(2), pastStart());
    @SuppressWarnings("unchecked")
    List<String> services = (List<String>) ours.get("services");
    String token = token("alice", List.of("engineers", "release-managers"), services);

    Api.Response outside = post(token, "/api/releases", theirs);
    Api.Response partly = post(token, "/api/releases", withServices(theirs, List.of(services.get(0), "elsewhere")));
    Api.Response inside = post(token, "/api/releases", ours);

    assertThat(assertProblem(outside, 403).path("detail").asText()).contains("may act only on releases of");
    assertProblem(partly, 403);
    assertThat(inside.status()).as("%s", inside).isEqualTo(201);

    // someone else's release of other services: no gate report, no cancel, no task through this token
    long other = requestRelease("erin", releaseRequest(version("scoped"), repository(2), pastStart()));
    workers().run("collect-change-set", other);
    Api.Response gate = signedWithToken(token, "/api/releases/" + other + "/gates/build",
        "{\"status\":\"PASSED\",\"summary\":\"scoped\"}");
    assertProblem(gate, 403);
    assertThat(release(other).path("gates").toString()).doesNotContain("PASSED");
    assertProblem(post(token, "/api/releases/" + other + "/cancel", Map.of("reason", "not ours")), 403);
    assertThat(reportGate(other, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(other, "tests", "PASSED").status()).isEqualTo(202);
    String task = task(other, "go-no-go").getId();
    Api.Response claim = post(token, "/api/tasks/" + task + "/claim", Map.of());
    assertProblem(claim, 403);
    assertThat(taskService.createTaskQuery().taskId(task).singleResult().getAssignee()).isNull();

    // its own release: the gate report signed and carrying the token is accepted
    long id = inside.json().path("id").asLong();
    Api.Response own = signedWithToken(token, "/api/releases/" + id + "/gates/build", "{\"status\":\"PASSED\"}");
    assertThat(own.status()).as("%s", own).isEqualTo(202);
  }

  private static Map<String, Object> withServices(Map<String, Object> request, List<String> services) {
    Map<String, Object> copy = new LinkedHashMap<>(request);
    copy.put("services", services);
    return copy;
  }

  private Api.Response signedWithToken(String token, String path, String json) {
    long now = System.currentTimeMillis() / 1000;
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return api(null).send(HttpRequest.newBuilder(URI.create(api(null).base() + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .header(WebhookSignatures.TIMESTAMP, String.valueOf(now))
        .header(WebhookSignatures.SIGNATURE, signatures.sign(now, path, bytes))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
  }

  @Test
  void aReleaseManagerMayRevokeAnyServiceTokenAndAnAdministratorAnyToken() {
    Api.Response service = create("rita", Map.of("name", "ci", "expiresAt", tomorrow(), "roles", List.of("engineers"),
        "services", List.of("payments-revoke")));
    Api.Response personal = create("erin", Map.of("name", "laptop", "expiresAt", tomorrow(),
        "roles", List.of("engineers")));

    assertThat(service.json().path("kind").asText()).isEqualTo("SERVICE");
    assertThat(api("alice").get("/api/tokens?kind=service").body()).as("release managers see every service token")
        .contains("\"id\":" + service.json().path("id").asLong()).doesNotContain(service.json().path("token").asText());
    assertProblem(api("erin").get("/api/tokens?kind=service"), 403);
    assertInvalid(api("alice").get("/api/tokens?kind=everything"), "kind");
    assertThat(api("alice").send(api("alice").request("/api/tokens/" + service.json().path("id").asLong()).DELETE())
        .status()).isEqualTo(204);
    assertThat(api("admin").send(api("admin").request("/api/tokens/" + personal.json().path("id").asLong()).DELETE())
        .status()).isEqualTo(204);
    assertProblem(get(service.json().path("token").asText(), "/api/releases"), 401);
    assertProblem(get(personal.json().path("token").asText(), "/api/releases"), 401);
  }
}
