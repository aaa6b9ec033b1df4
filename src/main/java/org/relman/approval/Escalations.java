package org.relman.approval;

import java.time.Instant;
import java.util.List;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class Escalations {

  /** An approval that was overdue and escalated. */
  public record Escalation(String kind, String taskId, Instant overdueSince, Instant escalatedAt) {}

  private final JdbcTemplate jdbc;

  Escalations(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void add(long releaseId, String kind, String taskId, Instant overdueSince, Instant at) {
    jdbc.update("INSERT INTO escalations (release_id, kind, task_id, overdue_since, escalated_at) VALUES (?, ?, ?, ?, ?)",
        releaseId, kind, taskId, Db.param(overdueSince), Db.param(at));
  }

  public List<Escalation> list(long releaseId) {
    return jdbc.query("SELECT kind, task_id, overdue_since, escalated_at FROM escalations WHERE release_id = ? ORDER BY id",
        (rs, n) -> new Escalation(rs.getString("kind"), rs.getString("task_id"), Db.instant(rs, "overdue_since"),
            Db.instant(rs, "escalated_at")), releaseId);
  }

  public java.util.Optional<Escalation> ofTask(String taskId) {
    return jdbc.query("SELECT kind, task_id, overdue_since, escalated_at FROM escalations WHERE task_id = ?",
        (rs, n) -> new Escalation(rs.getString("kind"), rs.getString("task_id"), Db.instant(rs, "overdue_since"),
            Db.instant(rs, "escalated_at")), taskId).stream().findFirst();
  }
}
