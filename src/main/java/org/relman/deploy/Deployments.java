package org.relman.deploy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.relman.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class Deployments {

  private static final String COLUMNS = "deployment_id, release_id, environment, action, status, activity_instance_id,"
      + " attempts, started_at, finished_at, exit_code, output, failure_reason";

  private final JdbcTemplate jdbc;

  Deployments(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Deployment> findStep(long releaseId, String environment, DeploymentAction action, String activityInstanceId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM deployments WHERE release_id = ? AND environment = ? AND action = ?"
            + " AND activity_instance_id = ?", this::row, releaseId, environment, action.name(), activityInstanceId)
        .stream().findFirst();
  }

  void insert(Deployment d) {
    jdbc.update("INSERT INTO deployments (deployment_id, release_id, environment, action, status, activity_instance_id,"
            + " attempts, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        d.deploymentId(), d.releaseId(), d.environment(), d.action().name(), d.status().name(), d.activityInstanceId(),
        d.attempts(), Db.param(d.startedAt()));
  }

  /** Another attempt of the same deployment, under the same deployment id. */
  void restart(String deploymentId, int attempts, Instant at) {
    jdbc.update("UPDATE deployments SET status = 'RUNNING', attempts = ?, started_at = ?, finished_at = NULL,"
        + " exit_code = NULL, failure_reason = NULL WHERE deployment_id = ?", attempts, Db.param(at), deploymentId);
  }

  void finish(String deploymentId, DeploymentStatus status, Instant at, Integer exitCode, String output, String failureReason) {
    jdbc.update("UPDATE deployments SET status = ?, finished_at = ?, exit_code = ?, output = ?, failure_reason = ?"
        + " WHERE deployment_id = ?", status.name(), Db.param(at), exitCode, output, failureReason, deploymentId);
  }

  public List<Deployment> list(long releaseId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM deployments WHERE release_id = ? ORDER BY id", this::row, releaseId);
  }

  /** Whether a deployment to this environment has begun; for the production environment that ends cancelling. */
  public boolean started(long releaseId, String environment) {
    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM deployments WHERE release_id = ? AND environment = ?"
        + " AND action = 'DEPLOY'", Integer.class, releaseId, environment);
    return count != null && count > 0;
  }

  private Deployment row(ResultSet rs, int n) throws SQLException {
    return new Deployment(rs.getString("deployment_id"), rs.getLong("release_id"), rs.getString("environment"),
        DeploymentAction.valueOf(rs.getString("action")), DeploymentStatus.valueOf(rs.getString("status")),
        rs.getString("activity_instance_id"), rs.getInt("attempts"), Db.instant(rs, "started_at"),
        Db.instant(rs, "finished_at"), Db.integer(rs, "exit_code"), rs.getString("output"), rs.getString("failure_reason"));
  }
}
