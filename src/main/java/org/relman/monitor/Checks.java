package org.relman.monitor;

import java.util.List;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Every check result, kept for the release view, the evidence and the post-mortem. */
@Repository
public class Checks {

  private final JdbcTemplate jdbc;

  Checks(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void add(List<Check> checks) {
    jdbc.batchUpdate("INSERT INTO checks (release_id, environment, round, name, measured, min_value, max_value, passed,"
            + " detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        checks.stream().map(c -> new Object[] {c.releaseId(), c.environment(), c.round(), c.name(), storable(c.value()),
            c.min(), c.max(), c.passed(), c.detail(), Db.param(c.at())}).toList());
  }

  public List<Check> list(long releaseId) {
    return jdbc.query("SELECT release_id, environment, round, name, measured, min_value, max_value, passed, detail, at"
            + " FROM checks WHERE release_id = ? ORDER BY id",
        (rs, n) -> new Check(rs.getLong("release_id"), rs.getString("environment"), rs.getInt("round"), rs.getString("name"),
            nullable(rs.getDouble("measured"), rs.wasNull()), nullable(rs.getDouble("min_value"), rs.wasNull()),
            nullable(rs.getDouble("max_value"), rs.wasNull()), rs.getBoolean("passed"), rs.getString("detail"),
            Db.instant(rs, "at")),
        releaseId);
  }

  /** Databases store no NaN or infinity: those are kept in the detail text and the value is left out. */
  private static Double storable(Double value) {
    return value == null || value.isNaN() || value.isInfinite() ? null : value;
  }

  private static Double nullable(double value, boolean wasNull) {
    return wasNull ? null : value;
  }
}
