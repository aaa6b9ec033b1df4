package org.relman.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class Soaks {

  private static final String COLUMNS = "release_id, environment, status, started_at, ends_at, rounds,"
      + " consecutive_breaches, reason, finished_at";

  private final JdbcTemplate jdbc;

  Soaks(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Soak> lock(long releaseId, String environment) {
    return jdbc.query("SELECT " + COLUMNS + " FROM soaks WHERE release_id = ? AND environment = ? FOR UPDATE",
        (rs, n) -> row(rs), releaseId, environment).stream().findFirst();
  }

  public List<Soak> list(long releaseId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM soaks WHERE release_id = ? ORDER BY started_at", (rs, n) -> row(rs),
        releaseId);
  }

  Soak start(long releaseId, String environment, Instant at, Instant endsAt) {
    jdbc.update("INSERT INTO soaks (release_id, environment, status, started_at, ends_at, rounds, consecutive_breaches)"
        + " VALUES (?, ?, 'RUNNING', ?, ?, 0, 0)", releaseId, environment, Db.param(at), Db.param(endsAt));
    return lock(releaseId, environment).orElseThrow();
  }

  void counted(Soak soak, int rounds, int consecutiveBreaches) {
    jdbc.update("UPDATE soaks SET rounds = ?, consecutive_breaches = ? WHERE release_id = ? AND environment = ?",
        rounds, consecutiveBreaches, soak.releaseId(), soak.environment());
  }

  void finish(Soak soak, Soak.Status status, int rounds, int consecutiveBreaches, String reason, Instant at) {
    jdbc.update("UPDATE soaks SET status = ?, rounds = ?, consecutive_breaches = ?, reason = ?, finished_at = ?"
            + " WHERE release_id = ? AND environment = ?",
        status.name(), rounds, consecutiveBreaches, reason, Db.param(at), soak.releaseId(), soak.environment());
  }

  private static Soak row(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Soak(rs.getLong("release_id"), rs.getString("environment"), Soak.Status.valueOf(rs.getString("status")),
        Db.instant(rs, "started_at"), Db.instant(rs, "ends_at"), rs.getInt("rounds"), rs.getInt("consecutive_breaches"),
        rs.getString("reason"), Db.instant(rs, "finished_at"));
  }
}
