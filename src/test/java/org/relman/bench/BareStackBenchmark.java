package org.relman.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.client.ExternalTaskClient;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.model.bpmn.Bpmn;
import org.operaton.bpm.model.bpmn.BpmnModelInstance;
import org.operaton.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.relman.process.SqlCounting;
import org.relman.testing.Api;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The bare stack relman is compared with: Spring Boot with the embedded engine and its REST API alone (no relman), on
 * MariaDB/MySQL, full history, the job executor and the external-task client set as relman sets them (long polling,
 * one task per fetch, two clients per topic). One process with as many steps per instance as a relman release has:
 * its external tasks (a topic each, completed at once), its user tasks (completed over {@code /engine-rest}), its
 * asynchronous continuations, the rest synchronous no-op service tasks; started over {@code /engine-rest}, the same
 * number in flight. What the engine alone costs for relman's work: its floor.
 */
final class BareStackBenchmark {

  private BareStackBenchmark() {}

  /**
   * The bare stack alone: {@code [external tasks (7)] [user tasks (3)] [jobs (8)] [steps (59)] [processes (100)]
   * [in flight (30)]}, relman's steps per release by default (bench/throughput.sh measures them).
   */
  public static void main(String[] args) throws Exception {
    double[] a = {7, 3, 8, 59, 100, 30};
    for (int i = 0; i < args.length && i < a.length; i++) {
      a[i] = Double.parseDouble(args[i]);
    }
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    System.out.println(run(ThroughputBenchmark.fresh("relman_bench_bare"), a[0], a[1], a[2], a[3],
        Math.max(5, (int) a[4] / 5), (int) a[4], (int) a[5]));
  }

  record Result(int processes, double seconds, double steps, double engineStatements, double otherStatements,
      double statementsOfGets) {
    double perSecond() {
      return processes / seconds;
    }

    double sqlPerStep() {
      return engineStatements / (processes * steps);
    }

    double readSqlPerStep() {
      return statementsOfGets / (processes * steps);
    }

    @Override
    public String toString() {
      return String.format("%d processes of %.1f steps in %.1f s = %.2f/s; SQL per step %.1f (other %.1f, GET"
          + " requests %.1f)", processes, steps, seconds, perSecond(), sqlPerStep(), otherStatements / (processes * steps),
          readSqlPerStep());
    }
  }

  /** Not a {@code @Configuration}: relman's component scan, in the tests too, must not find it. */
  @EnableAutoConfiguration(excludeName = {
      "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
      "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
      "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration",
      "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
      "org.springframework.boot.autoconfigure.ldap.LdapAutoConfiguration",
      "org.springframework.boot.autoconfigure.session.SessionAutoConfiguration"})
  @Import({SqlCounting.class, SqlCounting.GetRequests.class})
  static class BareApp {}

  static Result run(String database, double externalTasks, double userTasks, double jobs, double steps, int warmUp,
      int processes, int inFlight) throws Exception {
    int externals = (int) Math.round(externalTasks);
    int users = (int) Math.round(userTasks);
    int asyncs = (int) Math.round(jobs);
    // start and end event are two of the steps
    int noOps = Math.max(0, (int) Math.round(steps) - 2 - externals - users - asyncs);
    String[] arguments = {
        "--spring.config.name=bare-bench",
        "--server.port=0",
        "--spring.datasource.url=" + ThroughputBenchmark.url(database),
        "--spring.datasource.username=" + ThroughputBenchmark.USER,
        "--spring.datasource.password=" + ThroughputBenchmark.PASSWORD,
        "--spring.datasource.hikari.transaction-isolation=TRANSACTION_READ_COMMITTED",
        "--spring.datasource.hikari.data-source-properties.nullDatabaseMeansCurrent=true",
        "--operaton.bpm.history-level=full",
        "--operaton.bpm.database.schema-update=true",
        "--operaton.bpm.job-execution.enabled=true",
        "--operaton.bpm.job-execution.wait-time-in-millis=1000",
        "--operaton.bpm.job-execution.max-wait=5000",
        "--operaton.bpm.job-execution.lock-time-in-millis=60000",
        "--operaton.bpm.webapp.enabled=false",
        "--relman.bench.enabled=true",
        "--logging.level.root=WARN"};
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(BareApp.class).run(arguments)) {
      int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      app.getBean(RepositoryService.class).createDeployment().name("bare")
          .addModelInstance("bare.bpmn", model(externals, users, asyncs, noOps)).deploy();
      List<ExternalTaskClient> clients = new ArrayList<>();
      for (int topic = 0; topic < externals; topic++) {
        for (int i = 0; i < 2; i++) {
          ExternalTaskClient client = ExternalTaskClient.create().baseUrl("http://localhost:" + port + "/engine-rest")
              .workerId("bare-" + topic + "-" + i).maxTasks(1).asyncResponseTimeout(10_000).lockDuration(60_000)
              .disableBackoffStrategy().build();
          client.subscribe("bare-" + topic).lockDuration(60_000).handler((task, service) -> service.complete(task))
              .open();
          clients.add(client);
        }
      }
      try {
        SqlCounting sql = app.getBean(SqlCounting.class);
        drive(port, database, "warm", warmUp, inFlight);
        long stepsBefore = steps(database);
        sql.reset();
        double seconds = drive(port, database, "run", processes, inFlight);
        double measuredSteps = (steps(database) - stepsBefore) / (double) processes;
        return new Result(processes, seconds, measuredSteps, sql.engineStatements(), sql.relmanStatements(),
            sql.engineStatementsOfGets() + sql.relmanStatementsOfGets());
      } finally {
        clients.forEach(ExternalTaskClient::stop);
      }
    }
  }

  private static BpmnModelInstance model(int externals, int users, int asyncs, int noOps) {
    AbstractFlowNodeBuilder<?, ?> flow = Bpmn.createExecutableProcess("bare").operatonHistoryTimeToLive(30)
        .startEvent("start");
    int user = 0;
    int async = 0;
    int noOp = 0;
    // interleaved as in a release: external work, then people, then waits
    for (int e = 0; e < externals; e++) {
      flow = flow.serviceTask("external-" + e).operatonExternalTask("bare-" + e);
      if (user < users) {
        flow = flow.userTask("user-" + user++);
      }
      if (async < asyncs) {
        flow = flow.serviceTask("async-" + async++).operatonAsyncBefore().operatonExpression("${true}");
      }
      for (int n = 0; n < noOps / Math.max(1, externals) && noOp < noOps; n++) {
        flow = flow.serviceTask("no-op-" + noOp++).operatonExpression("${true}");
      }
    }
    while (user < users) {
      flow = flow.userTask("user-" + user++);
    }
    while (async < asyncs) {
      flow = flow.serviceTask("async-" + async++).operatonAsyncBefore().operatonExpression("${true}");
    }
    while (noOp < noOps) {
      flow = flow.serviceTask("no-op-" + noOp++).operatonExpression("${true}");
    }
    return flow.endEvent("end").done();
  }

  private static double drive(int port, String database, String label, int count, int inFlight) throws Exception {
    Api api = new Api(port, null, (Api.Signer) null);
    AtomicInteger started = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    Thread pump = ThroughputBenchmark.daemon("bare-pump", () -> {
      while (!done.get()) {
        Api.Response tasks = api.get("/engine-rest/task?processDefinitionKey=bare&maxResults=200");
        int completed = 0;
        for (JsonNode task : tasks.json()) {
          if (api.post("/engine-rest/task/" + task.get("id").asText() + "/complete", "{}").status() == 204) {
            completed++;
          }
        }
        if (completed == 0) {
          ThroughputBenchmark.sleep(50);
        }
      }
    });
    String prefix = "bare-" + label + "-";
    long start = System.nanoTime();
    Thread starter = ThroughputBenchmark.daemon("bare-starter", () -> {
      for (int i = 0; i < count; i++) {
        while (started.get() - ended.get() >= inFlight && !done.get()) {
          ThroughputBenchmark.sleep(5);
        }
        Api.Response instance = api.post("/engine-rest/process-definition/key/bare/start",
            Map.of("businessKey", prefix + i));
        if (instance.status() != 200) {
          throw new IllegalStateException("start refused: " + instance);
        }
        started.incrementAndGet();
      }
    });
    try (Connection db = DriverManager.getConnection(ThroughputBenchmark.url(database), ThroughputBenchmark.USER,
        ThroughputBenchmark.PASSWORD)) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (ended.get() < count) {
        Thread.sleep(100);
        ended.set((int) ThroughputBenchmark.count(db, "SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE END_TIME_ IS NOT NULL"
            + " AND BUSINESS_KEY_ LIKE '" + prefix + "%'"));
        if (!starter.isAlive() && started.get() < count || System.nanoTime() > deadline) {
          throw new IllegalStateException("bare stack stuck after " + ended + " of " + count);
        }
      }
    } finally {
      done.set(true);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pump.join(5_000);
    System.out.printf("  bare %s: %d processes in %.1f s (%.2f/s)%n", label, count, seconds, count / seconds);
    return seconds;
  }

  private static long steps(String database) throws Exception {
    try (Connection db = DriverManager.getConnection(ThroughputBenchmark.url(database), ThroughputBenchmark.USER,
        ThroughputBenchmark.PASSWORD)) {
      return ThroughputBenchmark.count(db, "SELECT COUNT(*) FROM ACT_HI_ACTINST");
    }
  }
}
