package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.operaton.bpm.engine.TaskService;
import org.relman.security.WebhookSignatures;
import org.relman.testing.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Releases on MariaDB through MySQL Connector/J, as in production: the {@code mysql} profile (READ COMMITTED), Flyway's
 * migrations, the engine's job executor, and the workers polling {@code /engine-rest} over HTTP; staging and production
 * deploy with the demo deploy script. Each subclass names its own database in its {@code @DynamicPropertySource}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("mysql")
abstract class MariaDbReleaseTestBase {

  /** Points relman at a fresh {@code database}; {@code name} keeps its git cache and deploy targets apart. */
  static void configure(DynamicPropertyRegistry registry, String database, String name) {
    String url = MariaDb.freshDatabase(database);
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", () -> MariaDb.USER);
    registry.add("spring.datasource.password", () -> MariaDb.PASSWORD);
    registry.add("relman.demo.enabled", () -> "true");
    registry.add("relman.webhooks.secret", () -> "it-secret");
    registry.add("relman.git.cache-directory", () -> "target/" + name + "-git-cache");
    registry.add("relman.workers.long-poll", () -> "PT5S");
    String deploy = "RELMAN_DEMO_DELAY=0 RELMAN_DEMO_TARGETS=target/" + name + "-targets ./scripts/demo-deploy.sh";
    List<String> environments = List.of("staging", "production");
    for (int i = 0; i < environments.size(); i++) {
      String environment = environments.get(i);
      registry.add("relman.environments[" + i + "].name", () -> environment);
      registry.add("relman.environments[" + i + "].deploy.command", () -> deploy);
      registry.add("relman.environments[" + i + "].rollback.command", () -> deploy);
    }
  }

  @LocalServerPort
  int port;
  @Autowired
  WebhookSignatures signatures;
  @Autowired
  TaskService tasks;
  @Autowired
  JdbcTemplate jdbc;
  @TempDir
  Path temp;

  void passGates(long id, List<String> gates) {
    for (String gate : gates) {
      Api.Response report = api(null).signedPost("/api/releases/" + id + "/gates/" + gate, "{\"status\":\"PASSED\"}");
      assertThat(report.status()).as("%s", report).isEqualTo(202);
    }
  }

  void completeTask(long id, String kind, String user, Map<String, Object> variables) {
    String taskId = await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery()
        .processInstanceBusinessKey(String.valueOf(id)).taskDefinitionKey(kind).list(), list -> list.size() == 1).get(0).getId();
    Api.Response response = api(user).post("/api/tasks/" + taskId + "/complete", Map.of("variables", variables));
    assertThat(response.status()).as("%s", response).isEqualTo(204);
  }

  JsonNode awaitStatus(long id, String status) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> api("frank").get("/api/releases/" + id).json(), r -> status.equals(r.get("status").asText()));
  }

  Api api(String user) {
    return new Api(port, user, signatures);
  }
}
