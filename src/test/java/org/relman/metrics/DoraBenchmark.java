package org.relman.metrics;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.flywaydb.core.Flyway;
import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How fast GET /api/metrics/dora answers on a year of history (bench/dora.sh runs it). Builds, in the MariaDB/MySQL
 * database {@code relman_dora_bench} (dropped and created), one year of releases of 50 services with about 100,000
 * production deployments, their staging deployments, rollbacks, soaks and commits, written by bulk inserts into the
 * tables of an older relman (V5), then lets the V8 migration backfill the DORA tables (timed), then times the
 * metrics query ({@link DoraMetrics#report}, everything the endpoint does but HTTP and JSON): warm-up, then 20 runs,
 * median and max. Server: RELMAN_TEST_DB_HOST / _PORT / _USER / _PASSWORD, as the *IT tests.
 *
 * <p>Arguments: [services (50)] [production deployments (100000)] [runs (20)].
 */
public final class DoraBenchmark {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final Duration YEAR = Duration.ofDays(365);

  public static void main(String[] args) throws SQLException {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int releases = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    String server = "jdbc:mysql://" + env("RELMAN_TEST_DB_HOST", "127.0.0.1") + ":" + env("RELMAN_TEST_DB_PORT", "3306") + "/";
    String user = env("RELMAN_TEST_DB_USER", "root");
    String password = env("RELMAN_TEST_DB_PASSWORD", "");
    String options = "?allowPublicKeyRetrieval=true&useSSL=false&rewriteBatchedStatements=true";
    try (Connection connection = DriverManager.getConnection(server + options, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS relman_dora_bench");
      statement.execute("CREATE DATABASE relman_dora_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    // pooled, as in the application: a connection per query would measure connection set-up
    var dataSource = new com.zaxxer.hikari.HikariDataSource();
    dataSource.setJdbcUrl(server + "relman_dora_bench" + options);
    dataSource.setUsername(user);
    dataSource.setPassword(password);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("5").load().migrate();

    long began = System.nanoTime();
    long[] rows;
    try (Connection connection = dataSource.getConnection()) {
      rows = history(connection, services, releases);
    }
    System.out.printf("history: %,d releases of %d services, %,d deployments, %,d commits written in %.1f s%n",
        rows[0], services, rows[1], rows[2], seconds(began));

    began = System.nanoTime();
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    System.out.printf("V8 backfill: %,d production deployments, %,d lead times in %.1f s%n",
        jdbc.queryForObject("SELECT COUNT(*) FROM dora_deployments", Long.class),
        jdbc.queryForObject("SELECT COUNT(*) FROM dora_lead_times", Long.class), seconds(began));

    DoraMetrics metrics = new DoraMetrics(new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(jdbc),
        Duration.ofDays(7));
    Instant end = START.plus(YEAR);
    DoraReport year = metrics.report(START, end, null);
    System.out.printf("one year, all services: %s%n", year.deploymentFrequency());
    System.out.printf("  %s%n  %s%n  %s%n", year.leadTimeForChanges(), year.changeFailureRate(), year.timeToRestore());
    double[] yearAll = time("one year, all services", runs, () -> metrics.report(START, end, null));
    time("one year, one service", runs, () -> metrics.report(START, end, "service-07"));
    double[] monthAll = time("last 30 days, all services", runs,
        () -> metrics.report(end.minus(Duration.ofDays(30)), end, null));
    time("last 30 days, one service", runs, () -> metrics.report(end.minus(Duration.ofDays(30)), end, "service-07"));
    System.out.printf("RESULT|DORA, one year x %d services, median (max) ms|%.1f (%.1f)|<= 100|%s%n", services,
        yearAll[0], yearAll[1], yearAll[0] <= 100 ? "yes" : "**no**");
    System.out.printf("RESULT|DORA, last 30 days, all services, median (max) ms|%.1f (%.1f)|<= 15|%s%n", monthAll[0],
        monthAll[1], monthAll[0] <= 15 ? "yes" : "**no**");
  }

  /** @return median and max, in milliseconds */
  private static double[] time(String what, int runs, Supplier<DoraReport> query) {
    for (int i = 0; i < 5; i++) {
      query.get();
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long began = System.nanoTime();
      query.get();
      millis.add((System.nanoTime() - began) / 1e6);
    }
    millis.sort(null);
    System.out.printf("%-28s %d runs: median %.1f ms, max %.1f ms%n", what + ":", runs, millis.get((runs + 1) / 2 - 1),
        millis.get(runs - 1));
    return new double[] {millis.get((runs + 1) / 2 - 1), millis.get(runs - 1)};
  }

  /**
   * Releases spread evenly over the year, each of one service (every tenth also of a second one), 5 % hotfixes; of
   * the production deploys 3 % fail (then rolled back) and 3 % are rolled back after a monitoring breach; 1 to 6
   * commits each, committed up to 3 days before the deploy.
   */
  private static long[] history(Connection connection, int services, int releases) throws SQLException {
    connection.setAutoCommit(false);
    Random random = new Random(42);
    long deploymentId = 0;
    long commits = 0;
    try (PreparedStatement release = connection.prepareStatement("INSERT INTO releases (id, version, requested_by,"
            + " requested_at, planned_start, hotfix, repository_url, from_ref, to_ref, status, status_changed_at)"
            + " VALUES (?, ?, 'erin', ?, ?, ?, '/srv/git/bench.git', 'v1', 'main', ?, ?)");
        PreparedStatement service = connection.prepareStatement(
            "INSERT INTO release_services (release_id, service, position) VALUES (?, ?, ?)");
        PreparedStatement environment = connection.prepareStatement(
            "INSERT INTO release_environments (release_id, name, position) VALUES (?, ?, ?)");
        PreparedStatement change = connection.prepareStatement("INSERT INTO changes (release_id, position, sha,"
            + " author_name, author_email, committed_at, subject) VALUES (?, ?, ?, 'Erin', 'erin@example.org', ?, ?)");
        PreparedStatement deployment = connection.prepareStatement("INSERT INTO deployments (id, deployment_id,"
            + " release_id, environment, action, status, activity_instance_id, attempts, started_at, finished_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
        PreparedStatement soak = connection.prepareStatement("INSERT INTO soaks (release_id, environment, status,"
            + " started_at, ends_at, rounds, consecutive_breaches, finished_at) VALUES (?, 'production', ?, ?, ?, 4, 2, ?)")) {
      long spacing = YEAR.toMillis() / releases;
      for (long id = 1; id <= releases; id++) {
        Instant deployed = START.plusMillis(spacing * (id - 1) + random.nextInt((int) Math.max(1, spacing)));
        boolean hotfix = random.nextInt(100) < 5;
        int outcome = random.nextInt(100); // < 3: deploy fails; < 6: breach and rollback
        boolean failed = outcome < 3;
        boolean breached = outcome >= 3 && outcome < 6;
        Instant requested = deployed.minus(Duration.ofDays(4));
        release.setLong(1, id);
        release.setString(2, "bench-" + id);
        release.setString(3, Db.param(requested));
        release.setString(4, Db.param(deployed.minus(Duration.ofHours(1))));
        release.setBoolean(5, hotfix);
        release.setString(6, failed || breached ? "ROLLED_BACK" : "COMPLETED");
        release.setString(7, Db.param(deployed));
        release.addBatch();
        int first = random.nextInt(services);
        add(service, id, String.format("service-%02d", first), 0);
        if (id % 10 == 0) {
          add(service, id, String.format("service-%02d", (first + 1 + random.nextInt(services - 1)) % services), 1);
        }
        add(environment, id, "staging", 0);
        add(environment, id, "production", 1);
        int changes = 1 + random.nextInt(6);
        for (int position = 0; position < changes; position++) {
          change.setLong(1, id);
          change.setInt(2, position);
          change.setString(3, String.format("%040x", id * 8 + position));
          change.setString(4, Db.param(deployed.minusSeconds(600 + random.nextInt(3 * 86_400))));
          change.setString(5, "feat: change " + position);
          change.addBatch();
        }
        commits += changes;
        Instant staged = deployed.minus(Duration.ofMinutes(40));
        deploymentId = deploy(deployment, deploymentId, id, "staging", "DEPLOY", "SUCCEEDED", staged.minusSeconds(120), staged);
        deploymentId = deploy(deployment, deploymentId, id, "production", "DEPLOY", failed ? "FAILED" : "SUCCEEDED",
            deployed.minusSeconds(120), deployed);
        if (breached) {
          Instant breach = deployed.plus(Duration.ofMinutes(2 + random.nextInt(13)));
          soak.setLong(1, id);
          soak.setString(2, "BREACHED");
          soak.setString(3, Db.param(deployed));
          soak.setString(4, Db.param(deployed.plus(Duration.ofMinutes(15))));
          soak.setString(5, Db.param(breach));
          soak.addBatch();
          deploymentId = deploy(deployment, deploymentId, id, "production", "ROLLBACK", "SUCCEEDED", breach,
              breach.plusSeconds(60 + random.nextInt(600)));
        } else if (failed) {
          deploymentId = deploy(deployment, deploymentId, id, "production", "ROLLBACK", "SUCCEEDED", deployed,
              deployed.plusSeconds(60 + random.nextInt(600)));
        }
        if (id % 2_000 == 0 || id == releases) {
          for (PreparedStatement batch : List.of(release, service, environment, change, deployment, soak)) {
            batch.executeBatch();
          }
          connection.commit();
        }
      }
    }
    connection.setAutoCommit(true);
    return new long[] {releases, deploymentId, commits};
  }

  private static void add(PreparedStatement statement, long releaseId, String name, int position) throws SQLException {
    statement.setLong(1, releaseId);
    statement.setString(2, name);
    statement.setInt(3, position);
    statement.addBatch();
  }

  private static long deploy(PreparedStatement statement, long previousId, long releaseId, String environment,
      String action, String status, Instant started, Instant finished) throws SQLException {
    long id = previousId + 1;
    statement.setLong(1, id);
    statement.setString(2, "bench-" + id);
    statement.setLong(3, releaseId);
    statement.setString(4, environment);
    statement.setString(5, action);
    statement.setString(6, status);
    statement.setString(7, "bench:" + id);
    statement.setString(8, Db.param(started));
    statement.setString(9, Db.param(finished));
    statement.addBatch();
    return id;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
