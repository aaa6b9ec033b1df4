package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;

/**
 * relman killed with SIGKILL in the middle of a release, running in a JVM of its own on MariaDB, then started again
 * on the same database: during a deploy command, during a soak, while waiting for a webhook callback, and during a
 * rollback. Each release goes on where it was: a deploy retried after the crash keeps its RELMAN_DEPLOYMENT_ID and the
 * crashed attempt's process is stopped, the soak keeps its window, the callback is still taken, nothing is rolled
 * back twice.
 */
class CrashRecoveryIT {

  private static final AtomicInteger SERVICES = new AtomicInteger();

  private static final String SECRET = "crash-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  private String database;
  private HttpServer fakes;
  private final List<JsonNode> webhookRequests = new CopyOnWriteArrayList<>();
  private volatile double errorRate = 0.001;
  private RelmanProcess relman;
  private int port;

  @BeforeEach
  void fakesAndDatabase() throws IOException {
    database = MariaDb.freshDatabase("relman_crash");
    fakes = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fakes.createContext("/api/v1/query", exchange -> {
      byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
          + "\"value\":[" + Instant.now().getEpochSecond() + ",\"" + errorRate + "\"]}]}}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    fakes.createContext("/deploy", exchange -> {
      webhookRequests.add(JSON.readTree(exchange.getRequestBody()));
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
    fakes.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (relman != null) {
      relman.close();
    }
    fakes.stop(0);
  }

  @Test
  void releaseSurvivesKillsDuringDeployCommandSoakAndWebhookWait() throws Exception {
    Path runs = temp.resolve("staging-runs.log");
    Path go = temp.resolve("staging-go");
    start();
    long id = requestApprovedRelease("2026.12.0");

    // 1. killed while the staging deploy command runs
    await().atMost(Duration.ofSeconds(60)).until(() -> lines(runs).size() == 1);
    String[] first = lines(runs).get(0).split(" ");
    relman.kill();
    assertThat(ProcessHandle.of(Long.parseLong(first[2])).map(ProcessHandle::isAlive)).as("the orphaned deploy script")
        .contains(true);
    start();
    await().atMost(Duration.ofSeconds(60)).until(() -> lines(runs).size() == 2);
    String[] second = lines(runs).get(1).split(" ");
    assertThat(second[0]).as("RELMAN_DEPLOYMENT_ID after the crash").isEqualTo(first[0]);
    assertThat(second[1]).as("RELMAN_ATTEMPT").isEqualTo("2");
    await().atMost(Duration.ofSeconds(15))
        .until(() -> ProcessHandle.of(Long.parseLong(first[2])).map(p -> !p.isAlive()).orElse(true));
    Files.createFile(go);

    // 2. killed during the staging soak
    await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM checks WHERE release_id = " + id
        + " AND environment = 'staging'") >= 2);
    Instant soakStarted = instant("SELECT started_at FROM soaks WHERE release_id = " + id + " AND environment = 'staging'");
    int roundsBefore = (int) count("SELECT rounds FROM soaks WHERE release_id = " + id + " AND environment = 'staging'");
    relman.kill();
    start();
    await().atMost(Duration.ofSeconds(90)).until(() -> webhookRequests.size() == 1);
    assertThat(instant("SELECT started_at FROM soaks WHERE release_id = " + id + " AND environment = 'staging'"))
        .as("the soak resumed with its window").isEqualTo(soakStarted);
    assertThat(count("SELECT rounds FROM soaks WHERE release_id = " + id + " AND environment = 'staging'"))
        .isGreaterThan(roundsBefore);
    assertThat(text("SELECT status FROM soaks WHERE release_id = " + id + " AND environment = 'staging'")).isEqualTo("PASSED");

    // 3. killed while production's webhook target works; its callback reaches the restarted relman
    JsonNode request = webhookRequests.get(0);
    assertThat(request.get("environment").asText()).isEqualTo("production");
    relman.kill();
    start();
    Api.Response callback = api(null).signedPost("/api/releases/" + id + "/deployments/production",
        "{\"deploymentId\":\"" + request.get("deploymentId").asText() + "\",\"status\":\"SUCCEEDED\",\"details\":\"rolled out\"}");
    assertThat(callback.status()).as("%s", callback).isEqualTo(202);

    JsonNode review = awaitStatus(id, "IN_REVIEW");
    assertThat(review.get("environments").findValuesAsText("state")).containsExactly("PROMOTED", "PROMOTED");
    assertThat(review.get("deployments").findValuesAsText("action")).containsExactly("deploy", "deploy");
    assertThat(review.get("deployments").get(0).get("attempts").asInt()).isEqualTo(2);
    assertThat(api("frank").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
  }

  @Test
  void rollbackKilledMidwayRunsAgainOnceUnderTheSameDeploymentId() throws Exception {
    Path rollbacks = temp.resolve("rollback-runs.log");
    Files.createFile(temp.resolve("staging-go"));
    errorRate = 0.5;
    start();
    long id = requestApprovedRelease("2026.12.1");

    // staging breaches its error-rate bound, so it is rolled back; relman dies during the rollback command
    await().atMost(Duration.ofSeconds(90)).until(() -> lines(rollbacks).size() == 1);
    String[] first = lines(rollbacks).get(0).split(" ");
    relman.kill();
    start();
    await().atMost(Duration.ofSeconds(60)).until(() -> lines(rollbacks).size() == 2);
    Files.createFile(temp.resolve("rollback-go"));

    JsonNode postMortem = awaitStatus(id, "IN_REVIEW");
    String[] second = lines(rollbacks).get(1).split(" ");
    assertThat(second[0]).isEqualTo(first[0]);
    assertThat(second[1]).isEqualTo("2");
    var deployments = postMortem.get("deployments");
    assertThat(deployments.findValuesAsText("action")).containsExactly("deploy", "rollback");
    assertThat(deployments.get(1).get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(deployments.get(1).get("reason").asText()).contains("error-rate", "0.5 > max 0.02");
    assertThat(postMortem.get("environments").findValuesAsText("state")).containsExactly("ROLLED_BACK", "PENDING");
    assertThat(count("SELECT COUNT(*) FROM audit_events WHERE release_id = " + id + " AND action = 'rollback.finished'"))
        .as("rolled back once").isEqualTo(1);
  }

  private void start() throws Exception {
    if (relman == null) {
      port = RelmanProcess.freePort();
    }
    relman = RelmanProcess.start(RelmanProcess.fromBuildOutput(Path.of("target/classes")), arguments(),
        Path.of("target", "crash-recovery-it.log"), port);
  }

  private List<String> arguments() throws IOException {
    String staging = script("deploy", "staging-runs.log", "staging-go");
    String rollback = script("rollback", "rollback-runs.log", "rollback-go");
    String prometheus = "http://127.0.0.1:" + fakes.getAddress().getPort();
    List<String> arguments = RelmanProcess.onMariaDb(database, SECRET, port);
    arguments.addAll(List.of(
        "--relman.git.cache-directory=" + temp.resolve("git-cache"),
        "--relman.gates.required=build",
        "--relman.workers.lock-duration=PT6S",
        "--relman.workers.long-poll=PT2S",
        "--operaton.bpm.job-execution.lock-time-in-millis=6000",
        "--relman.environments[0].name=staging",
        "--relman.environments[0].deploy.command=" + staging,
        "--relman.environments[0].rollback.command=" + rollback,
        "--relman.environments[1].name=production",
        "--relman.environments[1].deploy.webhook.url=" + prometheus + "/deploy",
        "--relman.environments[1].rollback.command=" + rollback));
    for (int env = 0; env < 2; env++) {
      String monitoring = "--relman.environments[" + env + "].monitoring.";
      arguments.addAll(List.of(monitoring + "prometheus-url=" + prometheus,
          monitoring + "queries[0].name=error-rate",
          monitoring + "queries[0].query=sum(rate(http_errors[1m]))",
          monitoring + "queries[0].max=0.02",
          monitoring + "interval=PT1S",
          monitoring + "window=PT6S",
          monitoring + "failure-limit=2"));
    }
    return arguments;
  }

  /** A deploy or rollback script that logs "deploymentId attempt pid", then waits until its go file exists. */
  private String script(String name, String runs, String go) throws IOException {
    Path script = temp.resolve(name + ".sh");
    Files.writeString(script, "#!/bin/sh\n"
        + "echo \"$RELMAN_DEPLOYMENT_ID $RELMAN_ATTEMPT $$\" >> '" + temp.resolve(runs) + "'\n"
        + "while [ ! -f '" + temp.resolve(go) + "' ]; do sleep 0.2; done\n"
        + "echo \"$RELMAN_ACTION of $RELMAN_VERSION in $RELMAN_ENVIRONMENT done\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script.toString();
  }

  private long requestApprovedRelease(String version) {
    GitFixture repo = GitFixture.withChanges(temp.resolve("repo-" + version), 2);
    // a LOW-risk release: a service of its own (no other release's rollbacks in its history), a weekday morning in
    // the past, a rollback plan; so it goes straight from its gates to the go/no-go
    var body = Map.of("version", version, "services", List.of("payments-" + SERVICES.incrementAndGet()),
        "plannedStart", "2024-06-12T10:00:00Z", "rollbackPlan", "redeploy the previous version",
        "repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main"));
    Api.Response created = api("erin").post("/api/releases", body);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    long id = created.json().get("id").asLong();
    awaitStatus(id, "GATING");
    assertThat(api(null).signedPost("/api/releases/" + id + "/gates/build", "{\"status\":\"PASSED\"}").status())
        .isEqualTo(202);
    awaitStatus(id, "AWAITING_APPROVAL");
    JsonNode task = await().atMost(Duration.ofSeconds(30))
        .until(() -> api("alice").get("/api/tasks").json(), tasks -> tasks.size() > 0 && hasTaskOf(tasks, id));
    String taskId = null;
    for (JsonNode t : task) {
      if (t.get("releaseId").asLong() == id) {
        taskId = t.get("id").asText();
      }
    }
    Api.Response decided = api("alice").post("/api/tasks/" + taskId + "/complete",
        Map.of("variables", Map.of("decision", "GO", "reasoning", "Gates green, crash drill")));
    assertThat(decided.status()).as("%s", decided).isEqualTo(204);
    return id;
  }

  private static boolean hasTaskOf(JsonNode tasks, long id) {
    for (JsonNode t : tasks) {
      if (t.get("releaseId").asLong() == id) {
        return true;
      }
    }
    return false;
  }

  private JsonNode awaitStatus(long id, String status) {
    return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
        .until(() -> api("frank").get("/api/releases/" + id).json(), r -> status.equals(r.get("status").asText()));
  }

  private Api api(String user) {
    return new Api(port, user, Api.hmac(SECRET));
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  private long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(database, MariaDb.USER, MariaDb.PASSWORD);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private String text(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(database, MariaDb.USER, MariaDb.PASSWORD);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private Instant instant(String sql) throws SQLException {
    String value = text(sql);
    return value == null ? null : Instant.parse(value.replace(' ', 'T') + "Z");
  }
}
