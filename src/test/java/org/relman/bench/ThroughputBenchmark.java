package org.relman.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;

/**
 * Automated releases per second on MariaDB/MySQL ({@code bench/throughput.sh}), relman launched in JVMs of its own as
 * the README launches it (the launch's JVM options, the build output and its dependency jars), one node and then two
 * nodes on one database; the audit chain is on, as always. Every release is driven through {@code /api} as people
 * and CI would: requested, its gates reported on signed webhooks, its approvals, go/no-go and review completed by
 * task-list pumps (one per person and node) that read {@code GET /api/tasks}; deploy and rollback are the command
 * {@code true}. A warm-up first, then the measured releases, a fixed number in flight at a time.
 *
 * <p>Also measured here, from {@code /actuator/bench} ({@code relman.bench.enabled}): SQL statements per step,
 * relman's own beside the engine's; external-task pickup latency with relman's long polling and, in a node started
 * with {@code relman.bench.poll-interval}, with fixed-interval polling, both with one release at a time (sparse
 * traffic); the node's RSS idle and at the end of the throughput run. Then the bare stack: {@link BareStackBenchmark}
 * with the same number of steps of each kind per release, in this JVM.
 *
 * <p>Prints {@code RESULT|measurement|value|target|met} lines that {@code bench/all.sh} gathers into one table.
 */
public final class ThroughputBenchmark {

  static final String HOST = env("RELMAN_TEST_DB_HOST", "127.0.0.1");
  static final String PORT = env("RELMAN_TEST_DB_PORT", "3306");
  static final String USER = env("RELMAN_TEST_DB_USER", "root");
  static final String PASSWORD = env("RELMAN_TEST_DB_PASSWORD", "");
  private static final String SECRET = "bench-secret";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** Who completes which kind of task. */
  private static final Map<String, Set<String>> PUMPS = Map.of("alice", Set.of("go-no-go"),
      "rita", Set.of("post-release-review", "post-mortem"), "bob", Set.of("qa-signoff"),
      "carol", Set.of("security-review"), "dave", Set.of("cab-approval"));

  private final Path temp;
  private final GitFixture repo;
  private final List<String> jvmOptions;
  private final String classpath;

  private ThroughputBenchmark(Path temp) {
    this.temp = temp;
    this.repo = GitFixture.withChanges(temp.resolve("repo"), 2);
    this.jvmOptions = List.of(System.getProperty("bench.jvmOptions", "-Xmx384m").trim().split("\\s+"));
    this.classpath = System.getProperty("bench.appClasspath");
  }

  public static void main(String[] args) throws Exception {
    int releases = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int sparse = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    int warmUp = Math.max(10, releases / 5);
    ThroughputBenchmark bench = new ThroughputBenchmark(Files.createTempDirectory("relman-throughput"));
    List<String> results = new ArrayList<>();

    // one node: throughput, SQL per step, RSS; then long-polling pickup with one release at a time
    String database = fresh("relman_bench_one");
    Node node;
    long began = System.nanoTime();
    node = bench.launch(database, "one", List.of());
    double healthy = (System.nanoTime() - began) / 1e9;
    Thread.sleep(20_000);
    long idleRss = node.rssMb();
    System.out.printf("one node: healthy after %.1f s on MariaDB, idle RSS %d MB%n", healthy, idleRss);
    bench.run(List.of(node), database, "warm1", warmUp, inFlight);
    Db before = Db.read(database);
    node.resetProbe();
    Run one = bench.run(List.of(node), database, "one", releases, inFlight);
    JsonNode probe = node.probe();
    Db after = Db.read(database);
    Db perRelease = after.minus(before).per(releases);
    long endRss = node.rssMb();
    double engineSql = probe.get("engineStatements").asDouble() / (releases * perRelease.steps);
    double relmanSql = probe.get("relmanStatements").asDouble() / (releases * perRelease.steps);
    double readSql = (probe.get("engineStatementsOfGets").asDouble() + probe.get("relmanStatementsOfGets").asDouble())
        / (releases * perRelease.steps);
    System.out.printf("one node: %d releases in %.1f s = %.2f releases/s; per release %s; SQL per step: engine %.1f,"
        + " relman %.1f (GET requests, the driver's task lists: %.1f); RSS after the run %d MB%n", releases, one.seconds,
        one.perSecond(), perRelease, engineSql, relmanSql, readSql, endRss);
    System.out.println("statements run most often, per release (GET requests not counted):");
    probe.path("topStatements").fields().forEachRemaining(e -> System.out.printf("  %6.1f  %s%n",
        e.getValue().asDouble() / releases, e.getKey()));
    node.resetProbe();
    bench.run(List.of(node), database, "sparse", sparse, 1);
    JsonNode longPolling = node.probe();
    node.close();

    // fixed-interval polling, same sparse traffic
    node = bench.launch(database, "fixed", List.of("--relman.bench.poll-interval=PT0.5S"));
    bench.run(List.of(node), database, "fixed-warm", 2, 1);
    node.resetProbe();
    bench.run(List.of(node), database, "fixed", sparse, 1);
    JsonNode fixedPolling = node.probe();
    node.close();
    System.out.printf("pickup, long polling: %s%npickup, fixed 500 ms polling: %s%n", pickups(longPolling),
        pickups(fixedPolling));

    // two nodes on one database
    String database2 = fresh("relman_bench_two");
    Node first = bench.launch(database2, "two-a", List.of());
    Node second = bench.launch(database2, "two-b", List.of());
    bench.run(List.of(first, second), database2, "warm2", warmUp, inFlight);
    Run two = bench.run(List.of(first, second), database2, "two", releases, inFlight);
    long endRss2 = Math.max(first.rssMb(), second.rssMb());
    first.close();
    second.close();
    System.out.printf("two nodes: %d releases in %.1f s = %.2f releases/s (%.2fx one node); RSS after %d MB%n",
        releases, two.seconds, two.perSecond(), two.perSecond() / one.perSecond(), endRss2);

    // the bare stack: the same steps per release on the engine alone, in this JVM
    BareStackBenchmark.Result bare;
    try {
      bare = BareStackBenchmark.run(fresh("relman_bench_bare"), perRelease.externalTasks, perRelease.userTasks,
          perRelease.jobs, perRelease.steps, warmUp, releases, inFlight);
      System.out.printf("bare stack: %s%n", bare);
    } catch (Exception | Error e) {
      // relman's numbers stand without the floor
      e.printStackTrace();
      bare = new BareStackBenchmark.Result(0, Double.NaN, perRelease.steps, Double.NaN, Double.NaN, Double.NaN);
      results.add(result("bare stack", "failed: " + e, "(floor)", true));
    }

    results.add(result("throughput, one node (releases/s)", f2(one.perSecond()), ">= 20", one.perSecond() >= 20));
    results.add(result("throughput, two nodes (releases/s)", f2(two.perSecond()) + " (" + f2(two.perSecond()
        / one.perSecond()) + "x)", ">= 1.6x one node", two.perSecond() >= 1.6 * one.perSecond()));
    results.add(result("bare stack, same steps (processes/s)", f2(bare.perSecond()) + " (relman "
        + Math.round(100 * one.perSecond() / bare.perSecond()) + " %)", "(floor)", true));
    results.add(result("SQL per step, relman's own : engine's", f1(relmanSql) + " : " + f1(engineSql) + " = "
        + f2(relmanSql / engineSql) + "x (" + f1(perRelease.steps) + " steps/release)", "<= 1.2x",
        relmanSql <= 1.2 * engineSql));
    results.add(result("SQL per step, bare engine", f1(bare.sqlPerStep()) + " (relman's engine "
        + f2(engineSql / bare.sqlPerStep()) + "x)", "(floor)", true));
    results.add(result("SQL per step of GET requests (driver's task lists), relman : bare", f1(readSql) + " : "
        + f1(bare.readSqlPerStep()), "(not in the ratio)", true));
    double lp95 = longPolling.get("pickupP95Millis").asDouble();
    double fp95 = fixedPolling.get("pickupP95Millis").asDouble();
    results.add(result("pickup p50/p95, long polling (ms)", f1(longPolling.get("pickupP50Millis").asDouble()) + " / "
        + f1(lp95), "p95 <= 15", lp95 <= 15));
    results.add(result("pickup p50/p95, fixed 500 ms polling (ms)", f1(fixedPolling.get("pickupP50Millis").asDouble())
        + " / " + f1(fp95) + " (" + Math.round(fp95 / Math.max(lp95, 0.001)) + "x long polling)", ">= 30x long polling",
        fp95 >= 30 * lp95));
    results.add(result("RSS, idle on MariaDB (MB)", String.valueOf(idleRss), "<= 450", idleRss <= 450));
    results.add(result("RSS, end of throughput run (MB)", endRss + " (two nodes: " + endRss2 + " each at most)",
        "<= 700", Math.max(endRss, endRss2) <= 700));
    results.add(result("healthy from launch, on MariaDB (s)", f1(healthy), "<= 10", healthy <= 10));
    results.forEach(System.out::println);
  }

  private static String pickups(JsonNode probe) {
    return String.format("%d pickups, p50 %.1f ms, p95 %.1f ms, max %.1f ms", probe.get("pickups").asInt(),
        probe.get("pickupP50Millis").asDouble(), probe.get("pickupP95Millis").asDouble(),
        probe.get("pickupMaxMillis").asDouble());
  }

  /** Runs {@code count} releases through the API, {@code inFlight} at a time, until every one is COMPLETED. */
  private Run run(List<Node> nodes, String database, String label, int count, int inFlight) throws Exception {
    AtomicInteger requested = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    Map<Long, Integer> ours = new ConcurrentHashMap<>();
    Stats stats = new Stats();
    List<Thread> pumps = new ArrayList<>();
    for (int n = 0; n < nodes.size(); n++) {
      int index = n;
      for (Map.Entry<String, Set<String>> pump : PUMPS.entrySet()) {
        pumps.add(daemon("pump-" + pump.getKey(), () -> pump(nodes.get(index), index, pump.getKey(), pump.getValue(),
            ours, done, stats)));
      }
    }
    // "." ends the label: no run's versions match another's prefix
    String prefix = "bench-" + label + ".";
    long start = System.nanoTime();
    Thread requester = daemon("requester", () -> {
      for (int i = 0; i < count; i++) {
        while (requested.get() - ended.get() >= inFlight && !done.get()) {
          sleep(5);
        }
        Node node = nodes.get(i % nodes.size());
        Api erin = node.api("erin");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", prefix + i);
        body.put("services", List.of("svc-" + label + "-" + i));
        body.put("plannedStart", "2024-06-12T10:00:00Z");
        body.put("repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main"));
        long t0 = System.nanoTime();
        Api.Response created = erin.post("/api/releases", body);
        stats.request.add(System.nanoTime() - t0);
        if (created.status() != 201) {
          throw new IllegalStateException("request refused: " + created);
        }
        long id = created.json().get("id").asLong();
        ours.put(id, i % nodes.size());
        requested.incrementAndGet();
        for (String gate : List.of("build", "tests")) {
          long t1 = System.nanoTime();
          Api.Response reported = node.api(null).signedPost("/api/releases/" + id + "/gates/" + gate,
              "{\"status\":\"PASSED\"}");
          stats.gate.add(System.nanoTime() - t1);
          if (reported.status() != 202) {
            throw new IllegalStateException("gate report refused: " + reported);
          }
        }
      }
    });
    long lastProgress = System.nanoTime();
    int lastEnded = 0;
    Map<String, Integer> statuses = Map.of();
    try (Connection db = DriverManager.getConnection(url(database), USER, PASSWORD)) {
      while (ended.get() < count) {
        Thread.sleep(100);
        statuses = statuses(db, prefix);
        int completed = statuses.getOrDefault("COMPLETED", 0);
        int failed = statuses.getOrDefault("ROLLED_BACK", 0) + statuses.getOrDefault("CANCELLED", 0);
        ended.set(completed + failed);
        if (failed > 0) {
          throw new IllegalStateException(label + ": releases did not complete: " + statuses);
        }
        if (!requester.isAlive() && requested.get() < count) {
          throw new IllegalStateException(label + ": the requester stopped after " + requested + " releases");
        }
        if (ended.get() != lastEnded) {
          lastEnded = ended.get();
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(120)) {
          throw new IllegalStateException(label + ": no release ended for 120 s: " + statuses + "; incidents: "
              + count(db, "SELECT COUNT(*) FROM ACT_RU_INCIDENT"));
        }
      }
    } finally {
      done.set(true);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (Thread pump : pumps) {
      pump.join(5_000);
    }
    System.out.printf("  %s: %d releases in %.1f s (%.2f/s) %s; API mean ms: %s%n", label, count, seconds,
        count / seconds, statuses, stats);
    return new Run(count, seconds);
  }

  /** Completes the open tasks of {@code kinds} that {@code user} sees, for releases of this run. */
  private static void pump(Node node, int index, String user, Set<String> kinds, Map<Long, Integer> ours,
      AtomicBoolean done, Stats stats) {
    Api api = node.api(user);
    while (!done.get()) {
      try {
        pumpOnce(api, index, user, kinds, ours, stats);
      } catch (RuntimeException e) {
        // a request failed under load (timeout, reset): try again
        System.err.println(user + "'s task list pump: " + e);
        sleep(100);
      }
    }
  }

  private static void pumpOnce(Api api, int index, String user, Set<String> kinds, Map<Long, Integer> ours,
      Stats stats) {
    {
      Api.Response tasks;
      try {
        long t0 = System.nanoTime();
        tasks = api.get("/api/tasks");
        stats.list.add(System.nanoTime() - t0);
      } catch (RuntimeException e) {
        sleep(100);
        return;
      }
      int completed = 0;
      if (tasks.status() == 200) {
        for (JsonNode task : tasks.json()) {
          String kind = task.get("kind").asText();
          // each release's people work on the node it was requested on
          if (!kinds.contains(kind) || !Integer.valueOf(index).equals(ours.get(task.path("releaseId").asLong()))) {
            continue;
          }
          long t1 = System.nanoTime();
          Api.Response answer = api.post("/api/tasks/" + task.get("id").asText() + "/complete",
              Map.of("variables", variables(kind)));
          stats.complete.add(System.nanoTime() - t1);
          if (answer.status() == 204) {
            completed++;
          } else if (answer.status() != 404 && answer.status() != 409) {
            System.err.println(user + " could not complete " + kind + ": " + answer);
          }
        }
      }
      if (completed == 0) {
        sleep(50);
      }
    }
  }

  private static Map<String, Object> variables(String kind) {
    return switch (kind) {
      case "go-no-go" -> Map.of("decision", "GO", "reasoning", "Gates green (benchmark)");
      case "post-release-review", "post-mortem" -> kind.equals("post-mortem")
          ? Map.of("rootCause", "benchmark", "summary", "benchmark") : Map.of("summary", "Smooth (benchmark)");
      default -> Map.of("approved", true, "comment", "Checked (benchmark)");
    };
  }

  private static Map<String, Integer> statuses(Connection db, String prefix) throws SQLException {
    Map<String, Integer> statuses = new LinkedHashMap<>();
    try (Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery("SELECT status, COUNT(*) FROM releases WHERE version LIKE '" + prefix
            + "%' GROUP BY status ORDER BY status")) {
      while (rows.next()) {
        statuses.put(rows.getString(1), rows.getInt(2));
      }
    }
    return statuses;
  }

  private Node launch(String database, String name, List<String> extra) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    if (System.getenv("RELMAN_BENCH_JFR") != null) {
      command.add("-XX:FlightRecorderOptions:stackdepth=512");
      command.add("-XX:StartFlightRecording=filename=" + Path.of("target", "bench-node-" + name + ".jfr").toAbsolutePath()
          + ",settings=profile");
    }
    command.addAll(List.of("-cp", classpath, "org.relman.RelmanApplication",
        "--server.port=" + port,
        "--spring.profiles.active=mysql",
        "--spring.datasource.url=" + url(database),
        "--spring.datasource.username=" + USER,
        "--spring.datasource.password=" + PASSWORD,
        "--relman.demo.enabled=true",
        "--relman.webhooks.secret=" + SECRET,
        "--relman.workers.password=bench-worker-password",
        "--relman.git.cache-directory=" + temp.resolve("git-cache-" + name),
        "--relman.environments[0].name=staging",
        "--relman.environments[0].deploy.command=true",
        "--relman.environments[0].rollback.command=true",
        "--relman.environments[1].name=production",
        "--relman.environments[1].deploy.command=true",
        "--relman.environments[1].rollback.command=true",
        "--relman.bench.enabled=true",
        "--management.endpoints.web.exposure.include=health,info,prometheus,bench"));
    command.addAll(extra);
    Path log = Path.of("target", "bench-node-" + name + ".log");
    Process process = new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    Node node = new Node(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("relman exited; see " + log.toAbsolutePath());
      }
      try {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
            + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("UP")) {
          return node;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("relman not healthy within 180 s; see " + log.toAbsolutePath());
      }
      Thread.sleep(100);
    }
  }

  /** One relman JVM. */
  record Node(Process process, int port) implements AutoCloseable {
    Api api(String user) {
      return new Api(port, user, Api.hmac(SECRET));
    }

    JsonNode probe() {
      Api.Response probe = api("alice").get("/actuator/bench");
      if (probe.status() != 200) {
        throw new IllegalStateException("/actuator/bench: " + probe);
      }
      return probe.json();
    }

    void resetProbe() {
      Api.Response reset = api("alice").send(api("alice").request("/actuator/bench").DELETE());
      if (reset.status() / 100 != 2) {
        throw new IllegalStateException("DELETE /actuator/bench: " + reset);
      }
    }

    long rssMb() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
      return -1;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Mean latency of the driver's API calls. */
  static final class Stats {
    final Mean request = new Mean();
    final Mean gate = new Mean();
    final Mean list = new Mean();
    final Mean complete = new Mean();

    @Override
    public String toString() {
      return "request " + request + ", gate report " + gate + ", task list " + list + ", task completion " + complete;
    }
  }

  static final class Mean {
    private final java.util.concurrent.atomic.LongAdder sum = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder count = new java.util.concurrent.atomic.LongAdder();

    void add(long nanos) {
      sum.add(nanos);
      count.increment();
    }

    @Override
    public String toString() {
      return count.sum() == 0 ? "-" : String.format("%.0f", sum.sum() / 1e6 / count.sum());
    }
  }

  record Run(int releases, double seconds) {
    double perSecond() {
      return releases / seconds;
    }
  }

  /** What the engine's history holds: steps (activity instances), external tasks, user tasks and jobs created. */
  record Db(double steps, double externalTasks, double userTasks, double jobs) {
    static Db read(String database) throws SQLException {
      try (Connection db = DriverManager.getConnection(url(database), USER, PASSWORD)) {
        return new Db(count(db, "SELECT COUNT(*) FROM ACT_HI_ACTINST"),
            count(db, "SELECT COUNT(*) FROM ACT_HI_EXT_TASK_LOG WHERE STATE_ = 0"),
            count(db, "SELECT COUNT(*) FROM ACT_HI_TASKINST"),
            count(db, "SELECT COUNT(*) FROM ACT_HI_JOB_LOG WHERE JOB_STATE_ = 0"));
      }
    }

    Db minus(Db other) {
      return new Db(steps - other.steps, externalTasks - other.externalTasks, userTasks - other.userTasks,
          jobs - other.jobs);
    }

    Db per(int releases) {
      return new Db(steps / releases, externalTasks / releases, userTasks / releases, jobs / releases);
    }

    @Override
    public String toString() {
      return String.format("%.1f steps (%.1f external tasks, %.1f user tasks, %.1f jobs)", steps, externalTasks,
          userTasks, jobs);
    }
  }

  static long count(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  static String result(String measurement, String value, String target, boolean met) {
    return "RESULT|" + measurement + "|" + value + "|" + target + "|" + (target.startsWith("(") ? "" : met ? "yes" : "**no**");
  }

  static String fresh(String database) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url(""), USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database);
      statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    return database;
  }

  static String url(String database) {
    return "jdbc:mysql://" + HOST + ":" + PORT + "/" + database + "?allowPublicKeyRetrieval=true&useSSL=false";
  }

  private static String f1(double value) {
    return String.format("%.1f", value);
  }

  private static String f2(double value) {
    return String.format("%.2f", value);
  }

  static Thread daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  static String classpathOf(String... entries) {
    return String.join(File.pathSeparator, Arrays.asList(entries));
  }
}
