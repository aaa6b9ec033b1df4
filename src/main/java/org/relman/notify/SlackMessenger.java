package org.relman.notify;

import java.net.URI;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.RelmanProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Posts to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat, ...) in the milestone's format
 * ({@code relman.notifications.slack.format}, or its route's {@code slack-format}): {@code {"text": ...}}, or Slack's
 * Block Kit with a button to the release's page. Only a 2xx answer counts as delivered.
 */
@Component
class SlackMessenger implements Messenger {

  private final ObjectMapper json;
  private final NotificationProperties properties;
  private final RelmanProperties relman;
  private final Environment environment;
  private final WebhookPost webhook;

  SlackMessenger(ObjectMapper json, NotificationProperties properties, RelmanProperties relman, Environment environment) {
    this.json = json;
    this.properties = properties;
    this.relman = relman;
    this.environment = environment;
    this.webhook = new WebhookPost(properties.timeout());
  }

  @Override
  public Channel channel() {
    return Channel.SLACK;
  }

  @Override
  public void send(Delivery delivery) throws Exception {
    Object message = blocks(delivery)
        ? ChatMessage.of(delivery, WebhookPost.page(relman.publicUrl(), environment, delivery.releaseId())).slackBlocks()
        : ChatMessage.text(delivery);
    webhook.post(delivery.target(), json.writeValueAsString(message));
  }

  /** Whether this delivery is written in Block Kit. */
  boolean blocks(Delivery delivery) {
    return switch (properties.slackFormat(delivery.event())) {
      case BLOCKS -> true;
      case TEXT -> false;
      case AUTO -> {
        String host = URI.create(delivery.target().strip()).getHost();
        yield host != null && host.toLowerCase(Locale.ROOT).equals("hooks.slack.com");
      }
    };
  }
}
