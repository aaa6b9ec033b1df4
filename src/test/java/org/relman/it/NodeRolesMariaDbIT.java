package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;

/**
 * The split the cluster guide describes, each node a JVM of its own on one MariaDB database: an {@code api} node that
 * answers people and CI (no job executor, no workers, no notification dispatcher) and a {@code worker} node that runs
 * the background work and stays out of the load balancer's pool. Every call goes to the api node; the release runs to
 * COMPLETED, and every job and every external task was run by the worker node.
 */
class NodeRolesMariaDbIT {

  private static final String SECRET = "roles-secret";
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir
  Path temp;

  private String database;
  private final List<RelmanProcess> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (RelmanProcess node : nodes) {
      node.close();
    }
  }

  @Test
  void anApiNodeTakesEveryCallAndTheWorkerNodeRunsEveryStep() throws Exception {
    database = MariaDb.freshDatabase("relman_roles");
    GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 2);
    Path deployLog = temp.resolve("deployments.log");
    Path deploy = temp.resolve("deploy.sh");
    Files.writeString(deploy, "#!/bin/sh\necho \"$RELMAN_DEPLOYMENT_ID $RELMAN_RELEASE_ID $RELMAN_ENVIRONMENT\" >> '"
        + deployLog + "'\n");
    Files.setPosixFilePermissions(deploy, PosixFilePermissions.fromString("rwxr-xr-x"));
    // the worker first: it creates the schemas (Flyway's and the engine's); the api node starts on them
    RelmanProcess worker = start("worker", deploy);
    RelmanProcess apiNode = start("api", deploy);
    Api erin = new Api(apiNode.port(), "erin", Api.hmac(SECRET));

    Api.Response created = erin.post("/api/releases", Map.of("version", "2026.12.roles", "services", List.of("payments"),
        "plannedStart", "2024-06-12T10:00:00Z", "rollbackPlan", "redeploy the previous version",
        "repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main")));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    long id = created.json().get("id").asLong();
    awaitStatus(erin, id, "GATING");
    for (String gate : List.of("build", "tests")) {
      Api.Response report = erin.anonymous().signedPost("/api/releases/" + id + "/gates/" + gate,
          "{\"status\":\"PASSED\",\"metrics\":{\"testsTotal\":100,\"testsFailed\":0,\"coverage\":91.0}}");
      assertThat(report.status()).as("%s", report).isEqualTo(202);
    }
    complete(erin.as("alice"), id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates green, split nodes"));
    complete(erin.as("alice"), id, "post-release-review", Map.of("summary", "Shipped by the worker node"));
    awaitStatus(erin, id, "COMPLETED");

    assertThat(Files.readAllLines(deployLog)).as("deployed once to each environment")
        .hasSize(2).allSatisfy(line -> assertThat(line).contains(" " + id + " "));
    // a job is created (state 0) or a timer deleted (3) by whichever node's transaction got there, the api node's
    // for a gate report or a decision; it runs (2), or fails (1), on a node with a job executor
    assertThat(query("SELECT COUNT(*) FROM ACT_HI_JOB_LOG WHERE JOB_STATE_ = 2 AND HOSTNAME_ = 'node-worker'"))
        .as("jobs the worker node ran").isPositive();
    assertThat(query("SELECT COUNT(*) FROM ACT_HI_JOB_LOG WHERE JOB_STATE_ IN (1, 2) AND HOSTNAME_ <> 'node-worker'"))
        .as("jobs the api node ran").isZero();
    assertThat(query("SELECT COUNT(*) FROM ACT_HI_JOB_LOG WHERE JOB_STATE_ = 0 AND HOSTNAME_ = 'node-api'"))
        .as("the api node's own transactions left jobs for the worker").isPositive();
    assertThat(query("SELECT COUNT(*) FROM ACT_HI_EXT_TASK_LOG WHERE STATE_ = 2")).as("external tasks completed")
        .isEqualTo(1 + 3 * 2);
    // the workers fetch under their node's name ("vm-3f2a9c1e/deploy-release/1"), which the node logs as it starts them
    String workerNode = loggedWorkerName(worker) + "/";
    assertThat(Files.readString(apiNode.log())).as("the api node starts no workers").doesNotContain("Workers for");
    assertThat(query("SELECT COUNT(*) FROM ACT_HI_EXT_TASK_LOG WHERE STATE_ = 2 AND WORKER_ID_ NOT LIKE '"
        + workerNode + "%'")).as("external tasks not completed by the worker node").isZero();
    assertThat(query("SELECT COUNT(*) FROM deployments")).isEqualTo(2);
    assertThat(query("SELECT COUNT(*) FROM deployments WHERE worker_id LIKE '" + workerNode + "%'"))
        .as("deployments the worker node ran").isEqualTo(2);
    JsonNode audit = erin.as("frank").get("/api/audit/verify").json();
    assertThat(audit.get("valid").asBoolean()).as("%s", audit).isTrue();
  }

  /** The name the node's workers fetch under, from its log line "Workers for [...] polling ... as vm-3f2a9c1e". */
  private static String loggedWorkerName(RelmanProcess node) throws Exception {
    Matcher started = Pattern.compile("Workers for \\[.*] polling \\S+ as (\\S+)").matcher(Files.readString(node.log()));
    String name = null;
    while (started.find()) {
      name = started.group(1); // the log is appended to run after run: this start's line is the last
    }
    assertThat(name).as("the worker node logs its workers' name").isNotNull();
    return name;
  }

  private RelmanProcess start(String role, Path deploy) throws Exception {
    int port = RelmanProcess.freePort();
    List<String> arguments = RelmanProcess.onMariaDb(database, SECRET, port);
    arguments.addAll(List.of(
        "--relman.node.role=" + role,
        "--relman.git.cache-directory=" + temp.resolve("git-cache-" + role),
        "--relman.gates.required=build,tests",
        "--relman.workers.long-poll=PT2S",
        "--operaton.bpm.job-execution.wait-time-in-millis=200",
        "--operaton.bpm.job-execution.max-wait=1000",
        "--operaton.bpm.generic-properties.properties.hostname=node-" + role,
        "--logging.level.org.operaton.bpm.engine.jobexecutor=warn"));
    List<String> environments = List.of("staging", "production");
    for (int i = 0; i < environments.size(); i++) {
      arguments.add("--relman.environments[" + i + "].name=" + environments.get(i));
      arguments.add("--relman.environments[" + i + "].deploy.command=" + deploy);
      arguments.add("--relman.environments[" + i + "].rollback.command=" + deploy);
    }
    RelmanProcess node = RelmanProcess.start(RelmanProcess.fromBuildOutput(Path.of("target/classes")), arguments,
        Path.of("target", "node-roles-it-" + role + ".log"), port);
    nodes.add(node);
    return node;
  }

  /** Completes the release's open task of this kind through the api node, once it is there. */
  private void complete(Api person, long id, String kind, Map<String, Object> variables) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      for (JsonNode task : person.get("/api/tasks").json()) {
        if (task.get("releaseId").asLong() == id && kind.equals(task.get("kind").asText())) {
          Api.Response done = person.post("/api/tasks/" + task.get("id").asText() + "/complete",
              Map.of("variables", variables));
          assertThat(done.status()).as("%s", done).isEqualTo(204);
          return;
        }
      }
      assertThat(System.nanoTime()).as("a %s task for release %d within %s", kind, id, PATIENCE).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private void awaitStatus(Api api, long id, String status) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String now;
    while (!(now = api.as("frank").get("/api/releases/" + id).json().get("status").asText()).equals(status)) {
      assertThat(System.nanoTime()).as("release %d %s within %s, still %s", id, status, PATIENCE, now)
          .isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private long query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(database, MariaDb.USER, MariaDb.PASSWORD);
        Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
