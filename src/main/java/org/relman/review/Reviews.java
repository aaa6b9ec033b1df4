package org.relman.review;

import java.util.Optional;

import org.relman.shared.Db;
import org.relman.task.CompletedTask;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class Reviews {

  private final JdbcTemplate jdbc;

  Reviews(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void add(CompletedTask task) {
    jdbc.update("INSERT INTO reviews (release_id, kind, summary, root_cause, follow_ups, written_by, written_at, task_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        task.releaseId(), task.kind(), task.text("summary"), task.text("rootCause"), task.text("followUps"), task.actor(),
        Db.param(task.at()), task.taskId());
  }

  public Optional<Review> latest(long releaseId) {
    return jdbc.query("SELECT kind, summary, root_cause, follow_ups, written_by, written_at FROM reviews WHERE release_id = ?"
                + " ORDER BY id DESC",
            (rs, n) -> new Review(rs.getString("kind"), rs.getString("summary"), rs.getString("root_cause"),
                rs.getString("follow_ups"), rs.getString("written_by"), Db.instant(rs, "written_at")),
            releaseId)
        .stream().findFirst();
  }
}
