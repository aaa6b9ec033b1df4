package org.relman.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.relman.shared.Db;
import org.relman.deploy.DeploymentAction;
import org.relman.deploy.DeploymentFinished;
import org.relman.deploy.DeploymentStatus;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the DORA tables ({@code dora_deployments}, {@code dora_lead_times}, see V8) in the transaction that finishes a
 * production deployment or its rollback, so reading the metrics aggregates small indexed tables. The migration
 * backfills them from older rows by the same rules:
 * <ul>
 *   <li>a finished production deploy (succeeded or failed) is a row; a successful one adds one lead time per commit of
 *       its change set (commit time until the deploy finished);</li>
 *   <li>a successful production rollback marks the deploy rolled back, restored after the time from the failure's
 *       detection (a failed deploy's end, the monitoring breach, else the rollback's start) to the rollback's end;</li>
 *   <li>a successful production deploy of a hotfix blames, per service, the latest earlier production deployment of
 *       that service that succeeded and was not rolled back: it records how long after it the hotfix came. Whether
 *       that counts as a failure (within {@code relman.metrics.failure-window}) is decided when the metrics are read.</li>
 * </ul>
 */
@Component
class DoraHistory {

  private final JdbcTemplate jdbc;

  DoraHistory(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  private record Finished(long pk, Instant startedAt, Instant finishedAt) {}

  private record Row(long pk, Instant finishedAt, boolean succeeded, boolean rolledBack) {}

  @EventListener
  void on(DeploymentFinished event) {
    if (event.status() == DeploymentStatus.RUNNING || !production(event.releaseId(), event.environment())) {
      return;
    }
    Finished finished = jdbc.queryForObject("SELECT id, started_at, finished_at FROM deployments WHERE deployment_id = ?",
        (rs, n) -> new Finished(rs.getLong("id"), Db.instant(rs, "started_at"), Db.instant(rs, "finished_at")),
        event.deploymentId());
    if (finished == null || finished.finishedAt() == null) {
      return;
    }
    if (event.deploymentAction() == DeploymentAction.DEPLOY) {
      deployed(event.releaseId(), event.environment(), finished, event.status() == DeploymentStatus.SUCCEEDED);
    } else if (event.status() == DeploymentStatus.SUCCEEDED) {
      rolledBack(event.releaseId(), event.environment(), finished);
    }
  }

  /** Production is the last environment of the release's promotion path (relman.environments when it was requested). */
  private boolean production(long releaseId, String environment) {
    List<String> last = jdbc.queryForList("SELECT name FROM release_environments WHERE release_id = ?"
        + " ORDER BY position DESC LIMIT 1", String.class, releaseId);
    return !last.isEmpty() && last.get(0).equals(environment);
  }

  private void deployed(long releaseId, String environment, Finished deploy, boolean succeeded) {
    Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM dora_deployments WHERE deployment_pk = ?", Integer.class,
        deploy.pk());
    if (known != null && known > 0) {
      return; // an outcome is recorded once
    }
    boolean hotfix = Boolean.TRUE.equals(jdbc.queryForObject("SELECT hotfix FROM releases WHERE id = ?", Boolean.class,
        releaseId));
    jdbc.update("INSERT INTO dora_deployments (deployment_pk, release_id, environment, finished_at, succeeded, hotfix,"
        + " rolled_back) VALUES (?, ?, ?, ?, ?, ?, ?)", deploy.pk(), releaseId, environment,
        Db.param(deploy.finishedAt()), succeeded, hotfix, false);
    if (!succeeded) {
      return;
    }
    jdbc.update("INSERT INTO dora_lead_times (deployment_pk, position, release_id, deployed_at,"
        + " lead_seconds, lead_hours) SELECT d.deployment_pk, c.position, d.release_id, d.finished_at,"
        + " TIMESTAMPDIFF(SECOND, c.committed_at, d.finished_at),"
        + " FLOOR(TIMESTAMPDIFF(SECOND, c.committed_at, d.finished_at) / 3600.0)"
        + " FROM dora_deployments d JOIN changes c ON c.release_id = d.release_id WHERE d.deployment_pk = ?", deploy.pk());
    if (hotfix) {
      blame(releaseId, deploy);
    }
  }

  /** Per service of the hotfix: the production deployment it came after, which had been healthy until then. */
  private void blame(long hotfixRelease, Finished hotfix) {
    List<String> services = jdbc.queryForList("SELECT service FROM release_services WHERE release_id = ?", String.class,
        hotfixRelease);
    for (String service : services) {
      List<Row> previous = jdbc.query("SELECT d.deployment_pk, d.finished_at, d.succeeded, d.rolled_back"
              + " FROM dora_deployments d JOIN release_services s ON s.release_id = d.release_id"
              + " WHERE s.service = ? AND d.succeeded AND NOT d.rolled_back AND d.finished_at < ?"
              + " ORDER BY d.finished_at DESC, d.deployment_pk DESC LIMIT 1",
          (rs, n) -> new Row(rs.getLong("deployment_pk"), Db.instant(rs, "finished_at"), rs.getBoolean("succeeded"),
              rs.getBoolean("rolled_back")),
          service, Db.param(hotfix.finishedAt()));
      for (Row blamed : previous) {
        jdbc.update("UPDATE dora_deployments SET hotfix_after_seconds = ? WHERE deployment_pk = ?"
                + " AND hotfix_after_seconds IS NULL",
            seconds(blamed.finishedAt(), hotfix.finishedAt()), blamed.pk());
      }
    }
  }

  private void rolledBack(long releaseId, String environment, Finished rollback) {
    List<Row> deploys = jdbc.query("SELECT deployment_pk, finished_at, succeeded, rolled_back FROM dora_deployments"
            + " WHERE release_id = ? AND environment = ? ORDER BY finished_at DESC, deployment_pk DESC LIMIT 1",
        (rs, n) -> new Row(rs.getLong("deployment_pk"), Db.instant(rs, "finished_at"), rs.getBoolean("succeeded"),
            rs.getBoolean("rolled_back")),
        releaseId, environment);
    if (deploys.isEmpty() || deploys.get(0).rolledBack()) {
      return;
    }
    Row deploy = deploys.get(0);
    Instant detected = deploy.succeeded() ? breach(releaseId, environment, rollback.startedAt()) : deploy.finishedAt();
    jdbc.update("UPDATE dora_deployments SET rolled_back = ?, rollback_restore_seconds = ? WHERE deployment_pk = ?",
        true, seconds(detected, rollback.finishedAt()), deploy.pk());
  }

  /** When monitoring found the breach that rolled the environment back; otherwise (verification) the rollback's start. */
  private Instant breach(long releaseId, String environment, Instant rollbackStarted) {
    List<Instant> breached = jdbc.query("SELECT finished_at FROM soaks WHERE release_id = ? AND environment = ?"
        + " AND status = 'BREACHED'", (rs, n) -> Db.instant(rs, "finished_at"), releaseId, environment);
    return breached.isEmpty() || breached.get(0) == null ? rollbackStarted : breached.get(0);
  }

  private static long seconds(Instant from, Instant to) {
    return Duration.between(from, to).getSeconds();
  }
}
