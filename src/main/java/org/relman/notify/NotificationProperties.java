package org.relman.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relman.notifications.*} (docs/guides/notifications.md). The SMTP server itself is Spring Boot's
 * {@code spring.mail.*}; without {@code spring.mail.host} no e-mail is sent, without a webhook URL nothing is posted.
 *
 * @param email default recipients ({@code to}), sender ({@code from}, unset: JavaMail's {@code mail.from}, settable
 *     as {@code spring.mail.properties.mail.from}) and a subject prefix
 * @param slack the default Slack-compatible incoming webhook and its message format
 * @param teams the default Microsoft Teams webhook (a Workflows "When a Teams webhook request is received" flow),
 *     sent an Adaptive Card
 * @param events the milestones to notify about ({@code scheduled}, {@code decided}, {@code deployed},
 *     {@code rolled-back}, {@code completed}, {@code cancelled}, {@code escalated}); unset or empty: all
 * @param routes per milestone, recipients and webhooks that replace the defaults ({@code email-to: []},
 *     {@code slack-webhook-url: ""} or {@code teams-webhook-url: ""} turn that channel off for the milestone)
 * @param retry how often and how patiently a failed delivery is tried again
 * @param pollInterval how often the dispatcher looks for due deliveries (it is also woken after every commit that
 *     queued one)
 * @param timeout connect and read timeout of one delivery attempt, SMTP and HTTP alike
 */
@ConfigurationProperties("relman.notifications")
public record NotificationProperties(
    @DefaultValue Email email,
    @DefaultValue Slack slack,
    List<MilestoneEvent> events,
    Map<MilestoneEvent, Route> routes,
    @DefaultValue Retry retry,
    @DefaultValue("PT10S") Duration pollInterval,
    @DefaultValue("PT10S") Duration timeout,
    @DefaultValue Teams teams) {

  @ConstructorBinding
  public NotificationProperties {
    events = events == null || events.isEmpty() ? List.of(MilestoneEvent.values()) : List.copyOf(events);
    routes = routes == null ? Map.of() : Map.copyOf(routes);
    slack = slack == null ? new Slack(null) : slack;
    teams = teams == null ? new Teams(null) : teams;
  }

  /** Without a Teams webhook. */
  public NotificationProperties(Email email, Slack slack, List<MilestoneEvent> events, Map<MilestoneEvent, Route> routes,
      Retry retry, Duration pollInterval, Duration timeout) {
    this(email, slack, events, routes, retry, pollInterval, timeout, new Teams(null));
  }

  /** The format of the messages a milestone's Slack-compatible webhook gets. */
  public SlackFormat slackFormat(MilestoneEvent event) {
    Route route = routes.get(event);
    return route != null && route.slackFormat() != null ? route.slackFormat() : slack.format();
  }

  /**
   * E-mail notifications; they also need {@code spring.mail.host}.
   *
   * @param to default recipients of every notification e-mail; e-mail needs {@code spring.mail.host} too
   * @param from the sender; unset: {@code spring.mail.properties.mail.from}, else JavaMail's default
   * @param subjectPrefix starts every subject
   */
  public record Email(List<String> to, String from, @DefaultValue("[relman]") String subjectPrefix) {
    public Email {
      to = to == null ? List.of() : List.copyOf(to);
    }
  }

  /**
   * Chat notifications to a Slack-compatible incoming webhook.
   *
   * @param webhookUrl the default Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat, ...); a secret
   * @param format {@code text}: {@code {"text": ...}}, which every Slack-compatible chat takes; {@code blocks}: Slack's
   *     Block Kit, with a button to the release's page (and the text as the notification's fallback); {@code auto}:
   *     blocks for {@code hooks.slack.com}, text for any other host
   */
  public record Slack(String webhookUrl, @DefaultValue("auto") SlackFormat format) {

    @ConstructorBinding
    public Slack {
      format = format == null ? SlackFormat.AUTO : format;
    }

    /** A webhook in the default format. */
    public Slack(String webhookUrl) {
      this(webhookUrl, SlackFormat.AUTO);
    }
  }

  /** How messages to a Slack-compatible webhook are written. */
  public enum SlackFormat {
    /** Block Kit for Slack's own webhooks ({@code hooks.slack.com}), plain text for the others. */
    AUTO,
    /** {@code {"text": ...}} alone. */
    TEXT,
    /** Slack's Block Kit: headline, summary, details and a button to the release's page; the text as fallback. */
    BLOCKS
  }

  /**
   * Chat notifications to Microsoft Teams, as Adaptive Cards with a button to the release's page.
   *
   * @param webhookUrl the default Teams webhook: the URL of a Workflows flow "When a Teams webhook request is received"
   *     that posts the card to a channel; a secret
   */
  public record Teams(String webhookUrl) {}

  /**
   * Null keeps the default of {@code email.to}, {@code slack.webhook-url} (and its format), {@code teams.webhook-url};
   * empty turns the channel off.
   *
   * @param emailTo the recipients of this milestone's e-mails instead of {@code email.to}
   * @param slackWebhookUrl the Slack-compatible webhook of this milestone's chat messages instead of
   *     {@code slack.webhook-url}
   * @param slackFormat the format of this milestone's Slack-compatible messages instead of {@code slack.format}
   * @param teamsWebhookUrl the Teams webhook of this milestone's cards instead of {@code teams.webhook-url}
   */
  public record Route(List<String> emailTo, String slackWebhookUrl, SlackFormat slackFormat, String teamsWebhookUrl) {

    @ConstructorBinding
    public Route {}

    /** Recipients and a Slack-compatible webhook only. */
    public Route(List<String> emailTo, String slackWebhookUrl) {
      this(emailTo, slackWebhookUrl, null, null);
    }
  }

  /**
   * A delivery is tried at most {@code maxAttempts} times; the pause after attempt n is {@code initialBackoff × 2^(n-1)},
   * at most {@code maxBackoff}. After the last attempt it is recorded as failed (given up).
   *
   * @param maxAttempts attempts per delivery before it is recorded as failed
   * @param initialBackoff the pause after the first failed attempt, doubling after each further one
   * @param maxBackoff the longest pause between two attempts
   */
  public record Retry(
      @DefaultValue("6") int maxAttempts,
      @DefaultValue("PT30S") Duration initialBackoff,
      @DefaultValue("PT30M") Duration maxBackoff) {

    public Duration backoffAfter(int attempt) {
      Duration pause = initialBackoff;
      for (int i = 1; i < attempt && pause.compareTo(maxBackoff) < 0; i++) {
        pause = pause.multipliedBy(2);
      }
      return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }
  }
}
