package org.relman.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts a chat message to a webhook; only a 2xx answer counts as delivered. */
final class WebhookPost {

  private static final int MAX_ANSWER = 300;

  private final HttpClient http;
  private final Duration timeout;

  WebhookPost(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  void post(String target, String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(target))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      String answer = response.body() == null ? "" : response.body().strip();
      throw new IllegalStateException(Deliveries.redact(target) + " answered HTTP " + response.statusCode()
          + (answer.isEmpty() ? "" : ": " + (answer.length() > MAX_ANSWER ? answer.substring(0, MAX_ANSWER) + "…" : answer)));
    }
  }

  /** The release's page, where chat buttons lead: {@code relman.public-url}, else this node. */
  static String page(String publicUrl, org.springframework.core.env.Environment environment, long releaseId) {
    String base = publicUrl;
    if (base == null || base.isBlank()) {
      base = "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port",
          "8080"));
    }
    return base.replaceAll("/+$", "") + "/releases/" + releaseId;
  }
}
