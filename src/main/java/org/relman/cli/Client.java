package org.relman.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * relman over HTTP as the CLI talks to it: API calls with a token ({@code Authorization: Bearer}) or a user and
 * password (HTTP Basic), and webhook deliveries signed with HMAC-SHA256 over {@code <timestamp>.<path>.<body>}
 * (docs/reference/webhooks.md). A request that never reached relman (connection refused) is tried twice more; nothing
 * else is repeated, so a release is never requested twice. Secrets are never printed.
 */
final class Client {

  private static final int CONNECT_ATTEMPTS = 3;

  /** An answer: its status and body. */
  record Response(int status, String body) {

    boolean ok() {
      return status / 100 == 2;
    }

    /** The body as JSON, or null when it is none. */
    Object json() {
      try {
        return body == null || body.isBlank() ? null : Json.parse(body);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  private final URI base;
  private final String authorization;
  private final String secret;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;

  Client(URI base, String authorization, String secret, Duration timeout, Clock clock) {
    this.base = base;
    this.authorization = authorization;
    this.secret = secret;
    this.timeout = timeout;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** {@code Bearer <token>} when there is a token, else {@code Basic} for the user, else null (webhooks only). */
  static String authorization(String token, String user, String password) {
    if (token != null && !token.isBlank()) {
      return "Bearer " + token.strip();
    }
    if (user != null && !user.isBlank()) {
      String pair = user + ":" + (password == null ? "" : password);
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  Response get(String path) {
    return send(api(path).GET(), path);
  }

  Response post(String path, Object body) {
    return send(api(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))), path);
  }

  /**
   * A webhook delivery to {@code uri}, signed over its path as it is sent (the base URL's own path included when relman
   * is served under one); no credentials.
   */
  Response signedPost(URI uri, Object body) {
    if (secret == null || secret.isBlank()) {
      throw Exit.USAGE.fail("a webhook secret is required to sign: set RELMAN_WEBHOOK_SECRET (or --secret)");
    }
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json")
        .header("X-Relman-Timestamp", String.valueOf(timestamp))
        .header("X-Relman-Signature", sign(secret, timestamp, uri.getRawPath(), bytes))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    return send(request, uri.getRawPath());
  }

  /** {@code sha256=<hex>} of HMAC-SHA256(secret, "<timestamp>.<path>.<body>"). */
  static String sign(String secret, long timestamp, String path, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + "." + path + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The answer when it is 2xx; otherwise the failure a CI step should end with (refused, or unavailable). */
  static Response expectOk(Response response, String what) {
    if (response.ok()) {
      return response;
    }
    Exit exit = response.status() / 100 == 4 ? Exit.REFUSED : Exit.UNAVAILABLE;
    throw exit.fail(what + ": " + problem(response));
  }

  /** A problem detail as a person reads it: status, title, detail, and each field named in {@code errors}. */
  static String problem(Response response) {
    Object json = response.json();
    StringBuilder text = new StringBuilder("relman answered ").append(response.status());
    String title = Json.text(json, "title");
    String detail = Json.text(json, "detail");
    if (title != null) {
      text.append(" ").append(title);
    }
    if (detail != null) {
      text.append(": ").append(detail);
    } else if (json == null && response.body() != null && !response.body().isBlank()) {
      String body = response.body().strip();
      text.append(": ").append(body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
    for (Object error : Json.list(json, "errors")) {
      text.append("\n  ").append(Json.text(error, "field")).append(": ").append(Json.text(error, "message"));
    }
    return text.toString();
  }

  /** Whether API calls carry credentials (a token, or a user and password). */
  boolean signedIn() {
    return authorization != null;
  }

  private HttpRequest.Builder api(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(timeout).header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request;
  }

  /** An API path under the base URL (which may have a path of its own, behind a proxy). */
  URI uri(String path) {
    String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    return base.resolve(prefix + path);
  }

  private Response send(HttpRequest.Builder request, String path) {
    HttpRequest built = request.build();
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response.statusCode(), response.body());
      } catch (ConnectException e) {
        // the request never reached relman: trying again cannot do anything twice
        if (attempt >= CONNECT_ATTEMPTS) {
          throw Exit.UNAVAILABLE.fail("relman unreachable at " + base + " (" + describe(e) + ") after " + attempt
              + " attempts");
        }
        pause(attempt);
      } catch (HttpTimeoutException e) {
        throw Exit.UNAVAILABLE.fail("relman did not answer " + path + " within " + timeout.toSeconds() + " s");
      } catch (IOException e) {
        throw Exit.UNAVAILABLE.fail("relman unreachable at " + base + ": " + describe(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Exit.UNAVAILABLE.fail("interrupted while calling relman");
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(500L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Exit.UNAVAILABLE.fail("interrupted while calling relman");
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** For messages: where this client talks to. */
  @Override
  public String toString() {
    return "relman at " + base;
  }
}
