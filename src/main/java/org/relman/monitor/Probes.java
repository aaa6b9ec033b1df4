package org.relman.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.RelmanProperties;
import org.springframework.stereotype.Component;

/**
 * Reads the outside world for a soak: PromQL instant queries against the Prometheus HTTP API
 * ({@code GET /api/v1/query}) and plain HTTP health URLs. Anything that is not a clean answer becomes a problem
 * text, which the soak counts as a breach: relman never passes a check on missing data.
 */
@Component
class Probes {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The samples of an instant query, or why there are none usable. */
  record Reading(List<Double> values, String problem) {
    static Reading failed(String problem) {
      return new Reading(List.of(), problem);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ObjectMapper json;

  Probes(ObjectMapper json) {
    this.json = json;
  }

  Reading query(String prometheusUrl, String promql) throws InterruptedException {
    return query(prometheusUrl, promql, new RelmanProperties.PrometheusAuth(null, null, null, null));
  }

  /** An instant query, signed in as {@code auth} says and with its headers (a tenant id, say). */
  Reading query(String prometheusUrl, String promql, RelmanProperties.PrometheusAuth auth) throws InterruptedException {
    URI uri = URI.create(prometheusUrl.replaceAll("/+$", "") + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
    auth.headers().forEach(request::header);
    if (auth.authorization() != null) {
      request.header("Authorization", auth.authorization());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return Reading.failed("Prometheus did not answer within " + TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      return Reading.failed("Prometheus unreachable: " + describe(e));
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      return Reading.failed("Prometheus answered " + response.statusCode() + ": relman's credentials were refused (check"
          + " the environment's monitoring.auth)");
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      return Reading.failed("Prometheus answered " + response.statusCode() + " without JSON");
    }
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      return Reading.failed("Prometheus answered " + response.statusCode() + ": " + body.path("errorType").asText("error")
          + " " + excerpt(body.path("error").asText("")));
    }
    JsonNode data = body.path("data");
    String type = data.path("resultType").asText();
    List<Double> values = new ArrayList<>();
    switch (type) {
      case "vector" -> data.path("result").forEach(series -> values.add(number(series.path("value").path(1).asText())));
      case "scalar" -> values.add(number(data.path("result").path(1).asText()));
      default -> {
        return Reading.failed("Prometheus returned a " + type + ", not an instant vector or scalar");
      }
    }
    return new Reading(values, null);
  }

  /** The health URL's answer: null when it is 2xx, else what was wrong. */
  String health(String url) throws InterruptedException {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode() / 100 == 2 ? null : "health URL answered " + response.statusCode();
    } catch (HttpTimeoutException e) {
      return "health URL did not answer within " + TIMEOUT.toSeconds() + " s";
    } catch (IOException e) {
      return "health URL unreachable: " + describe(e);
    }
  }

  /** Prometheus echoes the query in its errors: keep enough to recognise the error, not all of it. */
  private static String excerpt(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /** Prometheus writes NaN, +Inf and -Inf as strings; anything unreadable is NaN. */
  private static double number(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          yield Double.NaN;
        }
      }
    };
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
