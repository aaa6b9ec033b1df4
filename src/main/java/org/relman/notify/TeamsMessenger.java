package org.relman.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.RelmanProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Posts an Adaptive Card to a Microsoft Teams Workflows webhook ({@code relman.notifications.teams.webhook-url}): the
 * headline, the summary, the details as facts and a button to the release's page. Only a 2xx answer counts.
 */
@Component
class TeamsMessenger implements Messenger {

  private final ObjectMapper json;
  private final RelmanProperties relman;
  private final Environment environment;
  private final WebhookPost webhook;

  TeamsMessenger(ObjectMapper json, NotificationProperties properties, RelmanProperties relman, Environment environment) {
    this.json = json;
    this.relman = relman;
    this.environment = environment;
    this.webhook = new WebhookPost(properties.timeout());
  }

  @Override
  public Channel channel() {
    return Channel.TEAMS;
  }

  @Override
  public void send(Delivery delivery) throws Exception {
    ChatMessage message = ChatMessage.of(delivery, WebhookPost.page(relman.publicUrl(), environment, delivery.releaseId()));
    webhook.post(delivery.target(), json.writeValueAsString(message.teamsCard()));
  }
}
