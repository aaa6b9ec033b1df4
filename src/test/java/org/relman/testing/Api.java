package org.relman.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.security.WebhookSignatures;

/** relman's HTTP API as a client sees it: real requests to the running server, JSON answers. */
public final class Api {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String base;
  private final String user;
  private final Signer signatures;

  /** Signs a webhook delivery: the {@code X-Relman-Signature} value for timestamp, path and body. */
  public interface Signer {
    String sign(long timestamp, String path, byte[] body);
  }

  /** Signs as a CI system or deploy target holding {@code secret} does, from API.md alone. */
  public static Signer hmac(String secret) {
    return (timestamp, path, body) -> {
      try {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + "." + path + ".").getBytes(StandardCharsets.UTF_8));
        return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  public Api(int port, String user, WebhookSignatures signatures) {
    this(port, user, signatures == null ? null : (Signer) signatures::sign);
  }

  public Api(int port, String user, Signer signatures) {
    this.base = "http://localhost:" + port;
    this.user = user;
    this.signatures = signatures;
  }

  public Api as(String other) {
    return new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), other, signatures);
  }

  public Api anonymous() {
    return as(null);
  }

  /** An answer: status, body as JSON (null when empty or not JSON), raw body and headers. */
  public record Response(int status, JsonNode json, String body, java.net.http.HttpHeaders headers) {
    public String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response post(String path, Object body) {
    try {
      return post(path, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A webhook delivery signed as CI signs it, timestamped now. */
  public Response signedPost(String path, String json) {
    return signedPost(path, json, System.currentTimeMillis() / 1000);
  }

  public Response signedPost(String path, String json, long timestamp) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .header(WebhookSignatures.TIMESTAMP, String.valueOf(timestamp))
        .header(WebhookSignatures.SIGNATURE, signatures.sign(timestamp, path, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      String body = response.body();
      if (body != null && !body.isBlank() && (body.startsWith("{") || body.startsWith("["))) {
        json = JSON.readTree(body);
      }
      return new Response(response.statusCode(), json, body, response.headers());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    if (user != null) {
      String credentials = user + ":" + user;
      builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return builder;
  }

  public String base() {
    return base;
  }
}
