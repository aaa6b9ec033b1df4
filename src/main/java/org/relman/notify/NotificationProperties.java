package org.relman.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relman.notifications.*} (docs/guides/notifications.md). The SMTP server itself is Spring Boot's
 * {@code spring.mail.*}; without {@code spring.mail.host} no e-mail is sent, without a webhook URL nothing is posted.
 *
 * @param email default recipients ({@code to}), sender ({@code from}, unset: JavaMail's {@code mail.from}, settable
 *     as {@code spring.mail.properties.mail.from}) and a subject prefix
 * @param slack the default Slack-compatible incoming webhook
 * @param events the milestones to notify about ({@code scheduled}, {@code decided}, {@code deployed},
 *     {@code rolled-back}, {@code completed}, {@code cancelled}, {@code escalated}); unset or empty: all
 * @param routes per milestone, recipients and webhook that replace the defaults ({@code email-to: []} or
 *     {@code slack-webhook-url: ""} turn that channel off for the milestone)
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
    @DefaultValue("PT10S") Duration timeout) {

  public NotificationProperties {
    events = events == null || events.isEmpty() ? List.of(MilestoneEvent.values()) : List.copyOf(events);
    routes = routes == null ? Map.of() : Map.copyOf(routes);
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
   * Chat notifications.
   *
   * @param webhookUrl the default Slack-compatible incoming webhook (it takes {@code {"text": ...}}); a secret
   */
  public record Slack(String webhookUrl) {}

  /**
   * Null keeps the default of {@code email.to} / {@code slack.webhook-url}; empty turns the channel off.
   *
   * @param emailTo the recipients of this milestone's e-mails instead of {@code email.to}
   * @param slackWebhookUrl the webhook of this milestone's chat messages instead of {@code slack.webhook-url}
   */
  public record Route(List<String> emailTo, String slackWebhookUrl) {}

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
