package org.relman.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.runtime.Job;
import org.relman.process.WorkResult;
import org.relman.testing.ChatWebhook;
import org.relman.testing.GitFixture;
import org.relman.testing.RelmanTestBase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Releases driven through the engine send their milestones to a real SMTP server (GreenMail) and a real webhook
 * receiver, after each milestone commits: who gets what (defaults and per-milestone routes), what the message says, and
 * how the deliveries are recorded. Its own context (database, engine name), left open like every test context: closing
 * one that runs the Operaton webapps clears their static runtime delegates, and Tasklist logins in every other context
 * then answer 500.
 */
class NotificationsTest extends RelmanTestBase {

  static final GreenMail MAIL = startMail();
  static final ChatWebhook CHAT = ChatWebhook.start();
  static final String DEFAULT_HOOK = "/hooks/releases";
  static final String DEPLOY_HOOK = "/hooks/deployments";
  static final String FLAKY_HOOK = "/hooks/flaky";
  static final Duration PATIENCE = Duration.ofSeconds(20);

  static GreenMail startMail() {
    GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    return mail;
  }

  @DynamicPropertySource
  static void notifications(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:relman-notify-${relman.test.lane:0}"
        + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=512");
    registry.add("operaton.bpm.process-engine-name", () -> "notify");
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    registry.add("relman.public-url", () -> "https://relman.example.org");
    registry.add("relman.notifications.email.to", () -> "releases@example.org,payments-team@example.org");
    registry.add("relman.notifications.email.from", () -> "relman@example.org");
    registry.add("relman.notifications.slack.webhook-url", () -> CHAT.url(DEFAULT_HOOK));
    registry.add("relman.notifications.routes.deployed.slack-webhook-url", () -> CHAT.url(DEPLOY_HOOK));
    registry.add("relman.notifications.routes.escalated.email-to", () -> "cab@example.org");
    registry.add("relman.notifications.routes.escalated.slack-webhook-url", () -> "");
    registry.add("relman.notifications.routes.cancelled.slack-webhook-url", () -> CHAT.url(FLAKY_HOOK));
    registry.add("relman.notifications.retry.max-attempts", () -> "4");
    registry.add("relman.notifications.retry.initial-backoff", () -> "PT0.2S");
    registry.add("relman.notifications.retry.max-backoff", () -> "PT1S");
    registry.add("relman.notifications.poll-interval", () -> "PT0.1S");
    registry.add("relman.notifications.timeout", () -> "PT3S");
  }

  @AfterAll
  static void stopServers() {
    MAIL.stop();
    CHAT.close();
  }

  @Test
  void releaseRunToCompletedNotifiesEveryMilestoneByMailAndWebhook() throws Exception {
    String version = version("2026.12");
    long id = requestRelease("erin", version, repository(3));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    reportGate(id, "tests", "PASSED");
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "All gates green, small change set"));
    fireDueTimers(id);
    shipToNextEnvironment(id);
    shipToNextEnvironment(id);
    completeOk("rita", id, "post-release-review", Map.of("summary", "Quiet release", "followUps", "none"));
    assertThat(status(id)).isEqualTo("COMPLETED");

    List<String> subjects = awaitMails(version, 5).stream().map(NotificationsTest::subject).toList();
    assertThat(subjects).containsExactlyInAnyOrder(
        "[relman] " + version + " scheduled for " + release(id).get("plannedStart").asText(),
        "[relman] " + version + " go/no-go: GO by alice",
        "[relman] " + version + " deployed to staging",
        "[relman] " + version + " deployed to production (production)",
        "[relman] " + version + " completed");

    MimeMessage decided = mail(version, "go/no-go");
    assertThat(recipients(decided)).containsExactlyInAnyOrder("releases@example.org", "payments-team@example.org");
    assertThat(decided.getFrom()[0].toString()).isEqualTo("relman@example.org");
    String text = decided.getContent().toString();
    assertThat(text).contains("alice decided GO", "Release: " + version + " (Payments " + version + ")",
        "Services: " + services(id).replace(",", ", "), "Event: decided", "By: alice",
        "Reasoning: All gates green, small change set", "Link: https://relman.example.org/releases/" + id);
    assertThat(mail(version, "deployed to production").getContent().toString())
        .contains("Environment: production", "Result: SUCCEEDED (exit code 0)");
    assertThat(mail(version, "completed").getContent().toString()).contains("Review: Quiet release", "By: rita");
    assertThat(mail(version, "scheduled").getContent().toString()).contains("Requested by: erin", "Rollback plan: redeploy v1");

    // the chat gets the same milestones; deployments go to their own channel (route of "deployed")
    List<ChatWebhook.Post> general = CHAT.posts(DEFAULT_HOOK, version);
    assertThat(general).extracting(ChatWebhook.Post::text).satisfiesExactlyInAnyOrder(
        t -> assertThat(t).startsWith("*[relman] " + version + " scheduled for"),
        t -> assertThat(t).startsWith("*[relman] " + version + " go/no-go: GO by alice*").contains("Reasoning: All gates green"),
        t -> assertThat(t).startsWith("*[relman] " + version + " completed*"));
    assertThat(general).allSatisfy(p -> {
      assertThat(p.contentType()).startsWith("application/json");
      assertThat(p.json().size()).as("Slack's incoming-webhook shape: only text").isEqualTo(1);
    });
    assertThat(CHAT.posts(DEPLOY_HOOK, version)).extracting(ChatWebhook.Post::text).satisfiesExactlyInAnyOrder(
        t -> assertThat(t).contains("deployed to staging*"), t -> assertThat(t).contains("deployed to production (production)*"));

    JsonNode deliveries = awaitDeliveries(id, 10);
    assertThat(deliveries.findValuesAsText("status")).containsOnly("DELIVERED");
    assertThat(deliveries.findValuesAsText("attempts")).containsOnly("1");
    assertThat(deliveries.findValuesAsText("event")).containsExactly("scheduled", "scheduled", "decided", "decided",
        "deployed", "deployed", "deployed", "deployed", "completed", "completed");
    JsonNode slack = deliveries.get(1);
    assertThat(slack.get("channel").asText()).isEqualTo("slack");
    assertThat(slack.get("target").asText()).as("the webhook's secret path is not shown")
        .isEqualTo(CHAT.url("/").replaceAll("/$", "") + "/…");
    assertThat(deliveries.get(0).get("to").toString()).isEqualTo("[\"releases@example.org\",\"payments-team@example.org\"]");
    assertThat(deliveries.get(0).get("deliveredAt").isNull()).isFalse();
    assertThat(deliveries.get(0).get("gaveUp").asBoolean()).isFalse();
  }

  @Test
  void failedProductionDeployIsReportedAndTheRollbackToo() throws Exception {
    String version = version("2026.12") + "-fail-production";
    long id = awaitingDecision(version);
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates green, rollback plan ready"));
    fireDueTimers(id);
    shipToNextEnvironment(id);
    assertThat(workers().run("deploy-release", id)).isInstanceOf(WorkResult.BusinessError.class);
    workers().run("roll-back-release", id);
    completeOk("rita", id, "post-mortem", Map.of("rootCause", "Ledger health check failed after the migration",
        "summary", "Production rolled back in two minutes", "followUps", "Ledger smoke test in CI"));
    assertThat(status(id)).isEqualTo("ROLLED_BACK");

    List<String> subjects = awaitMails(version, 6).stream().map(NotificationsTest::subject).toList();
    assertThat(subjects).contains("[relman] " + version + " deployed to staging",
        "[relman] " + version + " deploy to production (production) FAILED",
        "[relman] " + version + " rolled back in production (production)",
        "[relman] " + version + " ended ROLLED_BACK");
    assertThat(mail(version, "FAILED").getContent().toString()).contains("Result: FAILED (exit code 1)", "Reason: ",
        "the environment is being rolled back");
    assertThat(mail(version, "rolled back in").getContent().toString()).contains("Environment: production",
        "Reason: deploy failed");
    assertThat(mail(version, "ended ROLLED_BACK").getContent().toString()).contains(
        "Root cause: Ledger health check failed after the migration", "Post-mortem: Production rolled back in two minutes",
        "Follow-ups: Ledger smoke test in CI", "By: rita");
  }

  @Test
  void overdueApprovalIsEscalatedToItsOwnRecipientsOnly() throws Exception {
    String version = version("2026.12");
    GitFixture repo = repository(1);
    repo.commitFile("db/migration/V9__split.sql", "ALTER TABLE ledger ADD split INT;", "feat: split ledger");
    long id = requestRelease("erin", version, repo);
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    reportGate(id, "tests", "PASSED");
    List<Job> overdue = jobs(id, jobs -> jobs.activityId("approve-release-overdue"));
    assertThat(overdue).hasSize(1);
    management.executeJob(overdue.get(0).getId());

    await().atMost(PATIENCE).until(() -> mails(version).stream().filter(m -> subject(m).contains("overdue")).count() == 2);
    List<MimeMessage> escalations = mails(version).stream().filter(m -> subject(m).contains("overdue")).toList();
    assertThat(escalations).extracting(NotificationsTest::subject).containsExactlyInAnyOrder(
        "[relman] " + version + " security-review overdue, escalated", "[relman] " + version + " cab-approval overdue, escalated");
    for (MimeMessage escalation : escalations) {
      assertThat(recipients(escalation)).as("the route's recipients, the task's group and relman.tasks.escalation-group")
          .contains("cab@example.org", "alice@relman.example", "rita@relman.example")
          .containsAnyOf("carol@relman.example", "dave@relman.example");
    }
    assertThat(escalations.get(0).getContent().toString()).contains("Event: escalated", "Overdue since: ", "Open it: /api/tasks/",
        "Notified groups: ");
    JsonNode escalated = api("frank").get("/api/releases/" + id + "/notifications").json();
    assertThat(escalated.findValuesAsText("event")).containsExactly("scheduled", "scheduled", "escalated", "escalated");
    assertThat(escalated.findValuesAsText("channel")).as("the escalation route turns the chat off")
        .containsExactly("email", "slack", "email", "email");
  }

  /**
   * A hotfix's go/no-go is due within relman.tasks.due.hotfix-go-no-go (an hour): when still open then, its modelled
   * "Remind and escalate overdue task" escalates it to release-managers by mail (their addresses from the identity
   * service), and reminds them on the next round; the task stays open and can still be decided.
   */
  @Test
  void overdueHotfixGoNoGoIsEscalatedThenRemindedAndStaysOpen() throws Exception {
    String version = version("2026.12") + "-hf";
    Map<String, Object> body = releaseRequest(version, repository(1), futureStart(2));
    body.put("hotfix", true);
    long id = requestRelease("erin", body);
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    var goNoGo = taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id)).taskDefinitionKey("go-no-go")
        .singleResult();
    assertThat(goNoGo.getName()).isEqualTo("Decide go/no-go: " + services(id).replace(",", ", ") + " " + version);
    assertThat(java.time.Duration.between(goNoGo.getCreateTime().toInstant(), goNoGo.getDueDate().toInstant()).toSeconds())
        .as("relman.tasks.due.hotfix-go-no-go").isBetween(3599L, 3601L);
    List<Job> overdue = jobs(id, jobs -> jobs.activityId("go-no-go-overdue"));
    assertThat(overdue).singleElement().satisfies(job -> assertThat(job.getDuedate()).isCloseTo(goNoGo.getDueDate(), 2000));

    management.executeJob(overdue.get(0).getId());
    management.executeJob(jobs(id, jobs -> jobs.activityId("go-no-go-overdue")).get(0).getId());

    await().atMost(PATIENCE).until(() -> mails(version).stream().filter(m -> subject(m).contains("overdue")).count() == 2);
    MimeMessage escalated = mail(version, "go-no-go overdue, escalated");
    assertThat(recipients(escalated)).contains("alice@relman.example", "rita@relman.example", "cab@example.org");
    assertThat(escalated.getContent().toString()).contains("Task: Decide go/no-go: ", "Notified groups: release-managers",
        "Reminder: 1 of 3");
    assertThat(mail(version, "go-no-go still overdue, reminder 2").getContent().toString()).contains("Reminder: 2 of 3");
    assertThat(auditActions(id)).contains("task.escalated", "task.reminded");
    JsonNode view = release(id);
    assertThat(view.get("escalations")).singleElement().satisfies(e -> assertThat(e.get("kind").asText()).isEqualTo("go-no-go"));
    assertThat(view.get("currentSteps").toString()).as("the release's own page needs no label").contains("\"Decide go/no-go\"");
    assertThat(api("alice").get("/api/tasks/" + goNoGo.getId()).json().get("priority").asInt()).isGreaterThan(50);

    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Late, but the fix is needed"));
    assertThat(status(id)).isEqualTo("DEPLOYING");
    assertThat(jobs(id, jobs -> jobs.activityId("go-no-go-overdue"))).as("the reminders end with the task").isEmpty();
  }

  @Test
  void webhookFailingTwiceIsDeliveredOnceOnTheThirdAttempt() throws Exception {
    String version = version("2026.12");
    long id = awaitingDecision(version);
    String newStart = futureStart(4).toString();
    completeOk("alice", id, "go-no-go", Map.of("decision", "RESCHEDULE", "reasoning", "Ledger team on holiday",
        "newStart", newStart));
    CHAT.answer(FLAKY_HOOK, 500, 503);

    var cancel = api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "Superseded by the next train"));
    assertThat(cancel.status()).isEqualTo(202);

    await().atMost(PATIENCE).until(() -> api("frank").get("/api/releases/" + id + "/notifications?status=DELIVERED")
        .json().size() == 8);
    JsonNode all = api("frank").get("/api/releases/" + id + "/notifications").json();
    // the go/no-go records the new window before the decision is audited: rescheduled, then decided
    assertThat(all.findValuesAsText("event")).containsExactly("scheduled", "scheduled", "scheduled", "scheduled",
        "decided", "decided", "cancelled", "cancelled");
    JsonNode flaky = all.get(7);
    assertThat(flaky.get("channel").asText()).isEqualTo("slack");
    assertThat(flaky.get("status").asText()).isEqualTo("DELIVERED");
    assertThat(flaky.get("attempts").asInt()).isEqualTo(3);
    assertThat(flaky.get("lastError").asText()).contains("HTTP 503");
    List<ChatWebhook.Post> posts = CHAT.posts(FLAKY_HOOK, version);
    assertThat(posts).extracting(ChatWebhook.Post::status).containsExactly(500, 503, 200);
    assertThat(posts.get(2).text()).startsWith("*[relman] " + version + " cancelled by alice*")
        .contains("Reason: Superseded by the next train");
    assertThat(all.get(6).get("attempts").asInt()).as("the e-mail went through at once").isEqualTo(1);

    assertThat(subjectsOf(version)).contains("[relman] " + version + " rescheduled to " + newStart,
        "[relman] " + version + " go/no-go: RESCHEDULE by alice", "[relman] " + version + " cancelled by alice");
    assertThat(mail(version, "rescheduled").getContent().toString()).contains("Reason: Ledger team on holiday",
        "New start: " + newStart, "By: alice");
  }

  @Test
  void deliveriesAreReadByEveryoneSignedInAndBadFiltersAreRefused() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    await().atMost(PATIENCE).until(() -> api("frank").get("/api/releases/" + id + "/notifications?status=DELIVERED")
        .json().size() == 2);
    assertThat(api("bob").get("/api/releases/" + id + "/notifications").status()).isEqualTo(200);

    var bad = api("frank").get("/api/releases/" + id + "/notifications?status=SENT");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("status");
    assertThat(api("frank").get("/api/releases/999999/notifications").status()).isEqualTo(404);
    assertThat(api(null).get("/api/releases/" + id + "/notifications").status()).isEqualTo(401);
  }

  private long awaitingDecision(String version) {
    long id = requestRelease("erin", version, repository(2));
    workers().run("collect-change-set", id);
    reportGate(id, "build", "PASSED");
    reportGate(id, "tests", "PASSED");
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    return id;
  }

  private JsonNode awaitDeliveries(long id, int count) {
    await().atMost(PATIENCE).until(() -> api("frank").get("/api/releases/" + id + "/notifications?status=DELIVERED")
        .json().size() == count);
    return api("frank").get("/api/releases/" + id + "/notifications").json();
  }

  private static List<MimeMessage> awaitMails(String version, int count) {
    await().atMost(PATIENCE).until(() -> mails(version).size() >= count);
    return mails(version);
  }

  /** The messages of a release: GreenMail keeps one copy per recipient, so one per subject and recipient list. */
  private static List<MimeMessage> mails(String version) {
    var seen = new java.util.LinkedHashMap<String, MimeMessage>();
    for (MimeMessage message : MAIL.getReceivedMessages()) {
      String subject = subject(message);
      if (subject.contains(" " + version + " ")) {
        seen.putIfAbsent(subject + "|" + messageId(message), message);
      }
    }
    return List.copyOf(seen.values());
  }

  private static List<String> subjectsOf(String version) {
    return mails(version).stream().map(NotificationsTest::subject).toList();
  }

  private static MimeMessage mail(String version, String subjectPart) {
    return mails(version).stream().filter(m -> subject(m).contains(subjectPart)).findFirst()
        .orElseThrow(() -> new AssertionError("no mail '" + subjectPart + "' of " + version + " in " + subjectsOf(version)));
  }

  private static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (MessagingException e) {
      throw new AssertionError(e);
    }
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> recipients(MimeMessage message) throws MessagingException {
    Address[] to = message.getRecipients(Message.RecipientType.TO);
    return Arrays.stream(to).map(Address::toString).toList();
  }
}
