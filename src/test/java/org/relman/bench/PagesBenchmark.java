package org.relman.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.relman.RelmanApplication;
import org.relman.security.WebhookSignatures;
import org.relman.shared.Db;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;
import org.relman.testing.PageClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The board and the release page with 100,000 releases in MariaDB/MySQL ({@code bench/pages.sh}): relman runs in this
 * JVM on a fresh database, the releases of two years are written in bulk, a few real ones are requested through the API
 * (they top the board and run in the engine), then each page is fetched over HTTP by a signed-in person, as a browser
 * would, and timed: warm-up, then the given number of runs, p50, p95 and max.
 */
public final class PagesBenchmark {

  private static final String HOST = env("RELMAN_TEST_DB_HOST", "127.0.0.1");
  private static final String PORT = env("RELMAN_TEST_DB_PORT", "3306");
  private static final String USER = env("RELMAN_TEST_DB_USER", "root");
  private static final String PASSWORD = env("RELMAN_TEST_DB_PASSWORD", "");
  private static final String[] STATUSES = {"COMPLETED", "ROLLED_BACK", "CANCELLED"};
  private static final List<String> RESULTS = new ArrayList<>();

  private PagesBenchmark() {}

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int releases = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    // releases requested through the API and run in the engine; all but two pass their gates and wait for a go/no-go,
    // so a release manager's task list holds that many minus two
    int liveReleases = Math.max(5, args.length > 2 ? Integer.parseInt(args[2]) : 5);
    String database = env("RELMAN_BENCH_DB", "relman_pages_bench");
    String url = fresh(database);
    Path temp = Files.createTempDirectory("relman-pages-bench");
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", url);
    properties.put("spring.datasource.username", USER);
    properties.put("spring.datasource.password", PASSWORD);
    properties.put("server.port", "0");
    properties.put("relman.demo.enabled", "true");
    properties.put("relman.webhooks.secret", "bench-secret");
    properties.put("relman.git.cache-directory", temp.resolve("git-cache").toString());
    properties.put("relman.git.allowed-urls[0]", temp + "/**");
    properties.put("logging.level.root", "WARN");
    long began = System.nanoTime();
    // as command-line arguments: they win over the mysql profile's defaults
    String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(RelmanApplication.class).profiles("mysql")
        .run(arguments)) {
      int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      System.out.printf("relman started on MariaDB/MySQL in %.1f s%n", seconds(began));
      JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
      began = System.nanoTime();
      fill(jdbc.getDataSource(), releases);
      System.out.printf("%,d releases written in %.1f s%n", releases, seconds(began));
      Api erin = new Api(port, "erin", app.getBean(WebhookSignatures.class));
      List<Long> real = new ArrayList<>();
      for (int i = 0; i < liveReleases; i++) {
        GitFixture repo = GitFixture.withChanges(temp.resolve("repo-" + i), 4);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "bench-live-" + i);
        body.put("services", List.of("service-" + i));
        body.put("plannedStart", weekday(i).atTime(10, 0).toInstant(ZoneOffset.UTC).toString());
        body.put("repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main"));
        // a LOW risk, so after its gates the release waits for a release manager's go/no-go (without a rollback plan
        // it is MEDIUM and waits for the change board first: the release managers' list was empty)
        body.put("rollbackPlan", "redeploy the previous version");
        Api.Response answer = erin.post("/api/releases", body);
        if (answer.status() != 201) {
          throw new IllegalStateException("request refused: " + answer);
        }
        real.add(answer.json().get("id").asLong());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60 + liveReleases).toNanos();
      for (long id : real) {
        while (System.nanoTime() < deadline && !"GATING".equals(erin.as("frank")
            .get("/api/releases/" + id).json().get("status").asText())) {
          Thread.sleep(250);
        }
      }
      // all but two pass their gates, so release managers and approvers have tasks
      for (long id : real.subList(2, liveReleases)) {
        for (String gate : List.of("build", "tests")) {
          Api.Response report = erin.anonymous().signedPost("/api/releases/" + id + "/gates/" + gate,
              "{\"status\":\"PASSED\"}");
          if (report.status() != 202) {
            throw new IllegalStateException("gate report refused: " + report);
          }
        }
      }
      deadline = System.nanoTime() + Duration.ofSeconds(60 + liveReleases).toNanos();
      Api alicesApi = erin.as("alice");
      while (System.nanoTime() < deadline && alicesApi.get("/api/tasks").json().size() < liveReleases - 2) {
        Thread.sleep(250);
      }
      int alicesTasks = alicesApi.get("/api/tasks").json().size();
      if (alicesTasks < liveReleases - 2) {
        throw new IllegalStateException("alice has " + alicesTasks + " tasks, not " + (liveReleases - 2) + ": "
            + erin.as("frank").get("/api/releases/" + real.get(2)).json());
      }
      PageClient frank = PageClient.signedIn(port, "frank");
      PageClient alice = PageClient.signedIn(port, "alice");
      String busyMonth = LocalDate.parse("2024-01-01").plusDays(365).toString();
      long live = real.get(0);
      long old = releases / 2;
      time("board, first page", runs, () -> frank.get("/releases"));
      time("board, status COMPLETED", runs, () -> frank.get("/releases?status=COMPLETED"));
      time("board, status CANCELLED", runs, () -> frank.get("/releases?status=CANCELLED"));
      time("board, one service", runs, () -> frank.get("/releases?service=service-17"));
      time("board, version search", runs, () -> frank.get("/releases?version=bench-4242"));
      time("board, planned in a month", runs, () -> frank.get("/releases?from=2025-03-01&to=2025-03-31"));
      time("board, page 100", runs, () -> frank.get("/releases?page=100"));
      time("board rows (htmx refresh)", runs, () -> frank.htmx("/releases"));
      time("release page, running release", runs, () -> frank.get("/releases/" + live));
      time("release page, ended release", runs, () -> frank.get("/releases/" + old));
      time("release diagram data", runs, () -> frank.get("/releases/" + live + "/diagram"));
      time("task list (My tasks, release manager, " + alicesTasks + " tasks)", runs, () -> alice.get("/tasks"));
      time("GET /api/tasks (release manager, " + alicesTasks + " tasks)", runs, () -> {
        Api.Response answer = alicesApi.get("/api/tasks");
        return new PageClient.Page(answer.status(), null, answer.body());
      });
      time("calendar, this month", runs, () -> frank.get("/calendar"));
      time("calendar, month of " + releases / 24 + " releases", runs,
          () -> frank.get("/calendar?view=month&date=" + busyMonth));
      time("calendar, week of " + releases / 104 + " releases", runs,
          () -> frank.get("/calendar?view=week&date=" + busyMonth));
      // again, once the JIT and the five live releases' first steps have settled
      time("board, first page (again)", runs, () -> frank.get("/releases"));
      RESULTS.forEach(System.out::println);
    }
  }

  /**
   * The n-th weekday (from 0) a month from now: 10:00 on it is inside business hours, and a day of its own keeps
   * releases out of each other's calendar conflicts, so each is LOW risk.
   */
  private static LocalDate weekday(int n) {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(30);
    for (int seen = 0; ; day = day.plusDays(1)) {
      if (day.getDayOfWeek().getValue() <= 5 && seen++ == n) {
        return day;
      }
    }
  }

  private static void time(String what, int requested, Supplier<PageClient.Page> page) {
    long warming = System.nanoTime();
    int warmUp = 0;
    while (warmUp < Math.max(20, requested / 4) && (warmUp < 5 || System.nanoTime() - warming < 15_000_000_000L)) {
      check(what, page.get());
      warmUp++;
    }
    // a slow page gets as many runs as fit in about 30 s (at least 20), so the whole benchmark stays within minutes
    double each = (System.nanoTime() - warming) / 1e9 / warmUp;
    int runs = (int) Math.max(20, Math.min(requested, 30 / each));
    long[] millis = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      check(what, page.get());
      millis[i] = (System.nanoTime() - start) / 1_000;
    }
    Arrays.sort(millis);
    double p95 = millis[(int) Math.ceil(runs * 0.95) - 1] / 1000.0;
    RESULTS.add("RESULT|p95 " + what + " (ms)|" + String.format("%.1f", p95) + "|<= 50|" + (p95 <= 50 ? "yes" : "**no**"));
    System.out.printf("%-32s p50 %6.1f ms   p95 %6.1f ms   max %6.1f ms   (%d runs)%n", what,
        millis[runs / 2] / 1000.0, millis[(int) Math.ceil(runs * 0.95) - 1] / 1000.0, millis[runs - 1] / 1000.0, runs);
  }

  private static void check(String what, PageClient.Page page) {
    if (page.status() != 200) {
      throw new IllegalStateException(what + " answered " + page.status() + ": " + page.body());
    }
  }

  /** Two years of ended releases, newest last, with one or two of 50 services each and two environments. */
  private static void fill(DataSource dataSource, int releases) throws SQLException {
    Random random = new Random(42);
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    long spacing = Duration.ofDays(730).toMillis() / releases;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement release = connection.prepareStatement("INSERT INTO releases (id, version, name,"
              + " requested_by, requested_at, planned_start, hotfix, repository_url, from_ref, to_ref, status,"
              + " status_changed_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, '/srv/git/bench.git', 'v1', 'main', ?, ?, ?)");
          PreparedStatement service = connection.prepareStatement(
              "INSERT INTO release_services (release_id, service, position) VALUES (?, ?, ?)");
          PreparedStatement environment = connection.prepareStatement(
              "INSERT INTO release_environments (release_id, name, position) VALUES (?, ?, ?)")) {
        for (long id = 1; id <= releases; id++) {
          Instant planned = start.plusMillis(spacing * (id - 1));
          int outcome = random.nextInt(100);
          String status = outcome < 90 ? STATUSES[0] : outcome < 95 ? STATUSES[1] : STATUSES[2];
          release.setLong(1, id);
          release.setString(2, "bench-" + id);
          release.setString(3, "Bench release " + id);
          release.setString(4, id % 3 == 0 ? "alice" : "erin");
          release.setString(5, Db.param(planned.minus(Duration.ofDays(3))));
          release.setString(6, Db.param(planned));
          release.setBoolean(7, random.nextInt(100) < 5);
          release.setString(8, status);
          release.setString(9, Db.param(planned.plus(Duration.ofHours(2))));
          release.setString(10, Db.param(planned.plus(Duration.ofHours(2))));
          release.addBatch();
          int first = random.nextInt(50);
          add(service, id, "service-" + first, 0);
          if (id % 4 == 0) {
            add(service, id, "service-" + ((first + 1) % 50), 1);
          }
          add(environment, id, "staging", 0);
          add(environment, id, "production", 1);
          if (id % 5_000 == 0) {
            release.executeBatch();
            service.executeBatch();
            environment.executeBatch();
            connection.commit();
          }
        }
        release.executeBatch();
        service.executeBatch();
        environment.executeBatch();
        connection.commit();
      }
      try (Statement analyze = connection.createStatement()) {
        analyze.execute("ANALYZE TABLE releases, release_services, release_environments");
      }
    }
  }

  private static void add(PreparedStatement statement, long releaseId, String value, int position) throws SQLException {
    statement.setLong(1, releaseId);
    statement.setString(2, value);
    statement.setInt(3, position);
    statement.addBatch();
  }

  private static String fresh(String database) throws SQLException {
    String base = "jdbc:mysql://" + HOST + ":" + PORT + "/";
    String options = "?allowPublicKeyRetrieval=true&useSSL=false&rewriteBatchedStatements=true";
    try (Connection connection = DriverManager.getConnection(base + options, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database);
      statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    return base + database + options;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
