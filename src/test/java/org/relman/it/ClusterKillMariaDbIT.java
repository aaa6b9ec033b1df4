package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.operaton.bpm.engine.history.ExternalTaskState;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;
import org.relman.testing.PageSession;

/**
 * Two relman nodes, each a JVM of its own started from the build output, on one MariaDB database: 200 releases through
 * the automated path (gates reported by CI, QA sign-offs, go/no-go decisions and reviews completed through the API),
 * each release's calls sent to one node or the other, and one node killed with SIGKILL when half of them have
 * completed. The other node finishes everything: the tasks and jobs the dead node held are taken over when their
 * locks expire. Afterwards: every release COMPLETED, each environment of each release deployed under one deployment
 * id (in relman's tables and as the deploy script saw it), no external task completed twice (the engine's history),
 * the audit chain valid, and a person signed in on the dead node still signed in on the living one (sessions in the
 * database). The time it takes is printed; what bounds it: docs/operations/cluster.md.
 */
class ClusterKillMariaDbIT {

  private static final int RELEASES = 200;
  private static final String SECRET = "cluster-secret";
  private static final List<String> ENVIRONMENTS = List.of("staging", "production");
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  @TempDir
  Path temp;

  private String database;
  private final RelmanProcess[] nodes = new RelmanProcess[2];
  private final int[] ports = new int[2];
  private volatile boolean firstAlive = true;
  /** The releases by id, with the node (0 or 1) their calls go to while it lives. */
  private final Map<Long, Integer> homes = new ConcurrentHashMap<>();
  private final Set<String> tasksDone = ConcurrentHashMap.newKeySet();

  @AfterEach
  void stopNodes() throws InterruptedException {
    for (RelmanProcess node : nodes) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  void twoNodesCarry200ReleasesToCompletedThroughTheLossOfOne() throws Exception {
    long began = System.nanoTime();
    database = MariaDb.freshDatabase("relman_cluster");
    GitFixture repo = GitFixture.withChanges(temp.resolve("repo"), 2);
    Path deployLog = temp.resolve("deployments.log");
    String deploy = script(deployLog);
    ports[0] = RelmanProcess.freePort();
    ports[1] = RelmanProcess.freePort();
    // the first node creates the schemas (Flyway's and the engine's); the second starts on them
    nodes[0] = start(0, deploy);
    nodes[1] = start(1, deploy);
    long started = System.nanoTime();
    PageSession person = PageSession.as(ports[0], "rita");

    // CI requests releases and reports gates on threads of its own; people complete tasks as they appear
    ExecutorService ci = Executors.newFixedThreadPool(4);
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> requests = new ArrayList<>();
      for (int i = 0; i < RELEASES; i++) {
        int n = i;
        requests.add(ci.submit(() -> request(n, repo)));
      }
      long killedAt = 0;
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      long reported = 0;
      while (completed() < RELEASES) {
        if (completed() >= reported + 25) {
          reported = completed();
          System.out.printf("ClusterKillMariaDbIT: %d completed at %.1f s%n", reported, seconds(began, System.nanoTime()));
        }
        assertThat(System.nanoTime()).as("all releases completed within %s; completed: %s", DEADLINE, completed())
            .isLessThan(deadline);
        if (firstAlive && completed() >= RELEASES / 2) {
          killedAt = System.nanoTime();
          firstAlive = false;
          nodes[0].kill();
          nodes[0] = null;
        }
        completeOpenTasks(clients);
        Thread.sleep(300);
      }
      for (Future<?> request : requests) {
        request.get();
      }
      long done = System.nanoTime();
      System.out.printf("ClusterKillMariaDbIT: %d releases; nodes up after %.1f s; killed node 1 at %.1f s;"
              + " all completed at %.1f s%n", RELEASES, seconds(began, started), seconds(began, killedAt),
          seconds(began, done));
      assertThat(killedAt).as("node 1 was killed halfway").isPositive();
    } finally {
      ci.shutdownNow();
      clients.shutdownNow();
    }

    assertEveryReleaseCompletedAndDeployedOnce(deployLog);
    assertNoExternalTaskCompletedTwice();
    assertThat(query("SELECT COUNT(DISTINCT HOSTNAME_) FROM ACT_HI_JOB_LOG WHERE JOB_DEF_TYPE_ IS NOT NULL"))
        .as("both nodes ran jobs").isEqualTo(2);
    JsonNode audit = api(1, "frank").get("/api/audit/verify").json();
    assertThat(audit.get("valid").asBoolean()).as("%s", audit).isTrue();
    assertThat(audit.get("events").asLong()).isGreaterThan(RELEASES * 10L);
    HttpResponse<String> board = person.onPort(ports[1]).get("/releases");
    assertThat(board.statusCode()).as("signed in on the dead node, still signed in on the living one").isEqualTo(200);
    assertThat(board.body()).contains("rita");
  }

  /**
   * One release: requested on its node, and CI's gate reports right behind it (kept until the gates wait). A call that
   * was on its way to the node when it was killed is sent again to the other one, as CI retries; a request that had
   * been stored before the kill is then found by its version.
   */
  private void request(int n, GitFixture repo) {
    String version = "2026.12." + n;
    Map<String, Object> body = Map.of("version", version, "services", List.of("svc-" + n),
        "plannedStart", "2024-06-12T10:00:00Z", "rollbackPlan", "redeploy the previous version",
        "repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main"));
    int home = n % 2;
    Api.Response created = retried(() -> api(firstAlive ? home : 1, "erin").post("/api/releases", body));
    long id;
    if (created.status() == 409) {
      JsonNode found = api(1, "erin").get("/api/releases?version=" + version).json();
      assertThat(found.get("items")).as("%s after %s", found, created).hasSize(1);
      id = found.get("items").get(0).get("id").asLong();
    } else {
      assertThat(created.status()).as("%s", created).isEqualTo(201);
      id = created.json().get("id").asLong();
    }
    homes.put(id, home);
    // every fourth release reports a low coverage: the risk policy then asks QA to sign off
    String coverage = n % 4 == 0 ? "52.5" : "91.0";
    for (String gate : List.of("build", "tests")) {
      Api.Response report = retried(() -> api(node(id), null).signedPost("/api/releases/" + id + "/gates/" + gate,
          "{\"status\":\"PASSED\",\"metrics\":{\"testsTotal\":100,\"testsFailed\":0,\"coverage\":" + coverage + "}}"));
      assertThat(report.status()).as("%s", report).isEqualTo(202);
    }
  }

  /** A call, sent again (signed anew) when the node it went to died under it. */
  private Api.Response retried(java.util.function.Supplier<Api.Response> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (IllegalStateException nodeDied) {
        if (attempt == 3) {
          throw nodeDied;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw nodeDied;
        }
      }
    }
  }

  /**
   * The people's part, completed through the API on the release's node: QA sign-offs (bob), go/no-go decisions and
   * reviews (alice). Which tasks are open is read from the engine's table, as the other MariaDB tests read it through
   * the task query: the test's eyes, not a path of the product.
   */
  private void completeOpenTasks(ExecutorService clients) throws Exception {
    List<Future<?>> completions = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(database, MariaDb.USER, MariaDb.PASSWORD);
        Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery("SELECT t.ID_, t.TASK_DEF_KEY_, p.BUSINESS_KEY_ FROM ACT_RU_TASK t"
            + " JOIN ACT_RU_EXECUTION p ON p.ID_ = t.PROC_INST_ID_")) {
      while (rs.next()) {
        String taskId = rs.getString(1);
        String user = "approve-release".equals(rs.getString(2)) ? "bob" : "alice";
        Map<String, Object> variables = switch (rs.getString(2)) {
          case "approve-release" -> Map.of("approved", true, "comment", "Checked in the cluster drill");
          case "go-no-go" -> Map.of("decision", "GO", "reasoning", "Gates green, cluster drill");
          case "post-release-review" -> Map.of("summary", "Shipped by two nodes, one of them killed");
          default -> null;
        };
        if (variables == null || !tasksDone.add(taskId)) {
          continue;
        }
        long releaseId = Long.parseLong(rs.getString(3));
        completions.add(clients.submit(() -> complete(releaseId, taskId, user, variables)));
      }
    }
    for (Future<?> completion : completions) {
      completion.get(1, TimeUnit.MINUTES);
    }
  }

  private void complete(long releaseId, String taskId, String user, Map<String, Object> variables) {
    try {
      Api.Response response = api(node(releaseId), user).post("/api/tasks/" + taskId + "/complete",
          Map.of("variables", variables));
      if (response.status() != 204) {
        tasksDone.remove(taskId);
        assertThat(response.status()).as("complete %s: %s", taskId, response).isIn(404, 409);
      }
    } catch (IllegalStateException nodeDied) {
      // the call was in flight when its node was killed: the next round finds the task again if it is still open
      tasksDone.remove(taskId);
    }
  }

  private void assertEveryReleaseCompletedAndDeployedOnce(Path deployLog) throws Exception {
    assertThat(query("SELECT COUNT(*) FROM releases WHERE status = 'COMPLETED'")).isEqualTo(RELEASES);
    assertThat(query("SELECT COUNT(*) FROM releases")).isEqualTo(RELEASES);
    assertThat(query("SELECT COUNT(*) FROM deployments WHERE action = 'deploy' AND status = 'SUCCEEDED'"))
        .as("one deployment per environment of each release").isEqualTo(RELEASES * ENVIRONMENTS.size());
    assertThat(query("SELECT COUNT(*) FROM deployments WHERE action <> 'deploy' OR status <> 'SUCCEEDED'")).isZero();
    assertThat(query("SELECT COUNT(*) FROM (SELECT release_id, environment FROM deployments"
        + " GROUP BY release_id, environment HAVING COUNT(DISTINCT deployment_id) > 1) twice")).isZero();
    // as the deploy command saw it: a run retried after the kill carries the same RELMAN_DEPLOYMENT_ID
    Map<String, Set<String>> idsByStep = new HashMap<>();
    for (String line : Files.readAllLines(deployLog)) {
      String[] fields = line.split(" ");
      idsByStep.computeIfAbsent(fields[1] + "/" + fields[2], k -> new HashSet<>()).add(fields[0]);
    }
    assertThat(idsByStep).hasSize(RELEASES * ENVIRONMENTS.size());
    assertThat(idsByStep.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
  }

  private void assertNoExternalTaskCompletedTwice() throws SQLException {
    int successful = ExternalTaskState.SUCCESSFUL.getStateCode();
    assertThat(query("SELECT COUNT(*) FROM (SELECT EXT_TASK_ID_ FROM ACT_HI_EXT_TASK_LOG WHERE STATE_ = " + successful
        + " GROUP BY EXT_TASK_ID_ HAVING COUNT(*) > 1) twice")).isZero();
    // and no step of a release ran to its end twice: one change set, one deploy, verify and check per environment
    assertThat(query("SELECT COUNT(*) FROM ACT_HI_EXT_TASK_LOG WHERE STATE_ = " + successful))
        .isEqualTo(RELEASES * (1 + 3L * ENVIRONMENTS.size()));
    assertThat(query("SELECT COUNT(*) FROM ACT_RU_EXT_TASK")).isZero();
    assertThat(query("SELECT COUNT(*) FROM ACT_RU_INCIDENT")).isZero();
  }

  private RelmanProcess start(int node, String deploy) throws Exception {
    List<String> arguments = RelmanProcess.onMariaDb(database, SECRET, ports[node]);
    arguments.addAll(List.of(
        "--relman.git.cache-directory=" + temp.resolve("git-cache-" + node),
        "--relman.gates.required=build,tests",
        // a local repository: a change set is read at once, and a node that dies holding one loses it soon
        "--relman.git.timeout=PT5S",
        // the dead node's tasks and jobs go to the other node after these locks expire
        "--relman.workers.lock-duration=PT5S",
        "--relman.workers.long-poll=PT2S",
        "--relman.workers.concurrency=3",
        "--operaton.bpm.job-execution.lock-time-in-millis=5000",
        "--operaton.bpm.job-execution.wait-time-in-millis=200",
        "--operaton.bpm.job-execution.max-wait=1000",
        // the engine's name for this node in its job log
        "--operaton.bpm.generic-properties.properties.hostname=node-" + (node + 1),
        "--logging.level.org.operaton.bpm.engine.jobexecutor=warn"));
    for (int i = 0; i < ENVIRONMENTS.size(); i++) {
      arguments.add("--relman.environments[" + i + "].name=" + ENVIRONMENTS.get(i));
      arguments.add("--relman.environments[" + i + "].deploy.command=" + deploy);
      arguments.add("--relman.environments[" + i + "].rollback.command=" + deploy);
    }
    return RelmanProcess.start(RelmanProcess.fromBuildOutput(Path.of("target/classes")), arguments,
        Path.of("target", "cluster-kill-it-node-" + (node + 1) + ".log"), ports[node]);
  }

  /** A deploy command that logs "deploymentId releaseId environment" and succeeds. */
  private String script(Path log) throws IOException {
    Path script = temp.resolve("deploy.sh");
    Files.writeString(script, "#!/bin/sh\n"
        + "echo \"$RELMAN_DEPLOYMENT_ID $RELMAN_RELEASE_ID $RELMAN_ENVIRONMENT\" >> '" + log + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script.toString();
  }

  private int node(long releaseId) {
    return firstAlive ? homes.getOrDefault(releaseId, 1) : 1;
  }

  private Api api(int node, String user) {
    return new Api(ports[node], user, Api.hmac(SECRET));
  }

  private long completed() throws SQLException {
    return query("SELECT COUNT(*) FROM releases WHERE status = 'COMPLETED'");
  }

  private long query(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(database, MariaDb.USER, MariaDb.PASSWORD);
        Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }
}
