package org.relman.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.operaton.bpm.engine.ExternalTaskService;
import org.operaton.bpm.engine.HistoryService;
import org.operaton.bpm.engine.ManagementService;
import org.operaton.bpm.engine.RuntimeService;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.runtime.Job;
import org.operaton.bpm.engine.task.Task;
import org.relman.process.Worker;
import org.relman.security.WebhookSignatures;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on an in-memory H2 database (migrations included), served on a random port, with the job
 * executor and the REST workers off: tests deliver external tasks with {@link WorkerDriver} and fire timers
 * themselves, so every path is deterministic. One Spring context is shared by all tests that extend this class;
 * each test works on releases of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class RelmanTestBase {

  private static final AtomicInteger VERSIONS = new AtomicInteger();

  @LocalServerPort
  protected int port;
  @Autowired
  protected RuntimeService runtime;
  @Autowired
  protected HistoryService history;
  @Autowired
  protected TaskService taskService;
  @Autowired
  protected ManagementService management;
  @Autowired
  protected ExternalTaskService externalTasks;
  @Autowired
  protected JdbcTemplate jdbc;
  @Autowired
  protected WebhookSignatures signatures;
  @Autowired
  protected List<Worker> workerBeans;

  @TempDir
  protected Path temp;

  /** The API as {@code user} (password = user name, the demo users). */
  protected Api api(String user) {
    return new Api(port, user, signatures);
  }

  protected WorkerDriver workers() {
    return new WorkerDriver(externalTasks, workerBeans);
  }

  /** A version no other test uses. */
  protected static String version(String prefix) {
    return prefix + "." + VERSIONS.incrementAndGet() + "." + (System.nanoTime() % 100000);
  }

  protected GitFixture repository(int changes) {
    return GitFixture.withChanges(temp.resolve("repo-" + VERSIONS.incrementAndGet()), changes);
  }

  protected Map<String, Object> releaseRequest(String version, GitFixture repo, Instant plannedStart) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", version);
    body.put("name", "Payments " + version);
    body.put("services", List.of("payments", "ledger"));
    body.put("plannedStart", plannedStart.toString());
    body.put("repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main"));
    body.put("rollbackPlan", "redeploy v1");
    return body;
  }

  /** Requests a release as {@code user}, planned to start in the past (so it deploys as soon as it is approved). */
  protected long requestRelease(String user, String version, GitFixture repo) {
    return requestRelease(user, releaseRequest(version, repo, Instant.parse("2026-01-01T10:00:00Z")));
  }

  protected long requestRelease(String user, Map<String, Object> body) {
    Api.Response response = api(user).post("/api/releases", body);
    assertThat(response.status()).as("create release: %s", response).isEqualTo(201);
    return response.json().get("id").asLong();
  }

  protected JsonNode release(long id) {
    Api.Response response = api("frank").get("/api/releases/" + id);
    assertThat(response.status()).as("get release: %s", response).isEqualTo(200);
    return response.json();
  }

  protected String status(long id) {
    return release(id).get("status").asText();
  }

  protected String processInstanceId(long id) {
    return release(id).get("process").get("instanceId").asText();
  }

  protected ProcessAssert process(long id) {
    return new ProcessAssert(history, runtime, processInstanceId(id));
  }

  protected Api.Response reportGate(long id, String gate, String status) {
    return api(null).signedPost("/api/releases/" + id + "/gates/" + gate,
        "{\"status\":\"" + status + "\",\"summary\":\"" + gate + " " + status.toLowerCase() + "\",\"url\":\"https://ci.example/" + gate + "\"}");
  }

  /** The open task of this kind of the release. */
  protected Task task(long id, String kind) {
    List<Task> tasks = taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id))
        .taskDefinitionKey(kind).list();
    assertThat(tasks).as("open %s tasks of release %s", kind, id).hasSize(1);
    return tasks.get(0);
  }

  protected Api.Response complete(String user, String taskId, Map<String, Object> variables) {
    return api(user).post("/api/tasks/" + taskId + "/complete", Map.of("variables", variables));
  }

  protected void completeOk(String user, long id, String kind, Map<String, Object> variables) {
    Api.Response response = complete(user, task(id, kind).getId(), variables);
    assertThat(response.status()).as("complete %s: %s", kind, response).isEqualTo(204);
  }

  /**
   * Ships the release to its next environment as the test profile configures them: deploy (the demo script), verify
   * (no health URL) and one round of checks (nothing to watch), so the environment is promoted.
   */
  protected void shipToNextEnvironment(long id) {
    workers().run("deploy-release", id);
    workers().run("verify-deployment", id);
    workers().run("check-environment", id);
  }

  /** Fires the release's timers that are due (a planned start in the past, say). */
  protected int fireDueTimers(long id) {
    List<Job> due = management.createJobQuery().processInstanceId(processInstanceId(id)).timers().duedateLowerThan(
        new java.util.Date(System.currentTimeMillis() + 1000)).list();
    due.forEach(job -> management.executeJob(job.getId()));
    return due.size();
  }

  /** The release's timer jobs, due or not. */
  protected List<Job> timers(long id) {
    return management.createJobQuery().processInstanceId(processInstanceId(id)).timers().list();
  }

  protected long count(String table) {
    Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    return count == null ? 0 : count;
  }

  protected List<String> auditActions(long id) {
    return jdbc.queryForList("SELECT action FROM audit_events WHERE release_id = ? ORDER BY seq", String.class, id);
  }
}
