package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.task.Task;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;
import org.relman.testing.WebappSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The engine doors' attacks of issue 9 on MariaDB through Connector/J, as in production: a go/no-go completed with a
 * forged kind and approval, ended by a BPMN error, or claimed for the requester, through {@code /engine-rest} and
 * Tasklist's engine API; a second identity by changing a user id's case, which MariaDB's case-insensitive collation
 * would otherwise accept. Each is refused and changes nothing.
 */
class EveryDoorMariaDbIT extends MariaDbReleaseTestBase {

  @DynamicPropertySource
  static void mariaDb(DynamicPropertyRegistry registry) {
    configure(registry, "relman_doors_test", "doors-it");
  }

  @Test
  void attacksOnAGoNoGoAreRefusedThroughEveryEngineDoorAndChangeNothing() {
    long id = atGoNoGo("2026.12.40");
    Task goNoGo = goNoGo(id);
    String forged = "{\"variables\":{\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"Trust me, it is fine\"},"
        + "\"taskKind\":{\"value\":\"cab-approval\"},\"approved\":{\"value\":true}}}";
    long approvals = count("approvals");
    long events = count("audit_events");

    assertThat(engineRest("alice", "POST", "/task/" + goNoGo.getId() + "/complete", forged).status()).isEqualTo(400);
    assertThat(engineRest("alice", "POST", "/task/" + goNoGo.getId() + "/bpmnError",
        "{\"errorCode\":\"release-cancelled\"}").status()).isEqualTo(403);
    assertThat(engineRest("alice", "POST", "/task/" + goNoGo.getId() + "/claim", "{\"userId\":\"erin\"}").status())
        .isEqualTo(403);
    var tasklist = WebappSession.login(port, "tasklist", "alice", "alice").session();
    assertThat(tasklist.postJson("/api/engine/engine/default/task/" + goNoGo.getId() + "/submit-form", forged)
        .statusCode()).isEqualTo(400);
    assertThat(tasklist.postJson("/api/engine/engine/default/task/" + goNoGo.getId() + "/resolve", "{}").statusCode())
        .isEqualTo(403);

    assertThat(count("approvals")).isEqualTo(approvals);
    assertThat(count("audit_events")).isEqualTo(events);
    assertThat(tasks.createTaskQuery().taskId(goNoGo.getId()).singleResult().getAssignee()).isNull();
    assertThat(api("frank").get("/api/releases/" + id).json().get("status").asText()).isEqualTo("AWAITING_APPROVAL");

    // the same decision, honestly made, goes through
    assertThat(engineRest("alice", "POST", "/task/" + goNoGo.getId() + "/complete", "{\"variables\":{"
        + "\"decision\":{\"value\":\"GO\"},\"reasoning\":{\"value\":\"Gates green on MariaDB\"}}}").status())
        .isEqualTo(204);
    assertThat(jdbc.queryForList("SELECT CONCAT(kind, ':', decision, ':', decided_by) FROM approvals WHERE release_id = ?",
        String.class, id)).containsExactly("go-no-go:GO:alice");
  }

  @Test
  void aUserIdInAnotherCaseIsNoSecondIdentity() {
    // MariaDB compares ACT_ID_USER.ID_ without case: the password check alone would let ALICE in as alice
    assertThat(basic("ALICE", "alice", "/api/releases").status()).isEqualTo(401);
    assertThat(basic("Alice", "alice", "/engine-rest/task").status()).isEqualTo(401);
    assertThat(WebappSession.login(port, "tasklist", "ALICE", "alice").status()).isEqualTo(401);
    assertThat(basic("alice", "alice", "/api/releases").status()).isEqualTo(200);
  }

  @Test
  void anOperatorsIdentityChangesAreAuditedOnMariaDb() {
    long before = count("audit_events");
    var create = api("admin").post("/engine-rest/user/create", "{\"profile\":{\"id\":\"newbie\",\"firstName\":\"N\","
        + "\"lastName\":\"B\",\"email\":\"n@example.org\"},\"credentials\":{\"password\":\"newbie-secret\"}}");
    var join = api("admin").send(api("admin").request("/engine-rest/group/cab/members/newbie")
        .PUT(HttpRequest.BodyPublishers.noBody()));

    assertThat(List.of(create.status(), join.status())).containsOnly(204);
    assertThat(jdbc.queryForList("SELECT CONCAT(actor, ' ', action) FROM audit_events WHERE seq > ? AND action LIKE 'engine.%'"
        + " ORDER BY seq",
        String.class, before)).containsExactly("admin engine.user.create", "admin engine.group-membership.create");
    assertThat(api("frank").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
  }

  private long atGoNoGo(String version) {
    GitFixture repo = GitFixture.withChanges(temp.resolve("repo-" + version), 2);
    var body = Map.of("version", version, "services", List.of("doors"), "plannedStart",
        Instant.parse("2024-06-12T10:00:00Z").toString(),
        "repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main"),
        "rollbackPlan", "redeploy the previous version");
    Api.Response created = api("erin").post("/api/releases", body);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    long id = created.json().get("id").asLong();
    awaitStatus(id, "GATING");
    passGates(id, List.of("build", "tests"));
    awaitStatus(id, "AWAITING_APPROVAL");
    return id;
  }

  private Task goNoGo(long id) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery()
        .processInstanceBusinessKey(String.valueOf(id)).taskDefinitionKey("go-no-go").list(), l -> l.size() == 1).get(0);
  }

  private Api.Response engineRest(String user, String method, String path, String json) {
    return api(user).send(api(user).request("/engine-rest" + path).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json)));
  }

  private Api.Response basic(String user, String password, String path) {
    String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return api(null).send(api(null).request(path).header("Authorization", "Basic " + credentials).GET());
  }

  private long count(String table) {
    Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    return count == null ? 0 : count;
  }
}
