package org.relman.deploy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class Deployments {

  private static final String COLUMNS = "deployment_id, release_id, environment, action, deployer, status,"
      + " activity_instance_id, attempts, started_at, finished_at, exit_code, output, failure_reason, reason,"
      + " external_task_id, worker_id, callback_deadline, pid, pid_started_at, pid_host";

  private final JdbcTemplate jdbc;

  Deployments(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Deployment> findStep(long releaseId, String environment, DeploymentAction action, String activityInstanceId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM deployments WHERE release_id = ? AND environment = ? AND action = ?"
            + " AND activity_instance_id = ?", this::row, releaseId, environment, action.name(), activityInstanceId)
        .stream().findFirst();
  }

  public Optional<Deployment> find(String deploymentId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM deployments WHERE deployment_id = ?", this::row, deploymentId)
        .stream().findFirst();
  }

  void insert(Deployment d) {
    jdbc.update("INSERT INTO deployments (deployment_id, release_id, environment, action, deployer, status,"
            + " activity_instance_id, attempts, started_at, reason, external_task_id, worker_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        d.deploymentId(), d.releaseId(), d.environment(), d.action().name(), d.deployer().name(), d.status().name(),
        d.activityInstanceId(), d.attempts(), Db.param(d.startedAt()), d.reason(), d.externalTaskId(), d.workerId());
    // what runs where reads deployments by environment and service (RunningVersions)
    jdbc.update("INSERT INTO deployment_services (deployment_pk, environment, service) SELECT d.id, d.environment,"
        + " s.service FROM deployments d JOIN release_services s ON s.release_id = d.release_id WHERE d.deployment_id = ?",
        d.deploymentId());
  }

  /** Another attempt of the same deployment, under the same deployment id, by the worker now holding the task. */
  /**
   * Another attempt of a failed rollback, under the same deployment id. It keeps its first start: how long restoring
   * the environment took (time to restore) counts from the first attempt, not the last.
   */
  void restart(String deploymentId, int attempts, String externalTaskId, String workerId) {
    jdbc.update("UPDATE deployments SET status = 'RUNNING', attempts = ?, finished_at = NULL,"
            + " exit_code = NULL, failure_reason = NULL, callback_deadline = NULL, external_task_id = ?, worker_id = ?"
            + " WHERE deployment_id = ?",
        attempts, externalTaskId, workerId, deploymentId);
  }

  /** The task of a deployment waiting for its callback is now held by another worker (a redelivery). */
  void heldBy(String deploymentId, String externalTaskId, String workerId) {
    jdbc.update("UPDATE deployments SET external_task_id = ?, worker_id = ? WHERE deployment_id = ?",
        externalTaskId, workerId, deploymentId);
  }

  void awaitCallbackUntil(String deploymentId, Instant deadline) {
    jdbc.update("UPDATE deployments SET callback_deadline = ? WHERE deployment_id = ?", Db.param(deadline), deploymentId);
  }

  void processStarted(String deploymentId, long pid, Instant startedAt, String host) {
    jdbc.update("UPDATE deployments SET pid = ?, pid_started_at = ?, pid_host = ? WHERE deployment_id = ?",
        pid, Db.param(startedAt), host, deploymentId);
  }

  void finish(String deploymentId, DeploymentStatus status, Instant at, Integer exitCode, String output, String failureReason) {
    jdbc.update("UPDATE deployments SET status = ?, finished_at = ?, exit_code = ?, output = ?, failure_reason = ?"
        + " WHERE deployment_id = ?", status.name(), Db.param(at), exitCode, output, failureReason, deploymentId);
  }

  public List<Deployment> list(long releaseId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM deployments WHERE release_id = ? ORDER BY id", this::row, releaseId);
  }

  /** A deployment whose output is cut to an excerpt by the database, and the length of the whole output. */
  public record Excerpted(Deployment deployment, int outputLength) {}

  /**
   * The release's deployments with at most {@code limit} characters of each output (the first quarter and the last
   * three quarters, as {@code excerpt} cuts them), read as such from the database: a page showing a release never
   * loads whole outputs, however long they are. The whole output: {@link #find}.
   */
  public List<Excerpted> listWithExcerpts(long releaseId, int limit) {
    int head = limit / 4;
    int tail = limit - head;
    String columns = COLUMNS.replace(" output,", "");
    return jdbc.query("SELECT " + columns + ", CHAR_LENGTH(output) AS output_length,"
            + " CASE WHEN CHAR_LENGTH(output) <= ? THEN output END AS output_whole,"
            + " CASE WHEN CHAR_LENGTH(output) > ? THEN SUBSTRING(output, 1, ?) END AS output_head,"
            + " CASE WHEN CHAR_LENGTH(output) > ? THEN SUBSTRING(output, CHAR_LENGTH(output) - ? + 1) END AS output_tail"
            + " FROM deployments WHERE release_id = ? ORDER BY id",
        (rs, n) -> {
          int length = rs.getInt("output_length");
          String whole = rs.getString("output_whole");
          String output = whole != null || rs.getString("output_head") == null ? whole
              : rs.getString("output_head") + "\n[... " + (length - head - tail) + " characters omitted ...]\n"
                  + rs.getString("output_tail");
          return new Excerpted(row(rs, output), length);
        }, limit, limit, head, limit, tail, releaseId);
  }

  /** Whether a deployment to this environment has begun; for the production environment that ends cancelling. */
  public boolean started(long releaseId, String environment) {
    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM deployments WHERE release_id = ? AND environment = ?"
        + " AND action = 'DEPLOY'", Integer.class, releaseId, environment);
    return count != null && count > 0;
  }

  private Deployment row(ResultSet rs, int n) throws SQLException {
    return row(rs, rs.getString("output"));
  }

  private Deployment row(ResultSet rs, String output) throws SQLException {
    long pid = rs.getLong("pid");
    Long pidOrNull = rs.wasNull() ? null : pid;
    return new Deployment(rs.getString("deployment_id"), rs.getLong("release_id"), rs.getString("environment"),
        DeploymentAction.valueOf(rs.getString("action")), Deployment.Deployer.valueOf(rs.getString("deployer")),
        DeploymentStatus.valueOf(rs.getString("status")), rs.getString("activity_instance_id"), rs.getInt("attempts"),
        Db.instant(rs, "started_at"), Db.instant(rs, "finished_at"), Db.integer(rs, "exit_code"), output,
        rs.getString("failure_reason"), rs.getString("reason"), rs.getString("external_task_id"),
        rs.getString("worker_id"), Db.instant(rs, "callback_deadline"), pidOrNull, Db.instant(rs, "pid_started_at"),
        rs.getString("pid_host"));
  }
}
