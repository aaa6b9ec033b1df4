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
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.support.DependencyInjectionTestExecutionListener;
import org.springframework.test.context.support.DirtiesContextBeforeModesTestExecutionListener;
import org.springframework.test.context.support.DirtiesContextTestExecutionListener;

/**
 * The whole application on an in-memory H2 database (migrations included), served on a random port, with the job
 * executor and the REST workers off: tests deliver external tasks with {@link WorkerDriver} and fire timers
 * themselves, so every path is deterministic. One Spring context per lane ({@link Lanes}) is shared by all tests
 * that extend this class; each test works on releases of its own.
 *
 * <p>Only the test listeners these tests use: the defaults include three that look at every bean of the context before
 * and after each test for mocks to reset (none here has a mocked bean), a few percent of the whole run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestExecutionListeners(listeners = {DirtiesContextBeforeModesTestExecutionListener.class,
    DependencyInjectionTestExecutionListener.class, DirtiesContextTestExecutionListener.class, Lanes.Release.class},
    mergeMode = TestExecutionListeners.MergeMode.REPLACE_DEFAULTS)
public abstract class RelmanTestBase {

  private static final AtomicInteger VERSIONS = new AtomicInteger();
  /** Per lane, as each lane has a database of its own: one counter for all would run into the future. */
  private static final java.util.concurrent.atomic.AtomicIntegerArray STARTS =
      new java.util.concurrent.atomic.AtomicIntegerArray(Lanes.count());
  private static final AtomicInteger SERVICES = new AtomicInteger();

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
  @Autowired
  protected org.operaton.bpm.engine.IdentityService identityService;

  @Autowired
  protected org.operaton.bpm.engine.ProcessEngine engine;

  @TempDir
  protected Path temp;

  /**
   * Runs identity changes as an operator ({@code admin}, {@code operaton-admin}): once relman has started, nobody
   * changes users or groups anonymously.
   */
  protected void asOperator(Runnable change) {
    identityService.setAuthentication("admin", List.of("operaton-admin"));
    try {
      change.run();
    } finally {
      identityService.clearAuthentication();
    }
  }

  /** The API as {@code user} (password = user name, the demo users). */
  protected Api api(String user) {
    return new Api(port, user, signatures);
  }

  protected WorkerDriver workers() {
    return new WorkerDriver(externalTasks, workerBeans, management);
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
    // services of their own: the risk policy looks at other releases of the same services (calendar conflicts,
    // change-failure rate), which other tests' releases must not influence
    int services = SERVICES.incrementAndGet();
    body.put("services", List.of("payments-" + services, "ledger-" + services));
    body.put("plannedStart", plannedStart.toString());
    body.put("repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main"));
    body.put("rollbackPlan", "redeploy v1");
    return body;
  }

  /** Requests a release as {@code user}, planned to start in the past (so it deploys as soon as it is approved). */
  protected long requestRelease(String user, String version, GitFixture repo) {
    return requestRelease(user, releaseRequest(version, repo, pastStart()));
  }

  /**
   * A planned start in the past that no other test's release uses: a weekday at 10:00 UTC (inside the default
   * business hours). Releases of the same services in one window would be calendar conflicts, which the risk policy
   * counts, and the tests share one database.
   */
  protected static Instant pastStart() {
    int n = STARTS.incrementAndGet(Lanes.current());
    java.time.LocalDate day = java.time.LocalDate.of(2024, 1, 1).plusWeeks(n / 5).plusDays(n % 5);
    return day.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
  }

  /**
   * A planned start at least {@code days} from now on a weekday at 10:00 UTC, inside the default business hours, so
   * the risk policy does not ask the change board for a deployment outside them.
   */
  protected static Instant futureStart(int days) {
    java.time.LocalDate day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(days);
    while (day.getDayOfWeek().getValue() > 5) {
      day = day.plusDays(1);
    }
    return day.atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
  }

  /** A release requested by {@code requester}, collected, both gates passed: LOW risk, at its go/no-go. */
  protected long atGoNoGo(String requester) {
    long id = requestRelease(requester, version("2026.12"), repository(1));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    return id;
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

  /**
   * The release's status as stored, which is what the view answers (read from the table: the tests ask for it hundreds
   * of times, and the whole view costs several engine queries each time; the view itself is tested on its own).
   */
  protected String status(long id) {
    return jdbc.queryForObject("SELECT status FROM releases WHERE id = ?", String.class, id);
  }

  /** The release's services as the deploy script gets them: comma-separated. */
  protected String services(long id) {
    List<String> services = new java.util.ArrayList<>();
    release(id).get("services").forEach(service -> services.add(service.asText()));
    return String.join(",", services);
  }

  protected String processInstanceId(long id) {
    return jdbc.queryForObject("SELECT process_instance_id FROM releases WHERE id = ?", String.class, id);
  }

  /**
   * The running process instances of the release: its lifecycle and the processes it called (gates, promotion), which
   * carry the release's id as their business key too.
   */
  protected List<String> processInstanceIds(long id) {
    return runtime.createProcessInstanceQuery().processInstanceBusinessKey(String.valueOf(id)).list().stream()
        .map(org.operaton.bpm.engine.runtime.ProcessInstance::getId).toList();
  }

  /** The release's jobs, in its lifecycle and the processes it called, that the filter keeps. */
  protected List<Job> jobs(long id, java.util.function.UnaryOperator<org.operaton.bpm.engine.runtime.JobQuery> filter) {
    List<Job> jobs = new java.util.ArrayList<>();
    for (String instance : processInstanceIds(id)) {
      jobs.addAll(filter.apply(management.createJobQuery().processInstanceId(instance)).list());
    }
    return jobs;
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
    List<Job> due = jobs(id, jobs -> jobs.timers().duedateLowerThan(new java.util.Date(System.currentTimeMillis() + 1000)));
    due.forEach(job -> management.executeJob(job.getId()));
    AsyncContinuations.runAll(management);
    return due.size();
  }

  /** The release's timer jobs, due or not. */
  protected List<Job> timers(long id) {
    return jobs(id, jobs -> jobs.timers());
  }

  protected long count(String table) {
    Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    return count == null ? 0 : count;
  }

  protected List<String> auditActions(long id) {
    return jdbc.queryForList("SELECT action FROM audit_events WHERE release_id = ? ORDER BY seq", String.class, id);
  }
}
