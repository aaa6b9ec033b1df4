package org.relman.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.relman.RelmanProperties;
import org.relman.approval.ApprovalKinds;
import org.relman.deploy.DeploymentAction;
import org.relman.deploy.DeploymentFinished;
import org.relman.deploy.Deployments;
import org.relman.deploy.EnvironmentState;
import org.relman.deploy.EnvironmentStateChanged;
import org.relman.gate.GateReported;
import org.relman.monitor.Soaks;
import org.relman.release.ReleaseStatus;
import org.relman.release.ReleaseStatusChanged;
import org.relman.shared.Db;
import org.relman.task.TaskCompleted;
import org.relman.task.TaskRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * relman's own meters about releases, shown at {@code /actuator/prometheus} (docs/guides/observability.md):
 * <ul>
 *   <li>{@code relman_releases{status}}: how many releases are in each status, from the {@code releases} table, read
 *       at most once per {@code relman.metrics.cache-for} however often Prometheus scrapes;</li>
 *   <li>step durations, recorded when a step ends, from the past-tense events: {@code relman_gate_wait_seconds} (time
 *       in GATING), {@code relman_approval_wait_seconds{kind}} (an approval, go/no-go or freeze exception task from
 *       creation to completion), {@code relman_deploy_duration_seconds{environment,action,status}} and
 *       {@code relman_soak_duration_seconds{environment,outcome}};</li>
 *   <li>counters: {@code relman_rollbacks_total{environment,status}}, {@code relman_gate_reports_total{status}}.</li>
 * </ul>
 * Recorded after the transaction that made the change commits, so a step rolled back and retried counts once; a meter
 * never fails the change it measures.
 */
@Component
class ReleaseMeters {

  private static final Logger log = LoggerFactory.getLogger(ReleaseMeters.class);
  private static final Set<String> DECISIONS = Set.of("go-no-go", "freeze-exception");

  private final MeterRegistry registry;
  private final JdbcTemplate jdbc;
  private final TaskRecords tasks;
  private final Deployments deployments;
  private final Soaks soaks;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration cacheFor;
  private final Timer gateWait;
  private volatile Map<ReleaseStatus, Long> byStatus = new EnumMap<>(ReleaseStatus.class);
  private volatile Instant readAt = Instant.MIN;

  ReleaseMeters(MeterRegistry registry, JdbcTemplate jdbc, TaskRecords tasks, Deployments deployments, Soaks soaks,
      ObjectMapper json, Clock clock, RelmanProperties properties) {
    this.registry = registry;
    this.jdbc = jdbc;
    this.tasks = tasks;
    this.deployments = deployments;
    this.soaks = soaks;
    this.json = json;
    this.clock = clock;
    this.cacheFor = properties.metrics().cacheFor();
    for (ReleaseStatus status : ReleaseStatus.values()) {
      Gauge.builder("relman.releases", this, meters -> meters.count(status))
          .description("Releases in each status").tag("status", status.name()).register(registry);
    }
    gateWait = timer("relman.gate.wait", "How long releases waited for their CI gates (time in GATING)").register(registry);
    for (String kind : approvalKinds()) {
      timer("relman.approval.wait", "How long an approval, go/no-go or freeze exception waited for its decision")
          .tag("kind", kind).register(registry);
    }
    for (String status : List.of("PASSED", "FAILED")) {
      Counter.builder("relman.gate.reports").description("Gate reports CI sent").tag("status", status).register(registry);
    }
    // every environment's series exist from the start, at zero: a dashboard's rate() needs no first event
    for (RelmanProperties.Environment environment : properties.environments()) {
      for (String status : List.of("SUCCEEDED", "FAILED")) {
        for (String action : List.of("deploy", "rollback")) {
          deployTimer(environment.name(), action, status);
        }
        rollbacks(environment.name(), status);
      }
      for (String outcome : List.of("PASSED", "BREACHED")) {
        soakTimer(environment.name(), outcome);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- releases by status

  private double count(ReleaseStatus status) {
    Instant now = clock.instant();
    if (now.isAfter(readAt.plus(cacheFor))) {
      synchronized (this) {
        if (now.isAfter(readAt.plus(cacheFor))) {
          Map<ReleaseStatus, Long> counts = new EnumMap<>(ReleaseStatus.class);
          jdbc.query("SELECT status, COUNT(*) FROM releases GROUP BY status",
              rs -> {
                counts.put(ReleaseStatus.valueOf(rs.getString(1)), rs.getLong(2));
              });
          byStatus = counts;
          readAt = now;
        }
      }
    }
    return byStatus.getOrDefault(status, 0L);
  }

  // ---------------------------------------------------------------------------------------------- steps

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void statusChanged(ReleaseStatusChanged event) {
    safely(event, () -> {
      readAt = Instant.MIN;
      if (event.from() == ReleaseStatus.GATING) {
        enteredAt(event.releaseId(), ReleaseStatus.GATING).ifPresent(entered -> gateWait.record(since(entered)));
      }
    });
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void taskCompleted(TaskCompleted event) {
    safely(event, () -> {
      if (approvalKinds().contains(event.kind())) {
        tasks.find(event.taskId()).ifPresent(task -> registry.timer("relman.approval.wait", "kind", event.kind())
            .record(since(task.createdAt())));
      }
    });
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void deploymentFinished(DeploymentFinished event) {
    safely(event, () -> {
      String action = event.deploymentAction() == DeploymentAction.DEPLOY ? "deploy" : "rollback";
      deployments.find(event.deploymentId()).filter(d -> d.finishedAt() != null).ifPresent(d ->
          deployTimer(event.environment(), action, event.status().name())
              .record(Duration.between(d.startedAt(), d.finishedAt())));
      if (event.deploymentAction() == DeploymentAction.ROLLBACK) {
        rollbacks(event.environment(), event.status().name()).increment();
      }
    });
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void environmentChanged(EnvironmentStateChanged event) {
    safely(event, () -> {
      if (event.from() != EnvironmentState.MONITORING) {
        return;
      }
      soaks.list(event.releaseId()).stream()
          .filter(soak -> soak.environment().equals(event.environment()) && soak.finishedAt() != null)
          .findFirst()
          .ifPresent(soak -> soakTimer(event.environment(), soak.status().name())
              .record(Duration.between(soak.startedAt(), soak.finishedAt())));
    });
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void gateReported(GateReported event) {
    safely(event, () -> registry.counter("relman.gate.reports", "status", event.report().status().name()).increment());
  }

  /** When the release last entered {@code status}: its audit trail, the one place that keeps every status change. */
  private java.util.Optional<Instant> enteredAt(long releaseId, ReleaseStatus status) {
    record Change(Instant at, String details) {}
    List<Change> changes = jdbc.query("SELECT at, details FROM audit_events WHERE release_id = ?"
        + " AND action = 'release.status-changed' ORDER BY seq DESC", (rs, n) -> new Change(Db.instant(rs, "at"),
        rs.getString("details")), releaseId);
    for (Change change : changes) {
      try {
        if (status.name().equals(json.readTree(change.details()).path("to").asText())) {
          return java.util.Optional.of(change.at());
        }
      } catch (java.io.IOException e) {
        // not a status change this code wrote: look further back
      }
    }
    return java.util.Optional.empty();
  }

  private Duration since(Instant start) {
    Duration duration = Duration.between(start, clock.instant());
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  private static Set<String> approvalKinds() {
    Set<String> kinds = new java.util.TreeSet<>(ApprovalKinds.taskKinds());
    kinds.addAll(DECISIONS);
    return kinds;
  }

  private Timer deployTimer(String environment, String action, String status) {
    return Timer.builder("relman.deploy.duration").description("How long deploys and rollbacks took, from start to outcome")
        .tags("environment", environment, "action", action, "status", status).register(registry);
  }

  private Timer soakTimer(String environment, String outcome) {
    return Timer.builder("relman.soak.duration").description("How long soaks watched an environment, by outcome")
        .tags("environment", environment, "outcome", outcome).register(registry);
  }

  private Counter rollbacks(String environment, String status) {
    return Counter.builder("relman.rollbacks").description("Rollbacks that ended, by outcome")
        .tags("environment", environment, "status", status).register(registry);
  }

  /** Timers of waits for people and CI: seconds to days, with buckets for quantiles. */
  static Timer.Builder timer(String name, String description) {
    return Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofDays(7));
  }

  private static void safely(Object event, Runnable record) {
    try {
      record.run();
    } catch (RuntimeException e) {
      log.warn("Could not record the meters of {}: {}", event, e.toString());
    }
  }
}
