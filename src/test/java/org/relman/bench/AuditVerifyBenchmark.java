package org.relman.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.relman.shared.Db;
import org.relman.audit.AuditChain;
import org.relman.audit.AuditVerifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * How fast {@code GET /api/audit/verify} walks a long chain on MariaDB/MySQL, and how much heap it needs: fills a
 * database of its own with correctly chained events (once; a second run reuses them), then verifies the whole chain and
 * reports time, events per second and the peak heap used during verification. Run by {@code bench/audit-verify.sh}
 * with a small heap ({@code -Xmx64m}): the chain is far bigger than the heap, so finishing proves that verification
 * streams. Mode {@code single-query} walks the chain the way relman did before (one query, Connector/J's default
 * fully buffered result set) for comparison.
 *
 * <p>Arguments: {@code [events] [paged|single-query]}; environment: RELMAN_BENCH_DB (database, default
 * relman_audit_bench), RELMAN_TEST_DB_HOST / _PORT / _USER / _PASSWORD (as the *IT tests).
 */
public final class AuditVerifyBenchmark {

  private static final int BATCH = 5_000;

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
    String mode = args.length > 1 ? args[1] : "paged";
    String database = env("RELMAN_BENCH_DB", "relman_audit_bench");
    String server = "jdbc:mysql://" + env("RELMAN_TEST_DB_HOST", "127.0.0.1") + ":" + env("RELMAN_TEST_DB_PORT", "3306") + "/";
    String options = "?allowPublicKeyRetrieval=true&useSSL=false&rewriteBatchedStatements=true"
        + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
    String user = env("RELMAN_TEST_DB_USER", "root");
    String password = env("RELMAN_TEST_DB_PASSWORD", "");

    DriverManagerDataSource dataSource = new DriverManagerDataSource(server + database + options, user, password);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    long stored = stored(server + options, database, user, password, jdbc);
    if (stored != events) {
      fresh(server + options, database, user, password);
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/mysql").load().migrate();
      long start = System.nanoTime();
      fill(dataSource, events);
      System.out.printf("filled %s with %,d chained events in %.1f s%n", database, events, seconds(start));
    } else {
      System.out.printf("reusing %,d events in %s%n", events, database);
    }

    // one connection, as relman's pool lends one to a request
    JdbcTemplate verifying = new JdbcTemplate(new SingleConnectionDataSource(server + database + options, user, password, true));
    verifying.queryForObject("SELECT COUNT(*) FROM audit_head", Long.class);
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long start = System.nanoTime();
    String result;
    try {
      result = mode.equals("single-query") ? singleQuery(verifying) : new AuditVerifier(verifying, 1000).verify().toString();
    } catch (OutOfMemoryError | org.springframework.dao.DataAccessException e) {
      // Connector/J wraps an OutOfMemoryError while it buffers a result set in an SQLException
      result = "FAILED: " + org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e);
    }
    double elapsed = seconds(start);
    long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.printf("mode %s, max heap %d MB: %s%n", mode, Runtime.getRuntime().maxMemory() / (1 << 20), result);
    if (result.startsWith("FAILED")) {
      System.out.printf("failed after %.1f s; peak heap used %.1f MB%n", elapsed, peak / (1024.0 * 1024.0));
    } else {
      System.out.printf("verified %,d events in %.1f s = %,.0f events/s; peak heap used %.1f MB (sum of heap pool peaks)%n",
          events, elapsed, events / elapsed, peak / (1024.0 * 1024.0));
      System.out.printf("RESULT|audit verification, %,d events (events/s)|%,.0f (peak heap %.0f MB, limit %d MB)"
          + "|>= 300,000, constant memory|%s%n", events, events / elapsed, peak / (1024.0 * 1024.0),
          Runtime.getRuntime().maxMemory() / (1 << 20), events / elapsed >= 300_000 ? "yes" : "**no**");
    }
  }

  /** The chain as relman verified it before paging: one query over all events. */
  private static String singleQuery(JdbcTemplate jdbc) {
    long[] rows = new long[1];
    jdbc.query("SELECT seq, release_id, at, actor, action, details, prev_hash, hash FROM audit_events ORDER BY seq",
        (org.springframework.jdbc.core.RowCallbackHandler) rs -> rows[0]++);
    return "read " + rows[0] + " events";
  }

  private static long stored(String server, String database, String user, String password, JdbcTemplate jdbc) {
    try (Connection c = java.sql.DriverManager.getConnection(server, user, password);
        var rs = c.getMetaData().getTables(database, null, "audit_head", null)) {
      if (!rs.next()) {
        return -1;
      }
      Long head = jdbc.queryForObject("SELECT seq FROM audit_head WHERE id = 1", Long.class);
      return head == null ? -1 : head;
    } catch (SQLException e) {
      throw new IllegalStateException("MariaDB/MySQL is not reachable at " + server + " as " + user + ": " + e.getMessage(), e);
    }
  }

  private static void fresh(String server, String database, String user, String password) throws SQLException {
    try (Connection c = java.sql.DriverManager.getConnection(server, user, password); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database);
      s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
  }

  /** Events chained exactly as AuditLog chains them, inserted in multi-row batches, then the head. */
  private static void fill(DriverManagerDataSource dataSource, long events) throws SQLException {
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    String prev = AuditChain.GENESIS;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit_events (seq, release_id, at, actor, action,"
          + " details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (long seq = 1; seq <= events; seq++) {
          Instant at = base.plusMillis(seq * 37);
          Long release = seq % 10 == 0 ? null : seq / 20 + 1;
          String actor = seq % 3 == 0 ? "relman" : "alice";
          String action = seq % 3 == 0 ? "release.status-changed" : "task.completed";
          String details = AuditChain.canonicalDetails(Map.of("kind", "qa-signoff", "decision", "APPROVED",
              "taskId", "task-" + seq, "comment", "Checked the change set and the test report of run " + seq));
          String hash = AuditChain.hash(prev, seq, at, release, actor, action, details);
          insert.setLong(1, seq);
          insert.setObject(2, release);
          insert.setString(3, Db.param(at));
          insert.setString(4, actor);
          insert.setString(5, action);
          insert.setString(6, details);
          insert.setString(7, prev);
          insert.setString(8, hash);
          insert.addBatch();
          prev = hash;
          if (seq % BATCH == 0 || seq == events) {
            insert.executeBatch();
            c.commit();
          }
        }
      }
      try (PreparedStatement head = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
        head.setLong(1, events);
        head.setString(2, prev);
        head.executeUpdate();
      }
      c.commit();
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
