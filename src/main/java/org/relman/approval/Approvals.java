package org.relman.approval;

import java.time.Instant;
import java.util.List;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class Approvals {

  private final JdbcTemplate jdbc;

  Approvals(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void add(long releaseId, String kind, String decision, String by, Instant at, String comment, String taskId) {
    jdbc.update("INSERT INTO approvals (release_id, kind, decision, decided_by, decided_at, comment, task_id)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?)", releaseId, kind, decision, by, Db.param(at), comment, taskId);
  }

  /** The latest decision of this kind for the release, if any. */
  public java.util.Optional<Approval> latest(long releaseId, String kind) {
    return jdbc.query("SELECT kind, decision, decided_by, decided_at, comment FROM approvals WHERE release_id = ? AND kind = ?"
            + " ORDER BY id DESC",
        (rs, n) -> new Approval(rs.getString("kind"), rs.getString("decision"), rs.getString("decided_by"),
            Db.instant(rs, "decided_at"), rs.getString("comment")),
        releaseId, kind).stream().findFirst();
  }

  public List<Approval> list(long releaseId) {
    return jdbc.query("SELECT kind, decision, decided_by, decided_at, comment FROM approvals WHERE release_id = ? ORDER BY id",
        (rs, n) -> new Approval(rs.getString("kind"), rs.getString("decision"), rs.getString("decided_by"),
            Db.instant(rs, "decided_at"), rs.getString("comment")),
        releaseId);
  }
}
