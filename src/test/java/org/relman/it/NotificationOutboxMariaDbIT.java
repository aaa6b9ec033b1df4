package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relman.release.ReleaseRescheduled;
import org.relman.security.WebhookSignatures;
import org.relman.testing.Api;
import org.relman.testing.ChatWebhook;
import org.relman.testing.GitFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The notification outbox on MariaDB through Connector/J (READ COMMITTED, the {@code mysql} profile): a delivery
 * exists only once its milestone commits and is sent only then, a failed post is retried, a rolled-back milestone
 * sends nothing, and two nodes claiming from one database (FOR UPDATE SKIP LOCKED plus the conditional lease) never
 * take the same delivery. Database {@code relman_notify_it}; the workers are off, the releases wait after their request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("mysql")
class NotificationOutboxMariaDbIT {

  static final ChatWebhook CHAT = ChatWebhook.start();
  static final String HOOK = "/hooks/releases";

  @DynamicPropertySource
  static void mariaDb(DynamicPropertyRegistry registry) {
    String url = MariaDb.freshDatabase("relman_notify_it");
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", () -> MariaDb.USER);
    registry.add("spring.datasource.password", () -> MariaDb.PASSWORD);
    registry.add("operaton.bpm.process-engine-name", () -> "notifyit");
    registry.add("relman.demo.enabled", () -> "true");
    registry.add("relman.webhooks.secret", () -> "it-secret");
    registry.add("relman.git.cache-directory", () -> "target/it-git-cache");
    registry.add("relman.workers.enabled", () -> "false");
    registry.add("relman.notifications.slack.webhook-url", () -> CHAT.url(HOOK));
    registry.add("relman.notifications.retry.initial-backoff", () -> "PT0.2S");
    registry.add("relman.notifications.retry.max-backoff", () -> "PT0.5S");
    registry.add("relman.notifications.poll-interval", () -> "PT0.3S");
  }

  @AfterAll
  static void stop() {
    CHAT.close();
  }

  @LocalServerPort
  int port;
  @Autowired
  WebhookSignatures signatures;
  @Autowired
  JdbcTemplate jdbc;
  @Autowired
  TransactionTemplate transactions;
  @Autowired
  ApplicationEventPublisher events;
  @Autowired
  org.springframework.context.ApplicationContext context;
  @TempDir
  Path temp;

  @Test
  void requestedReleaseIsPostedAfterCommitAndRetriedOnMariaDb() {
    assertThat(jdbc.queryForObject("SELECT VERSION()", String.class)).containsIgnoringCase("mariadb");
    CHAT.answer(HOOK, 502);
    long id = request("2026.12.0", "checkout");

    await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(id, "DELIVERED").size() == 1);
    JsonNode delivery = deliveries(id, null).get(0);
    assertThat(delivery.get("event").asText()).isEqualTo("scheduled");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
    assertThat(delivery.get("lastError").asText()).contains("HTTP 502");
    assertThat(CHAT.posts(HOOK, "2026.12.0")).extracting(ChatWebhook.Post::status).containsExactly(502, 200);
    assertThat(CHAT.posts(HOOK, "2026.12.0").get(1).text()).startsWith("*[relman] 2026.12.0 scheduled for 2026-12-03T10:00:00Z*")
        .contains("Services: checkout", "Requested by: erin");
  }

  @Test
  void milestoneIsSentOnlyWhenItCommitsAndNeverWhenItRollsBack() throws Exception {
    long id = request("2026.12.1", "ledger");
    await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(id, "DELIVERED").size() == 1);
    Instant previous = Instant.parse("2026-12-03T10:00:00Z");

    transactions.executeWithoutResult(tx -> {
      events.publishEvent(new ReleaseRescheduled(id, previous, Instant.parse("2026-12-10T10:00:00Z"), "alice", "rolled back"));
      tx.setRollbackOnly();
    });
    CountDownLatch queued = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    Thread milestone = new Thread(() -> transactions.executeWithoutResult(tx -> {
      events.publishEvent(new ReleaseRescheduled(id, previous, Instant.parse("2026-12-17T10:00:00Z"), "alice", "committed"));
      queued.countDown();
      try {
        commit.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    milestone.start();
    queued.await();
    Thread.sleep(1500); // five poll intervals with the row written but not committed
    assertThat(CHAT.posts(HOOK, "2026.12.1")).as("nothing is sent before the milestone commits").hasSize(1);
    commit.countDown();
    milestone.join();

    await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(id, "DELIVERED").size() == 2);
    assertThat(CHAT.posts(HOOK, "2026.12.1")).extracting(ChatWebhook.Post::text).satisfiesExactly(
        t -> assertThat(t).contains("scheduled for"),
        t -> assertThat(t).contains("rescheduled to 2026-12-17T10:00:00Z", "Reason: committed"));
    assertThat(deliveries(id, null)).hasSize(2);
  }

  @Test
  void twoNodesNeverClaimTheSameDeliveryOnMariaDb() throws Exception {
    long id = request("2026.12.2", "cards");
    // the running dispatcher delivers the real ones first, so the "nodes" below claim only the rows made here
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM notifications"
        + " WHERE status = 'PENDING'", Integer.class) == 0);
    int rows = 60;
    for (int i = 0; i < rows; i++) {
      // due in 2100: the running dispatcher (real clock) leaves them to the two nodes below
      jdbc.update("INSERT INTO notifications (release_id, event, channel, target, subject, body, status, attempts,"
          + " created_at, next_attempt_at) VALUES (?, 'deployed', 'SLACK', 'http://127.0.0.1:9/x', 's', 'b', 'PENDING', 0,"
          + " '2100-01-01 00:00:00.000', '2100-01-01 00:00:00.000')", id);
    }
    Instant now = Instant.parse("2100-01-01T00:01:00Z");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService nodes = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<Long>>> claims = new ArrayList<>();
      for (String node : List.of("node-a", "node-b", "node-c")) {
        claims.add(nodes.submit(() -> {
          start.await();
          return org.relman.notify.NotificationTestAccess.of(context).claimAll(node, now);
        }));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      Set<Long> distinct = new HashSet<>();
      for (Future<List<Long>> claim : claims) {
        all.addAll(claim.get());
        distinct.addAll(claim.get());
      }
      assertThat(all).as("every delivery claimed exactly once").hasSize(rows).hasSameSizeAs(distinct);
    } finally {
      nodes.shutdownNow();
    }
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notifications WHERE release_id = ? AND subject = 's'"
        + " AND status = 'DELIVERED' AND attempts = 1", Integer.class, id)).isEqualTo(rows);
  }

  private long request(String version, String service) {
    GitFixture repo = GitFixture.withChanges(temp.resolve("repo-" + version), 1);
    Api.Response response = api("erin").post("/api/releases", Map.of("version", version, "services", List.of(service),
        "plannedStart", "2026-12-03T10:00:00Z", "rollbackPlan", "redeploy",
        "repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main")));
    assertThat(response.status()).as("%s", response).isEqualTo(201);
    return response.json().get("id").asLong();
  }

  private List<JsonNode> deliveries(long id, String status) {
    JsonNode list = api("frank").get("/api/releases/" + id + "/notifications" + (status == null ? "" : "?status=" + status)).json();
    List<JsonNode> result = new ArrayList<>();
    list.forEach(result::add);
    return result;
  }

  private Api api(String user) {
    return new Api(port, user, signatures);
  }
}
