package org.relman.gate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The gates of each release. */
@Repository
public class Gates {

  private static final String COLUMNS = "release_id, name, status, report_seq, consumed_seq, reported_at, summary, url,"
      + " tests_total, tests_failed, coverage";

  private final JdbcTemplate jdbc;

  Gates(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void createFor(long releaseId, List<String> names) {
    jdbc.batchUpdate("INSERT INTO gates (release_id, name, status, report_seq, consumed_seq) VALUES (?, ?, 'PENDING', 0, 0)",
        names.stream().map(n -> new Object[] {releaseId, n}).toList());
  }

  public List<Gate> list(long releaseId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM gates WHERE release_id = ? ORDER BY name", this::row, releaseId);
  }

  public List<String> names(long releaseId) {
    return jdbc.queryForList("SELECT name FROM gates WHERE release_id = ? ORDER BY name", String.class, releaseId);
  }

  Optional<Gate> lock(long releaseId, String name) {
    return jdbc.query("SELECT " + COLUMNS + " FROM gates WHERE release_id = ? AND name = ? FOR UPDATE", this::row, releaseId, name)
        .stream().findFirst();
  }

  /**
   * Stores a report from CI; it replaces the previous one and waits to be consumed by the lifecycle. Counters are
   * computed here, not in SQL: MySQL evaluates SET assignments left to right, H2 against the old row.
   */
  void report(Gate gate, GateStatus status, Instant at, GateReport report) {
    var metrics = report.metrics();
    jdbc.update("UPDATE gates SET status = ?, report_seq = ?, reported_at = ?, summary = ?, url = ?,"
            + " tests_total = ?, tests_failed = ?, coverage = ? WHERE release_id = ? AND name = ?",
        status.name(), gate.reportSeq() + 1, Db.param(at), report.summary(), report.url(),
        metrics == null ? null : metrics.testsTotal(), metrics == null ? null : metrics.testsFailed(),
        metrics == null ? null : metrics.coverage(), gate.releaseId(), gate.name());
  }

  /** The lifecycle acted on the latest report. */
  void consume(Gate gate) {
    jdbc.update("UPDATE gates SET consumed_seq = ? WHERE release_id = ? AND name = ?", gate.reportSeq(), gate.releaseId(), gate.name());
  }

  /** A re-run: the gate waits for CI again. The previous report stays in the audit trail. */
  void reopen(Gate gate) {
    jdbc.update("UPDATE gates SET status = 'PENDING', reported_at = NULL, summary = NULL, url = NULL, tests_total = NULL,"
        + " tests_failed = NULL, coverage = NULL WHERE release_id = ? AND name = ?", gate.releaseId(), gate.name());
  }

  /** No report within the timeout: counts as a report, which the lifecycle then acts on like a failure. */
  void timeOut(Gate gate, Instant at, String summary) {
    jdbc.update("UPDATE gates SET status = 'TIMED_OUT', report_seq = ?, reported_at = ?, summary = ?, url = NULL,"
            + " tests_total = NULL, tests_failed = NULL, coverage = NULL WHERE release_id = ? AND name = ?",
        gate.reportSeq() + 1, Db.param(at), summary, gate.releaseId(), gate.name());
  }

  private Gate row(ResultSet rs, int n) throws SQLException {
    return new Gate(rs.getLong("release_id"), rs.getString("name"), GateStatus.valueOf(rs.getString("status")),
        rs.getInt("report_seq"), rs.getInt("consumed_seq"), Db.instant(rs, "reported_at"), rs.getString("summary"),
        rs.getString("url"), Db.integer(rs, "tests_total"), Db.integer(rs, "tests_failed"), rs.getBigDecimal("coverage"));
  }
}
