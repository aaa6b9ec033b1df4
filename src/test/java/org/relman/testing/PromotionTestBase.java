package org.relman.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.operaton.bpm.engine.runtime.Job;
import org.relman.shared.Db;
import org.relman.process.WorkResult;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application with a promotion path that is watched: staging deploys with the demo script (a real shell command)
 * and production through a signed webhook to {@link FakeDeployTarget}; both are verified on a health URL and soaked
 * against {@link FakePrometheus}. relman's clock is a {@link MutableClock}: tests move it by the check interval
 * before they fire the "Wait for next check" timer, and past a callback deadline, instead of waiting.
 *
 * <p>This is the one Spring context besides the default one: every class extending this base shares it (same
 * properties, same imports). It has a database and an engine name of its own, so the two contexts cannot see each
 * other's releases or replace each other's engine in the engine registry. The fakes are started once per JVM; each
 * test gets them reset, with healthy answers for both environments, and programs what its release should see: so two
 * classes on this base never run at once (the resource lock), even in different lanes.
 */
@Import(PromotionTestBase.RelmansClock.class)
@org.junit.jupiter.api.parallel.ResourceLock("promotion fakes")
public abstract class PromotionTestBase extends RelmanTestBase {

  protected static final FakePrometheus PROMETHEUS = FakePrometheus.start();
  protected static final FakeDeployTarget TARGET = FakeDeployTarget.start();

  /** The webhook secret of the test profile: what a deploy target would be configured with. */
  protected static final String SECRET = "test-secret";
  protected static final Duration INTERVAL = Duration.ofSeconds(30);
  protected static final Duration WINDOW = Duration.ofMinutes(2);
  protected static final int FAILURE_LIMIT = 2;
  protected static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(1);
  protected static final Duration WEBHOOK_TIMEOUT = Duration.ofMinutes(10);
  /** Healthy rounds of a soak: one at its start, one per interval until the window is over. */
  protected static final int HEALTHY_ROUNDS = (int) (WINDOW.toSeconds() / INTERVAL.toSeconds()) + 1;

  protected static final String DEPLOY_PATH = "/deploy";
  protected static final String ROLLBACK_PATH = "/rollback";

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestConfiguration(proxyBeanMethods = false)
  static class RelmansClock {
    @Bean
    @Primary
    MutableClock mutableClock() {
      return new MutableClock();
    }
  }

  @DynamicPropertySource
  static void promotionPath(DynamicPropertyRegistry registry) {
    // a base that builds on this one names its own database and engine with test.relman.context: its dynamic
    // properties cannot replace these, which Spring registers after the subclass's
    registry.add("spring.datasource.url",
        () -> "jdbc:h2:mem:relman-${test.relman.context:promotion}-${relman.test.lane:0}"
            + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=512");
    registry.add("operaton.bpm.process-engine-name", () -> "${test.relman.context:promotion}");
    String demo = "RELMAN_DEMO_DELAY=0 RELMAN_DEMO_TARGETS=target/test-targets-promotion-${relman.test.lane:0} ./scripts/demo-deploy.sh";
    String staging = "relman.environments[0].";
    registry.add(staging + "name", () -> "staging");
    registry.add(staging + "deploy.command", () -> demo);
    registry.add(staging + "deploy.timeout", () -> "PT30S");
    registry.add(staging + "rollback.command", () -> demo);
    monitoring(registry, staging, "staging");
    String production = "relman.environments[1].";
    registry.add(production + "name", () -> "production");
    registry.add(production + "deploy.webhook.url", () -> TARGET.url(DEPLOY_PATH));
    registry.add(production + "deploy.webhook.timeout", WEBHOOK_TIMEOUT::toString);
    registry.add(production + "rollback.webhook.url", () -> TARGET.url(ROLLBACK_PATH));
    registry.add(production + "rollback.webhook.timeout", WEBHOOK_TIMEOUT::toString);
    monitoring(registry, production, "production");
  }

  private static void monitoring(DynamicPropertyRegistry registry, String environment, String name) {
    String monitoring = environment + "monitoring.";
    registry.add(monitoring + "prometheus-url", PROMETHEUS::url);
    registry.add(monitoring + "queries[0].name", () -> "error-rate");
    registry.add(monitoring + "queries[0].query", () -> errorRate(name));
    registry.add(monitoring + "queries[0].max", () -> "0.02");
    registry.add(monitoring + "queries[1].name", () -> "throughput");
    registry.add(monitoring + "queries[1].query", () -> throughput(name));
    registry.add(monitoring + "queries[1].min", () -> "1");
    registry.add(monitoring + "health-url", () -> PROMETHEUS.healthUrl(name));
    registry.add(monitoring + "interval", INTERVAL::toString);
    registry.add(monitoring + "window", WINDOW::toString);
    registry.add(monitoring + "failure-limit", () -> String.valueOf(FAILURE_LIMIT));
    registry.add(monitoring + "verify-timeout", VERIFY_TIMEOUT::toString);
  }

  /** The error-rate query of an environment (max 0.02): each environment has its own query text. */
  protected static String errorRate(String environment) {
    return "sum(rate(http_server_errors_total{env=\"" + environment + "\"}[5m]))"
        + " / sum(rate(http_server_requests_total{env=\"" + environment + "\"}[5m]))";
  }

  /** The throughput query of an environment (min 1 request per second). */
  protected static String throughput(String environment) {
    return "sum(rate(http_server_requests_total{env=\"" + environment + "\"}[1m]))";
  }

  @Autowired
  protected MutableClock clock;

  /** relman's time when the test began. */
  protected Instant testStarted;

  @BeforeEach
  void resetFakes() {
    PROMETHEUS.reset();
    TARGET.reset();
    healthy("staging");
    healthy("production");
    testStarted = clock.instant().minusMillis(5);
  }

  /** Prometheus and the health URL say all is well in {@code environment}. */
  protected void healthy(String environment) {
    PROMETHEUS.answer(errorRate(environment), FakePrometheus.vector(0.004, 0.001));
    PROMETHEUS.answer(throughput(environment), FakePrometheus.vector(12.5));
    PROMETHEUS.health(environment, 200);
  }

  // ------------------------------------------------------------------------------------------------ signed calls

  /** A signed delivery timestamped with relman's clock (which tests move ahead of the wall clock). */
  protected Api.Response signedPost(String path, String json) {
    return api(null).signedPost(path, json, clock.epochSecond());
  }

  @Override
  protected Api.Response reportGate(long id, String gate, String status) {
    return signedPost("/api/releases/" + id + "/gates/" + gate, "{\"status\":\"" + status + "\",\"summary\":\"" + gate
        + " " + status.toLowerCase() + "\",\"url\":\"https://ci.example/" + gate + "\"}");
  }

  /** The target reports the outcome of {@code request} on relman's callback, signed now (relman's time). */
  protected Api.Response callBack(FakeDeployTarget.Request request, String status, String details) {
    return FakeDeployTarget.callBack(api(null), request, status, details, clock.epochSecond());
  }

  protected static String callbackPath(long id, String environment) {
    return "/api/releases/" + id + "/deployments/" + environment;
  }

  protected static String callbackBody(String deploymentId, String status, String details) {
    try {
      var body = new java.util.LinkedHashMap<String, Object>();
      body.put("deploymentId", deploymentId);
      body.put("status", status);
      body.put("details", details);
      return JSON.writeValueAsString(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------------------------------------ driving a release

  /** A release of its own, through gates and go/no-go, at its first step: deploy to staging. */
  protected long deploying(String version) {
    long id = requestRelease("erin", version, repository(2));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates green, rollback plan ready"));
    assertThat(fireDueTimers(id)).isEqualTo(1);
    assertThat(status(id)).isEqualTo("DEPLOYING");
    return id;
  }

  /** One round of checks; answers the worker's soakResult (CONTINUE, PASSED, BREACHED). */
  protected String soakRound(long id) {
    WorkResult result = workers().run("check-environment", id);
    assertThat(result).as("check-environment of release %s", id).isInstanceOf(WorkResult.Completed.class);
    return (String) ((WorkResult.Completed) result).variables().get("soakResult");
  }

  /** The release's "Wait for next check" timer, which must be the only one waiting. */
  protected Job nextCheckTimer(long id) {
    List<Job> waiting = jobs(id, jobs -> jobs.activityId("wait-for-next-check"));
    assertThat(waiting).as("'Wait for next check' timers of release %s", id).hasSize(1);
    return waiting.get(0);
  }

  /** One interval passes: relman's clock moves on and the "Wait for next check" timer fires. */
  protected void nextCheck(long id) {
    Job timer = nextCheckTimer(id);
    clock.advance(INTERVAL);
    management.executeJob(timer.getId());
  }

  /**
   * Rounds of checks, one interval apart, until the soak ends (at most {@code limit} rounds); returns each round's
   * soakResult.
   */
  protected List<String> soak(long id, int limit) {
    List<String> results = new ArrayList<>();
    for (int round = 1; round <= limit; round++) {
      if (round > 1) {
        nextCheck(id);
      }
      String result = soakRound(id);
      results.add(result);
      if (!"CONTINUE".equals(result)) {
        break;
      }
    }
    return results;
  }

  /** Deploys staging with the demo script, verifies it and soaks it healthy through the window. */
  protected void promoteStaging(long id) {
    assertThat(workers().run("deploy-release", id)).isInstanceOf(WorkResult.Completed.class);
    assertThat(workers().run("verify-deployment", id)).isInstanceOf(WorkResult.Completed.class);
    List<String> rounds = soak(id, HEALTHY_ROUNDS + 1);
    assertThat(rounds).as("staging soak").endsWith("PASSED").hasSize(HEALTHY_ROUNDS);
    assertThat(environmentState(id, "staging")).isEqualTo("PROMOTED");
  }

  /** Runs the production deploy: relman sends the webhook and waits; returns the request the target received. */
  protected FakeDeployTarget.Request sendProductionDeploy(long id) {
    int before = TARGET.requests(DEPLOY_PATH).size();
    WorkResult sent = workers().run("deploy-release", id);
    assertThat(sent).as("production deploy waits for its callback").isInstanceOf(WorkResult.Pending.class);
    List<FakeDeployTarget.Request> received = TARGET.requests(DEPLOY_PATH);
    assertThat(received).hasSize(before + 1);
    return received.get(received.size() - 1);
  }

  // ------------------------------------------------------------------------------------------------ reading the result

  protected String environmentState(long id, String environment) {
    return environmentView(id, environment).path("state").asText();
  }

  protected JsonNode environmentView(long id, String environment) {
    for (JsonNode view : release(id).path("environments")) {
      if (environment.equals(view.path("name").asText())) {
        return view;
      }
    }
    throw new AssertionError("release " + id + " has no environment " + environment);
  }

  /** The release's deployments in the view, in order. */
  protected List<JsonNode> deployments(long id) {
    List<JsonNode> list = new ArrayList<>();
    release(id).path("deployments").forEach(list::add);
    return list;
  }

  /** The release's checks in the view for one environment, in order. */
  protected List<JsonNode> checks(long id, String environment) {
    List<JsonNode> list = new ArrayList<>();
    release(id).path("checks").forEach(check -> {
      if (environment.equals(check.path("environment").asText())) {
        list.add(check);
      }
    });
    return list;
  }

  /** The details of the release's audit events with this action, in order. */
  protected List<JsonNode> auditDetails(long id, String action) {
    List<JsonNode> details = new ArrayList<>();
    for (String text : jdbc.queryForList("SELECT details FROM audit_events WHERE release_id = ? AND action = ?"
        + " ORDER BY seq", String.class, id, action)) {
      try {
        details.add(JSON.readTree(text));
      } catch (java.io.IOException e) {
        throw new AssertionError("audit details are not JSON: " + text, e);
      }
    }
    return details;
  }

  /** Webhook deliveries relman remembered since this test began (relman's time). */
  protected long deliveriesSinceStart() {
    Long count = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_deliveries WHERE received_at >= ?", Long.class,
        Db.param(testStarted));
    return count == null ? 0 : count;
  }
}
