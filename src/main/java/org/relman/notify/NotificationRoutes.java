package org.relman.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Who hears of a milestone: the defaults ({@code email.to}, {@code slack.webhook-url}) unless the milestone's route
 * replaces them. E-mail goes out only with an SMTP server ({@code spring.mail.host}); with neither a server nor a
 * webhook, notifications are off and nothing is queued. The settings are checked at start-up: a malformed address or
 * URL stops relman with a message naming the key, rather than failing every delivery later.
 */
@Component
class NotificationRoutes {

  private static final Logger log = LoggerFactory.getLogger(NotificationRoutes.class);

  /** One delivery to make: an e-mail to these recipients (comma-separated), or a post to this webhook URL. */
  record Target(Channel channel, String address) {}

  private final NotificationProperties properties;
  private final boolean mail;

  NotificationRoutes(NotificationProperties properties, Environment environment) {
    this.properties = properties;
    String host = environment.getProperty("spring.mail.host");
    this.mail = host != null && !host.isBlank();
    check();
    describe();
  }

  /** Whether e-mail can be sent at all (an SMTP server is configured). */
  boolean mailConfigured() {
    return mail;
  }

  List<Target> targets(MilestoneEvent event) {
    if (!properties.events().contains(event)) {
      return List.of();
    }
    NotificationProperties.Route route = properties.routes().get(event);
    List<String> to = route != null && route.emailTo() != null ? route.emailTo() : properties.email().to();
    String webhook = route != null && route.slackWebhookUrl() != null ? route.slackWebhookUrl() : properties.slack().webhookUrl();
    List<Target> targets = new ArrayList<>();
    List<String> recipients = to.stream().filter(a -> a != null && !a.isBlank()).map(String::strip).toList();
    if (mail && !recipients.isEmpty()) {
      targets.add(new Target(Channel.EMAIL, String.join(",", recipients)));
    }
    if (webhook != null && !webhook.isBlank()) {
      targets.add(new Target(Channel.SLACK, webhook.strip()));
    }
    String teams = route != null && route.teamsWebhookUrl() != null ? route.teamsWebhookUrl()
        : properties.teams().webhookUrl();
    if (teams != null && !teams.isBlank()) {
      targets.add(new Target(Channel.TEAMS, teams.strip()));
    }
    return targets;
  }

  private void check() {
    List<String> problems = new ArrayList<>();
    checkAddresses("relman.notifications.email.to", properties.email().to(), problems);
    if (properties.email().from() != null && !properties.email().from().isBlank()) {
      checkAddresses("relman.notifications.email.from", List.of(properties.email().from()), problems);
    }
    checkUrl("relman.notifications.slack.webhook-url", properties.slack().webhookUrl(), problems);
    checkUrl("relman.notifications.teams.webhook-url", properties.teams().webhookUrl(), problems);
    for (Map.Entry<MilestoneEvent, NotificationProperties.Route> route : properties.routes().entrySet()) {
      String key = "relman.notifications.routes." + route.getKey().key();
      if (route.getValue().emailTo() != null) {
        checkAddresses(key + ".email-to", route.getValue().emailTo(), problems);
      }
      checkUrl(key + ".slack-webhook-url", route.getValue().slackWebhookUrl(), problems);
      checkUrl(key + ".teams-webhook-url", route.getValue().teamsWebhookUrl(), problems);
    }
    var retry = properties.retry();
    if (retry.maxAttempts() < 1) {
      problems.add("relman.notifications.retry.max-attempts must be at least 1, got " + retry.maxAttempts());
    }
    if (retry.initialBackoff().isNegative() || retry.initialBackoff().isZero()) {
      problems.add("relman.notifications.retry.initial-backoff must be positive, got " + retry.initialBackoff());
    }
    if (retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
      problems.add("relman.notifications.retry.max-backoff must not be shorter than initial-backoff, got "
          + retry.maxBackoff());
    }
    if (properties.pollInterval().isNegative() || properties.pollInterval().isZero()) {
      problems.add("relman.notifications.poll-interval must be positive, got " + properties.pollInterval());
    }
    if (properties.timeout().isNegative() || properties.timeout().isZero()) {
      problems.add("relman.notifications.timeout must be positive, got " + properties.timeout());
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid notification settings: " + String.join("; ", problems));
    }
  }

  private static void checkAddresses(String key, List<String> addresses, List<String> problems) {
    for (String address : addresses) {
      if (address == null || address.isBlank()) {
        continue;
      }
      try {
        new InternetAddress(address.strip(), true);
      } catch (AddressException e) {
        problems.add(key + ": '" + address + "' is not an e-mail address (" + e.getMessage() + ")");
      }
    }
  }

  private static void checkUrl(String key, String url, List<String> problems) {
    if (url == null || url.isBlank()) {
      return;
    }
    try {
      URI uri = URI.create(url.strip());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        problems.add(key + ": '" + Deliveries.redact(url) + "' is not an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      problems.add(key + ": not a URL (" + e.getMessage() + ")");
    }
  }

  private static boolean set(String value) {
    return value != null && !value.isBlank();
  }

  private void describe() {
    boolean anyMail = !properties.email().to().isEmpty()
        || properties.routes().values().stream().anyMatch(r -> r.emailTo() != null && !r.emailTo().isEmpty());
    if (anyMail && !mail) {
      log.warn("Notification e-mail recipients are set but spring.mail.host is not: no e-mail will be sent");
    }
    boolean anyWebhook = set(properties.slack().webhookUrl()) || set(properties.teams().webhookUrl())
        || properties.routes().values().stream().anyMatch(r -> set(r.slackWebhookUrl()) || set(r.teamsWebhookUrl()));
    if (!(anyMail && mail) && !anyWebhook) {
      log.info("Notifications are off: no SMTP server with recipients and no webhook configured (relman.notifications.*)");
    } else {
      log.info("Notifications on for {}: e-mail {}, webhook {}", properties.events().stream().map(MilestoneEvent::key).toList(),
          anyMail && mail ? "on" : "off", anyWebhook ? "on" : "off");
    }
  }
}
