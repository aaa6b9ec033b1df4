package org.relman.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.RelmanProperties;
import org.relman.security.WebhookSignatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks a deploy target over HTTP: POSTs the deployment as JSON, signed like every relman webhook
 * ({@code X-Relman-Signature} over {@code <timestamp>.<target path>.<body>}) with the environment's current secret
 * (its {@code deploy.secret}, else {@code relman.webhooks.secret}), for deploy and rollback alike. A 2xx answer means the target took the
 * job; it reports the outcome later on the signed callback. Other answers and network failures are tried again with
 * growing pauses ({@code relman.deploy.webhook-retry-pause}, then twice that), then count as a failed deployment.
 */
@Component
class WebhookDeployer {

  private static final Logger log = LoggerFactory.getLogger(WebhookDeployer.class);
  private static final int ATTEMPTS = 3;

  /** Whether the target took the deployment, and what it said. */
  record Delivery(boolean delivered, String detail) {}

  private final WebhookSignatures signatures;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration firstPause;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  WebhookDeployer(WebhookSignatures signatures, ObjectMapper json, Clock clock, RelmanProperties properties) {
    this.signatures = signatures;
    this.json = json;
    this.clock = clock;
    this.firstPause = properties.deploy().webhookRetryPause();
  }

  Delivery send(DeploymentRequest request, RelmanProperties.Webhook webhook, String callbackUrl) throws InterruptedException {
    URI target = URI.create(webhook.url());
    // the path the target sees: a URL without one is requested as "/"
    String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    byte[] body = body(request, callbackUrl);
    String problem = null;
    Duration pause = firstPause;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      long timestamp = clock.instant().getEpochSecond();
      HttpRequest post = HttpRequest.newBuilder(target)
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .header(WebhookSignatures.TIMESTAMP, String.valueOf(timestamp))
          .header(WebhookSignatures.SIGNATURE, signatures.signDeployWebhook(request.environment(), timestamp, path, body))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
      try {
        HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          return new Delivery(true, "target answered " + response.statusCode());
        }
        problem = "target answered " + response.statusCode() + excerpt(response.body());
      } catch (IOException e) {
        problem = "target unreachable: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
      }
      log.warn("{} webhook for release {} in {} (attempt {} of {}): {}", request.action().label(), request.version(),
          request.environment(), attempt, ATTEMPTS, problem);
      if (attempt < ATTEMPTS) {
        Thread.sleep(pause.toMillis());
        pause = pause.multipliedBy(2);
      }
    }
    return new Delivery(false, problem + " (" + ATTEMPTS + " attempts)");
  }

  private byte[] body(DeploymentRequest request, String callbackUrl) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("releaseId", request.releaseId());
    body.put("version", request.version());
    body.put("services", request.services());
    body.put("environment", request.environment());
    body.put("action", request.action().label());
    body.put("deploymentId", request.deploymentId());
    body.put("attempt", request.attempt());
    body.put("revision", request.revision());
    body.put("reason", request.reason());
    body.put("callbackUrl", callbackUrl);
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body.strip();
    return ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
  }
}
