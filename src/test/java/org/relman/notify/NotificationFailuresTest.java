package org.relman.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relman.testing.ChatWebhook;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Notifications that cannot be delivered never hold up a release: the SMTP server is a closed port and the webhook
 * answers 500 to everything, yet a release runs to COMPLETED; every delivery is tried {@code max-attempts} times with
 * backoff, then recorded as given up with the reason. Also: two dispatchers (two nodes) on one database never claim the
 * same delivery, and a node that lost its lease cannot record over the node that took over.
 */
class NotificationFailuresTest extends RelmanTestBase {

  static final ChatWebhook BROKEN_CHAT = ChatWebhook.start();
  static final int DEAD_SMTP_PORT = closedPort();
  static final int ATTEMPTS = 3;

  static {
    BROKEN_CHAT.alwaysAnswer(500);
  }

  @DynamicPropertySource
  static void unreachable(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:relman-notify-failures-${relman.test.lane:0}"
        + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=512");
    registry.add("operaton.bpm.process-engine-name", () -> "notifyfailures");
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> DEAD_SMTP_PORT);
    registry.add("relman.notifications.email.to", () -> "releases@example.org");
    registry.add("relman.notifications.slack.webhook-url", () -> BROKEN_CHAT.url("/hooks/broken"));
    registry.add("relman.notifications.retry.max-attempts", () -> String.valueOf(ATTEMPTS));
    registry.add("relman.notifications.retry.initial-backoff", () -> "PT0.2S");
    registry.add("relman.notifications.retry.max-backoff", () -> "PT0.3S");
    registry.add("relman.notifications.poll-interval", () -> "PT0.3S");
  }

  /** A port nothing listens on: bound once to get a free number, then closed. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopServers() {
    BROKEN_CHAT.close();
  }

  @Autowired
  Deliveries deliveries;

  @Test
  void deadMailServerAndFailingWebhookDoNotStopTheReleaseAndAreRecordedAsFailed() {
    String version = version("2026.12");
    long id = requestRelease("erin", version, repository(2));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    reportGate(id, "tests", "PASSED");
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates green, nobody reads mail anyway"));
    fireDueTimers(id);
    shipToNextEnvironment(id);
    shipToNextEnvironment(id);
    completeOk("rita", id, "post-release-review", Map.of("summary", "Quiet release"));
    assertThat(status(id)).isEqualTo("COMPLETED");

    await().atMost(Duration.ofSeconds(30)).until(() -> api("frank").get("/api/releases/" + id + "/notifications?status=FAILED")
        .json().size() == 10);
    JsonNode all = api("frank").get("/api/releases/" + id + "/notifications").json();
    assertThat(all).hasSize(10);
    assertThat(all).allSatisfy(d -> {
      assertThat(d.get("status").asText()).isEqualTo("FAILED");
      assertThat(d.get("gaveUp").asBoolean()).isTrue();
      assertThat(d.get("attempts").asInt()).isEqualTo(ATTEMPTS);
      assertThat(d.get("deliveredAt").isNull()).isTrue();
      assertThat(d.get("nextAttemptAt").isNull()).as("no attempt is planned any more").isTrue();
      assertThat(Instant.parse(d.get("lastAttemptAt").asText())).isAfterOrEqualTo(Instant.parse(d.get("createdAt").asText()));
    });
    List<JsonNode> mails = new ArrayList<>();
    all.forEach(d -> {
      if (d.get("channel").asText().equals("email")) {
        mails.add(d);
      }
    });
    assertThat(mails).hasSize(5).allSatisfy(d -> assertThat(d.get("lastError").asText())
        .containsIgnoringCase("connect").contains(String.valueOf(DEAD_SMTP_PORT)));
    assertThat(all.findValuesAsText("lastError")).filteredOn(e -> e.contains("HTTP 500")).hasSize(5);
    assertThat(BROKEN_CHAT.posts("/hooks/broken", version)).as("each of 5 milestones posted %s times", ATTEMPTS)
        .hasSize(5 * ATTEMPTS);
  }

  @Test
  void twoNodesNeverClaimTheSameDelivery() throws Exception {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    awaitNoRealDeliveryPending();
    // due in 2100: the running dispatcher (real clock) leaves them alone, the two "nodes" below see them as due
    Instant due = Instant.parse("2100-01-01T00:00:00Z");
    int rows = 40;
    for (int i = 0; i < rows; i++) {
      jdbc.update("INSERT INTO notifications (release_id, event, channel, target, subject, body, status, attempts,"
          + " created_at, next_attempt_at) VALUES (?, 'deployed', 'SLACK', 'http://127.0.0.1:9/x', 's', 'b', 'PENDING', 0,"
          + " '2100-01-01 00:00:00.000', '2100-01-01 00:00:00.000')", id);
    }
    Instant now = due.plusSeconds(60);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<Long>>> claims = new ArrayList<>();
      for (String node : List.of("node-a", "node-b")) {
        claims.add(nodes.submit(() -> {
          start.await();
          List<Long> mine = new ArrayList<>();
          for (Optional<Delivery> d; (d = deliveries.claimNext(node, now, Duration.ofMinutes(5))).isPresent(); ) {
            mine.add(d.get().id());
            assertThat(deliveries.delivered(d.get().id(), node, 1, now)).isTrue();
          }
          return mine;
        }));
      }
      start.countDown();
      List<Long> a = claims.get(0).get();
      List<Long> b = claims.get(1).get();
      Set<Long> both = new HashSet<>(a);
      both.retainAll(b);
      assertThat(both).as("claimed by both nodes").isEmpty();
      assertThat(a.size() + b.size()).isEqualTo(rows);
    } finally {
      nodes.shutdownNow();
    }
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notifications WHERE release_id = ? AND subject = 's'"
        + " AND status = 'DELIVERED' AND attempts = 1 AND claimed_by IS NULL", Integer.class, id)).isEqualTo(rows);
  }

  @Test
  void aClaimIsTakenOverOnlyAfterItsLeaseAndTheLateNodeCannotOverwrite() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    awaitNoRealDeliveryPending();
    jdbc.update("INSERT INTO notifications (release_id, event, channel, target, subject, body, status, attempts,"
        + " created_at, next_attempt_at) VALUES (?, 'completed', 'SLACK', 'http://127.0.0.1:9/x', 's', 'b', 'PENDING', 0,"
        + " '2200-01-01 00:00:00.000', '2200-01-01 00:00:00.000')", id);
    Instant t = Instant.parse("2200-01-01T00:01:00Z");
    Duration lease = Duration.ofMinutes(1);

    Delivery claimed = deliveries.claimNext("node-a", t, lease).orElseThrow();
    assertThat(deliveries.claimNext("node-b", t.plusSeconds(59), lease)).as("node-a still holds it").isEmpty();

    Delivery takenOver = deliveries.claimNext("node-b", t.plusSeconds(61), lease).orElseThrow();
    assertThat(takenOver.id()).isEqualTo(claimed.id());
    assertThat(deliveries.attemptFailed(claimed.id(), "node-a", 1, t.plusSeconds(62), "late", null))
        .as("node-a lost its lease").isFalse();
    assertThat(deliveries.delivered(claimed.id(), "node-b", 1, t.plusSeconds(63))).isTrue();
    Delivery done = deliveries.find(claimed.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(Delivery.DELIVERED);
    assertThat(done.lastError()).isNull();
    assertThat(Collections.singletonList(done.deliveredAt())).containsExactly(t.plusSeconds(63));
  }

  /** Waits until the running dispatcher is done with the real deliveries, so the "nodes" below claim only test rows. */
  private void awaitNoRealDeliveryPending() {
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM notifications"
        + " WHERE status = 'PENDING' AND next_attempt_at < '2099-01-01 00:00:00.000'", Integer.class) == 0);
  }
}
