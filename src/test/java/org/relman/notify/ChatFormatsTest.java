package org.relman.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relman.RelmanProperties;
import org.relman.testing.ChatWebhook;
import org.springframework.mock.env.MockEnvironment;

/**
 * What chat receives, per webhook: Slack's Block Kit with a button to the release's page, the plain {@code {"text"}}
 * every Slack-compatible chat takes, or a Microsoft Teams Adaptive Card; posted to a real local HTTP server.
 */
class ChatFormatsTest {

  private static final ChatWebhook CHAT = ChatWebhook.start();
  private static final String BODY = """
      alice decided GO. It will be deployed from its planned start (a hotfix at once).

      Release: 2026.12.0 (December payments release)
      Services: payments, ledger
      Event: decided
      By: alice
      Reasoning: <!channel> all green & <https://evil.example|click here>
        second line of the reasoning
      Link: https://relman.example.org/api/releases/42
      """;

  @AfterAll
  static void stop() {
    CHAT.close();
  }

  @Test
  void slackBlocksCarryTheHeadlineTheFactsEscapedAndAButtonToTheReleasePage() throws Exception {
    SlackMessenger slack = slack(NotificationProperties.SlackFormat.BLOCKS, Map.of());

    slack.send(delivery(MilestoneEvent.DECIDED, Channel.SLACK, CHAT.url("/hooks/blocks")));

    JsonNode message = post("/hooks/blocks");
    assertThat(message.path("text").asText()).startsWith("[relman] 2026.12.0 go/no-go: GO by alice")
        .contains("https://relman.example.org/releases/42");
    JsonNode blocks = message.path("blocks");
    assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).path("text").path("text").asText()).isEqualTo("[relman] 2026.12.0 go/no-go: GO by alice");
    assertThat(blocks.get(1).path("text").path("text").asText()).startsWith("alice decided GO.");
    String facts = blocks.get(2).path("text").path("text").asText();
    assertThat(facts).contains("*Release:* 2026.12.0 (December payments release)", "*By:* alice",
        "*Reasoning:* &lt;!channel&gt; all green &amp; &lt;https://evil.example|click here&gt;\nsecond line")
        .doesNotContain("<!channel>", "Link:");
    JsonNode button = blocks.get(3).path("elements").get(0);
    assertThat(blocks.get(3).path("type").asText()).isEqualTo("actions");
    assertThat(button.path("type").asText()).isEqualTo("button");
    assertThat(button.path("url").asText()).isEqualTo("https://relman.example.org/releases/42");
  }

  @Test
  void plainTextStaysTheSlackCompatibleShapeOfBefore() throws Exception {
    SlackMessenger slack = slack(NotificationProperties.SlackFormat.TEXT, Map.of());

    slack.send(delivery(MilestoneEvent.DECIDED, Channel.SLACK, CHAT.url("/hooks/text")));

    JsonNode message = post("/hooks/text");
    assertThat(message.size()).isEqualTo(1);
    assertThat(message.path("text").asText()).isEqualTo("*[relman] 2026.12.0 go/no-go: GO by alice*\n" + BODY);
  }

  @Test
  void formatIsChosenPerWebhookSlacksOwnGetBlocksByDefault() throws Exception {
    var deployments = new NotificationProperties.Route(null, CHAT.url("/hooks/deployments"),
        NotificationProperties.SlackFormat.BLOCKS, null);
    SlackMessenger slack = slack(NotificationProperties.SlackFormat.AUTO, Map.of(MilestoneEvent.DEPLOYED, deployments));

    assertThat(slack.blocks(delivery(MilestoneEvent.DECIDED, Channel.SLACK, "https://hooks.slack.com/services/T/B/X")))
        .as("Slack's own webhook").isTrue();
    assertThat(slack.blocks(delivery(MilestoneEvent.DECIDED, Channel.SLACK, "https://chat.example.org/hooks/abc")))
        .as("Mattermost and the like").isFalse();
    slack.send(delivery(MilestoneEvent.DEPLOYED, Channel.SLACK, CHAT.url("/hooks/deployments")));
    assertThat(post("/hooks/deployments").has("blocks")).as("the route's own format").isTrue();
  }

  @Test
  void teamsGetsAnAdaptiveCardWithTheFactsAndAButtonToTheReleasePage() throws Exception {
    TeamsMessenger teams = new TeamsMessenger(new ObjectMapper(), properties(NotificationProperties.SlackFormat.AUTO,
        Map.of()), relman(), new MockEnvironment());

    teams.send(delivery(MilestoneEvent.DECIDED, Channel.TEAMS, CHAT.url("/hooks/teams")));

    JsonNode message = post("/hooks/teams");
    assertThat(message.path("type").asText()).isEqualTo("message");
    JsonNode attachment = message.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.path("content");
    assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.path("version").asText()).isEqualTo("1.4");
    assertThat(card.path("body").get(0).path("text").asText()).isEqualTo("[relman] 2026.12.0 go/no-go: GO by alice");
    assertThat(card.path("body").get(2).path("type").asText()).isEqualTo("FactSet");
    assertThat(card.path("body").get(2).path("facts").findValuesAsText("title"))
        .containsExactly("Release", "Services", "Event", "By", "Reasoning");
    JsonNode action = card.path("actions").get(0);
    assertThat(action.path("type").asText()).isEqualTo("Action.OpenUrl");
    assertThat(action.path("url").asText()).isEqualTo("https://relman.example.org/releases/42");
  }

  @Test
  void teamsWebhooksAreRoutedPerMilestoneLikeTheOthers() {
    var routes = new NotificationRoutes(new NotificationProperties(new NotificationProperties.Email(List.of(), null,
        "[relman]"), new NotificationProperties.Slack(null), null,
        Map.of(MilestoneEvent.ESCALATED, new NotificationProperties.Route(null, null, null, "")),
        new NotificationProperties.Retry(6, Duration.ofSeconds(30), Duration.ofMinutes(30)), Duration.ofSeconds(10),
        Duration.ofSeconds(10), new NotificationProperties.Teams("https://example.webhook.office.com/workflows/abc")),
        new MockEnvironment());

    assertThat(routes.targets(MilestoneEvent.DEPLOYED)).containsExactly(new NotificationRoutes.Target(Channel.TEAMS,
        "https://example.webhook.office.com/workflows/abc"));
    assertThat(routes.targets(MilestoneEvent.ESCALATED)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private static SlackMessenger slack(NotificationProperties.SlackFormat format,
      Map<MilestoneEvent, NotificationProperties.Route> routes) {
    return new SlackMessenger(new ObjectMapper(), properties(format, routes), relman(), new MockEnvironment());
  }

  private static NotificationProperties properties(NotificationProperties.SlackFormat format,
      Map<MilestoneEvent, NotificationProperties.Route> routes) {
    return new NotificationProperties(new NotificationProperties.Email(List.of(), null, "[relman]"),
        new NotificationProperties.Slack(CHAT.url("/hooks/default"), format), null, routes,
        new NotificationProperties.Retry(6, Duration.ofSeconds(30), Duration.ofMinutes(30)), Duration.ofSeconds(10),
        Duration.ofSeconds(5));
  }

  private static RelmanProperties relman() {
    RelmanProperties relman = mock(RelmanProperties.class);
    when(relman.publicUrl()).thenReturn("https://relman.example.org/");
    return relman;
  }

  private static Delivery delivery(MilestoneEvent event, Channel channel, String target) {
    Instant now = Instant.now();
    return new Delivery(7, 42, event, channel, target, "[relman] 2026.12.0 go/no-go: GO by alice", BODY,
        Delivery.PENDING, 0, now, now, null, null, null);
  }

  private static JsonNode post(String path) {
    List<ChatWebhook.Post> posts = CHAT.posts().stream().filter(p -> p.path().equals(path)).toList();
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).contentType()).startsWith("application/json");
    return posts.get(0).json();
  }
}
