package org.relman.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * Posts {@code {"text": ...}} to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat, Teams'
 * Slack-compatible connectors). Only a 2xx answer counts as delivered.
 */
@Component
class SlackMessenger implements Messenger {

  private static final int MAX_ANSWER = 300;

  private final ObjectMapper json;
  private final NotificationProperties properties;
  private final HttpClient http;

  SlackMessenger(ObjectMapper json, NotificationProperties properties) {
    this.json = json;
    this.properties = properties;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public Channel channel() {
    return Channel.SLACK;
  }

  @Override
  public void send(Delivery delivery) throws Exception {
    String text = "*" + delivery.subject() + "*\n" + delivery.body();
    HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.target()))
        .timeout(properties.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("text", text))))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      String answer = response.body() == null ? "" : response.body().strip();
      throw new IllegalStateException(Deliveries.redact(delivery.target()) + " answered HTTP " + response.statusCode()
          + (answer.isEmpty() ? "" : ": " + (answer.length() > MAX_ANSWER ? answer.substring(0, MAX_ANSWER) + "…" : answer)));
    }
  }
}
