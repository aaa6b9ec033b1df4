package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;

/**
 * Every role against every operation of the OpenAPI document relman serves: the allowed ones get through (2xx, or a
 * refusal of the fixture's own such as 404 or 409, never 401 or 403), the others are refused. The expected matrix is
 * the one table below; an operation the document has and the table lacks (or the other way round) fails the test, so a
 * new endpoint joins this test the day it is added.
 */
public class RoleMatrixTest extends RelmanTestBase {

  /**
   * Who may call what (API.md, docs/reference/api.md and {@code SecurityConfig}). "everyone signed in": the eight
   * groups; "webhook": no login, an HMAC signature (any caller without one gets 401). The last column is what everyone
   * else signed in gets; anonymous callers always get 401. Task operations answer 404 to whoever the task is not
   * offered to (TaskList hides it), 403 to a candidate the task refuses (four eyes). Rows run top to bottom.
   */
  static final String MATRIX = """
      | operation                                                 | allowed                     | everyone else |
      | --------------------------------------------------------- | --------------------------- | ------------- |
      | GET    /api/releases                                      | everyone signed in          |               |
      | POST   /api/releases                                      | engineers, release-managers | 403           |
      | GET    /api/releases/{id}                                 | everyone signed in          |               |
      | GET    /api/releases/{id}/audit                           | everyone signed in          |               |
      | GET    /api/releases/{id}/notes                           | everyone signed in          |               |
      | GET    /api/releases/{id}/notifications                   | everyone signed in          |               |
      | GET    /api/releases/{id}/deployments/{deploymentId}/output | everyone signed in        |               |
      | GET    /api/releases/{id}/evidence                        | auditors, release-managers  | 403           |
      | POST   /api/releases/{id}/cancel                          | release-managers            | 403           |
      | POST   /api/releases/{id}/gates/{gate}                    | webhook                     | 401           |
      | POST   /api/releases/{id}/deployments/{environment}       | webhook                     | 401           |
      | POST   /api/releases/by-version/{version}/gates/{gate}    | webhook                     | 401           |
      | POST   /api/releases/by-version/{version}/deployments/{environment} | webhook           | 401           |
      | GET    /api/audit/verify                                  | auditors, release-managers  | 403           |
      | GET    /api/audit                                         | auditors, release-managers  | 403           |
      | GET    /api/calendar                                      | everyone signed in          |               |
      | GET    /api/calendar.ics                                  | everyone signed in          |               |
      | POST   /api/calendar/feed-token                           | everyone signed in          |               |
      | GET    /api/calendar/feed-token                           | everyone signed in          |               |
      | DELETE /api/calendar/feed-token                           | everyone signed in          |               |
      | GET    /api/freezes                                       | everyone signed in          |               |
      | POST   /api/freezes                                       | release-managers            | 403           |
      | DELETE /api/freezes/{id}                                  | release-managers            | 403           |
      | GET    /api/metrics/dora                                  | everyone signed in          |               |
      | GET    /api/environments                                  | everyone signed in          |               |
      | GET    /api/tasks                                         | everyone signed in          |               |
      | GET    /api/tasks/{id}                                    | release-managers            | 404           |
      | POST   /api/tasks/{id}/claim                              | release-managers            | 404           |
      | POST   /api/tasks/{id}/complete                           | release-managers            | 404           |
      | POST   /api/tokens                                        | everyone signed in          |               |
      | GET    /api/tokens                                        | everyone signed in          |               |
      | DELETE /api/tokens/{id}                                   | release-managers, operaton-admin | 404      |
      """;

  /** One person per group, password = user name (the demo users of API.md). */
  static final Map<String, String> PERSON_OF_GROUP = new LinkedHashMap<>();

  static {
    PERSON_OF_GROUP.put(Roles.RELEASE_MANAGERS, "alice");
    PERSON_OF_GROUP.put(Roles.QA, "bob");
    PERSON_OF_GROUP.put(Roles.SECURITY, "carol");
    PERSON_OF_GROUP.put(Roles.CAB, "dave");
    PERSON_OF_GROUP.put(Roles.ENGINEERS, "erin");
    PERSON_OF_GROUP.put(Roles.AUDITORS, "frank");
    PERSON_OF_GROUP.put(Roles.PROCESS_OWNERS, "grace");
    PERSON_OF_GROUP.put(Roles.ADMINS, "admin");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A row of the matrix. */
  public record Row(String method, String path, Set<String> allowed, boolean webhook, int refusal) {
    public String operation() {
      return method + " " + path;
    }
  }

  /** The real things the operations' path parameters name. */
  private record Fixture(long release, long gating, long toCancel, long shipped, String deploymentId, String task,
      long freeze, String gatingVersion, String shippedVersion, long serviceToken) {}

  @TestFactory
  Stream<DynamicTest> everyRoleAgainstEveryOperation() {
    List<Row> rows = matrix();
    Fixture fixture = fixture();
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("the matrix names exactly the operations of the OpenAPI document",
        () -> assertThat(rows.stream().map(Row::operation).toList()).as("the matrix")
            .containsExactlyInAnyOrderElementsOf(documentedOperations())));
    for (Row row : rows) {
      if (row.webhook()) {
        for (String user : callers()) {
          tests.add(DynamicTest.dynamicTest(row.operation() + " unsigned, as " + name(user), () -> {
            Api.Response response = api(user).send(request(row, fixture, user, false));
            assertThat(response.status()).as("%s unsigned as %s: %s", row.operation(), name(user), response).isEqualTo(401);
          }));
        }
        tests.add(DynamicTest.dynamicTest(row.operation() + " signed", () -> {
          Api.Response response = api(null).send(request(row, fixture, null, true));
          assertAllowed(row, "a signed delivery", response);
        }));
        continue;
      }
      // the refused first: an allowed call may change what the others would see (a claimed task, a lifted freeze)
      List<String> ordered = new ArrayList<>(callers());
      ordered.sort((a, b) -> Boolean.compare(allowed(row, a), allowed(row, b)));
      for (String user : ordered) {
        tests.add(DynamicTest.dynamicTest(row.operation() + " as " + name(user), () -> {
          Api.Response response = api(user).send(request(row, fixture, user, false));
          if (user == null) {
            assertThat(response.status()).as("%s anonymously: %s", row.operation(), response).isEqualTo(401);
          } else if (allowed(row, user)) {
            assertAllowed(row, user, response);
          } else {
            assertThat(response.status()).as("%s as %s: %s", row.operation(), user, response).isEqualTo(row.refusal());
          }
        }));
      }
    }
    return tests.stream();
  }

  private static void assertAllowed(Row row, String who, Api.Response response) {
    assertThat(response.status()).as("%s as %s: %s", row.operation(), who, response)
        .isBetween(200, 499).isNotIn(401, 403);
    if (row.refusal() == 404) {
      assertThat(response.status()).as("%s as %s is offered the task: %s", row.operation(), who, response).isNotEqualTo(404);
    }
  }

  // ---------------------------------------------------------------------------------------------- the matrix

  public static List<Row> matrix() {
    List<Row> rows = new ArrayList<>();
    for (String line : MATRIX.strip().split("\n")) {
      String[] cells = Arrays.stream(line.strip().split("\\|")).map(String::strip).toArray(String[]::new);
      // cells[0] is the empty text before the first bar
      if (cells[1].equals("operation") || cells[1].startsWith("---")) {
        continue;
      }
      String[] operation = cells[1].split("\\s+");
      String allowed = cells[2];
      boolean webhook = allowed.equals("webhook");
      Set<String> groups = new TreeSet<>();
      if (allowed.equals("everyone signed in")) {
        groups.addAll(PERSON_OF_GROUP.keySet());
      } else if (!webhook) {
        for (String group : allowed.split(",\\s*")) {
          assertThat(PERSON_OF_GROUP).as("group '%s' of %s", group, cells[1]).containsKey(group);
          groups.add(group);
        }
      }
      int refusal = cells.length > 3 && !cells[3].isEmpty() ? Integer.parseInt(cells[3]) : 403;
      rows.add(new Row(operation[0], operation[1], groups, webhook, refusal));
    }
    return rows;
  }

  /** Every operation of the OpenAPI document relman serves, as "METHOD /path". */
  private List<String> documentedOperations() throws Exception {
    Api.Response docs = api(null).get("/v3/api-docs");
    assertThat(docs.status()).as("%s", docs).isEqualTo(200);
    List<String> operations = new ArrayList<>();
    docs.json().path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
      if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(operation.getKey())) {
        operations.add(operation.getKey().toUpperCase() + " " + path.getKey());
      }
    }));
    return operations;
  }

  private static List<String> callers() {
    List<String> callers = new ArrayList<>(PERSON_OF_GROUP.values());
    callers.add(null);
    return callers;
  }

  private static boolean allowed(Row row, String user) {
    if (user == null || row.webhook()) {
      return false;
    }
    return row.allowed().stream().anyMatch(group -> user.equals(PERSON_OF_GROUP.get(group)));
  }

  private static String groupOf(String user) {
    return PERSON_OF_GROUP.entrySet().stream().filter(e -> e.getValue().equals(user)).map(Map.Entry::getKey).findFirst()
        .orElse(Roles.ENGINEERS);
  }

  private static String name(String user) {
    return user == null ? "anonymous" : user;
  }

  // ---------------------------------------------------------------------------------------------- fixtures and calls

  /**
   * Releases in the states the operations need: one at its go/no-go (its task), one still gating (gate reports), one
   * to cancel, one deployed to staging (a deployment's output), and a freeze to lift.
   */
  private Fixture fixture() {
    long release = awaitingGoNoGo();
    String task = task(release, "go-no-go").getId();
    long gating = requestRelease("erin", version("matrix"), repository(1));
    long toCancel = requestRelease("erin", version("matrix"), repository(1));
    long shipped = awaitingGoNoGo();
    completeOk("alice", shipped, "go-no-go", Map.of("decision", "GO", "reasoning", "All gates green, low risk"));
    fireDueTimers(shipped);
    workers().run("deploy-release", shipped);
    String deploymentId = release(shipped).path("deployments").get(0).path("deploymentId").asText();
    Api.Response freeze = api("alice").post("/api/freezes", freezeBody());
    assertThat(freeze.status()).as("%s", freeze).isEqualTo(201);
    // a service token of rita's: any release manager (and an administrator) may revoke it, nobody else sees it
    Api.Response token = api("rita").post("/api/tokens", Map.of("name", "matrix-ci", "roles", List.of("engineers"),
        "services", List.of("matrix-ci"), "expiresAt", java.time.Instant.now().plusSeconds(3600).toString()));
    assertThat(token.status()).as("%s", token).isEqualTo(201);
    return new Fixture(release, gating, toCancel, shipped, deploymentId, task, freeze.json().path("id").asLong(),
        release(gating).path("version").asText(), release(shipped).path("version").asText(),
        token.json().path("id").asLong());
  }

  private long awaitingGoNoGo() {
    long id = requestRelease("erin", version("matrix"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    assertThat(release(id).path("currentSteps").toString()).contains("go/no-go");
    return id;
  }

  private static Map<String, Object> freezeBody() {
    return Map.of("name", "Matrix freeze", "start", "2091-01-01T00:00:00Z", "end", "2091-01-02T00:00:00Z",
        "services", List.of("matrix-" + System.nanoTime()));
  }

  /** The operation as {@code user} would call it, with real ids, and a body that would succeed where one is needed. */
  private HttpRequest.Builder request(Row row, Fixture f, String user, boolean signed) {
    String path = row.path()
        .replace("{deploymentId}", f.deploymentId())
        .replace("{gate}", "build")
        .replace("{environment}", "staging");
    if (path.startsWith("/api/tasks/")) {
      path = path.replace("{id}", f.task());
    } else if (path.startsWith("/api/tokens/")) {
      path = path.replace("{id}", String.valueOf(f.serviceToken()));
    } else if (path.startsWith("/api/freezes/")) {
      path = path.replace("{id}", String.valueOf(f.freeze()));
    } else if (path.contains("/gates/")) {
      path = path.replace("{id}", String.valueOf(f.gating())).replace("{version}", f.gatingVersion());
    } else if (path.endsWith("/cancel")) {
      path = path.replace("{id}", String.valueOf(f.toCancel()));
    } else if (path.contains("/deployments/")) {
      path = path.replace("{id}", String.valueOf(f.shipped())).replace("{version}", f.shippedVersion());
    } else {
      path = path.replace("{id}", String.valueOf(f.release()));
    }
    String body = body(row, user);
    if (signed) {
      long now = System.currentTimeMillis() / 1000;
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      return HttpRequest.newBuilder(URI.create(api(null).base() + path))
          .header("Content-Type", "application/json")
          .header(WebhookSignatures.TIMESTAMP, String.valueOf(now))
          .header(WebhookSignatures.SIGNATURE, signatures.sign(now, path, bytes))
          .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    }
    HttpRequest.Builder request = api(user).request(path);
    return switch (row.method()) {
      case "GET" -> request.GET();
      case "DELETE" -> request.DELETE();
      default -> request.header("Content-Type", "application/json").method(row.method(),
          HttpRequest.BodyPublishers.ofString(body));
    };
  }

  private String body(Row row, String user) {
    try {
      return switch (row.operation()) {
        case "POST /api/releases" -> JSON.writeValueAsString(releaseRequest(version("matrix"), repository(1), pastStart()));
        case "POST /api/releases/{id}/cancel" -> "{\"reason\":\"cancelled by " + name(user) + " in the role matrix\"}";
        case "POST /api/releases/{id}/gates/{gate}", "POST /api/releases/by-version/{version}/gates/{gate}" ->
            "{\"status\":\"PASSED\",\"summary\":\"matrix\"}";
        case "POST /api/releases/{id}/deployments/{environment}",
            "POST /api/releases/by-version/{version}/deployments/{environment}" ->
            "{\"deploymentId\":\"00000000-0000-0000-0000-000000000000\",\"status\":\"SUCCEEDED\"}";
        case "POST /api/freezes" -> JSON.writeValueAsString(freezeBody());
        case "POST /api/tokens" -> JSON.writeValueAsString(Map.of("name", "matrix", "roles", List.of(groupOf(user)),
            "expiresAt", java.time.Instant.now().plusSeconds(3600).toString()));
        case "POST /api/tasks/{id}/complete" ->
            "{\"variables\":{\"decision\":\"GO\",\"reasoning\":\"Approved in the role matrix\"}}";
        default -> "{}";
      };
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
