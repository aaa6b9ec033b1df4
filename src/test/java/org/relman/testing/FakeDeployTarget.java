package org.relman.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.relman.security.WebhookSignatures;

/**
 * A webhook deploy target on a real local port: records every request relman sends (headers and body), answers
 * each path with programmed statuses (in order, the last one repeating; default 202), and can run something before
 * it answers, such as calling relman back the way a fast target does. Calling back is up to the test
 * ({@link #callBack}): the target takes the job, and reports its outcome later on the signed callback.
 */
public final class FakeDeployTarget implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request relman sent. */
  public record Request(String method, String path, String query, Map<String, String> headers, byte[] body,
      Instant receivedAt) {

    /** A header by name, case-insensitive; null when absent. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("relman sent a body that is not JSON: " + text(), e);
      }
    }

    public String deploymentId() {
      return json().path("deploymentId").asText();
    }

    /** Whether the signature is relman's over {@code <timestamp>.<this request's path>.<body>}. */
    public boolean signedWith(WebhookSignatures signatures) {
      String timestamp = header(WebhookSignatures.TIMESTAMP);
      String signature = header(WebhookSignatures.SIGNATURE);
      if (timestamp == null || signature == null) {
        return false;
      }
      return MessageDigest.isEqual(signatures.sign(Long.parseLong(timestamp), path, body)
          .getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The same check as a deploy target would write it, from API.md alone: HMAC-SHA256 with the shared secret over
     * {@code <timestamp>.<path>.<raw body>}, hex, prefixed {@code sha256=}.
     */
    public boolean signedWithSecret(String secret) {
      String timestamp = header(WebhookSignatures.TIMESTAMP);
      String signature = header(WebhookSignatures.SIGNATURE);
      if (timestamp == null || signature == null) {
        return false;
      }
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + "." + path + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
            signature.getBytes(StandardCharsets.US_ASCII));
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(FakePrometheus.daemon("fake-deploy-target"));
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Integer>> statuses = new ConcurrentHashMap<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private volatile Consumer<Request> beforeAnswering = request -> { };

  private FakeDeployTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  public static FakeDeployTarget start() {
    try {
      return new FakeDeployTarget();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL of {@code path} (e.g. {@code /deploy}) on this target. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Requests to {@code path} are answered with these statuses, in order; the last one repeats. */
  public FakeDeployTarget answer(String path, int... given) {
    Deque<Integer> queue = new ArrayDeque<>();
    for (int status : given) {
      queue.add(status);
    }
    statuses.put(path, queue);
    return this;
  }

  /** Runs {@code action} on each request before answering it (relman is still waiting for the answer then). */
  public FakeDeployTarget beforeAnswering(Consumer<Request> action) {
    this.beforeAnswering = action;
    return this;
  }

  /** Every request received, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** The only request to {@code path}; fails when there is none or more than one. */
  public Request only(String path) {
    List<Request> received = requests(path);
    if (received.size() != 1) {
      throw new AssertionError("expected one request to " + path + ", got " + received.size() + ": " + requests);
    }
    return received.get(0);
  }

  /**
   * Calls relman back for {@code request} as the target: POSTs {@code {"deploymentId","status","details"}}, signed
   * with {@code timestamp}, to the path of the callbackUrl relman sent.
   */
  public static Api.Response callBack(Api relman, Request request, String status, String details, long timestamp) {
    String path = URI.create(request.json().path("callbackUrl").asText()).getRawPath();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deploymentId", request.deploymentId());
    body.put("status", status);
    body.put("details", details);
    try {
      return relman.signedPost(path, JSON.writeValueAsString(body), timestamp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets requests, statuses and the before-answering action. */
  public void reset() {
    requests.clear();
    statuses.clear();
    failures.clear();
    beforeAnswering = request -> { };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestURI().getRawQuery(), Map.copyOf(headers), exchange.getRequestBody().readAllBytes(),
          Instant.now());
      requests.add(request);
      int status = 202;
      Deque<Integer> queue = statuses.get(request.path());
      if (queue != null) {
        synchronized (queue) {
          status = queue.size() > 1 ? queue.poll() : queue.peek();
        }
      }
      try {
        beforeAnswering.accept(request);
      } catch (RuntimeException | AssertionError e) {
        // the test reads what went wrong from its own assertions; relman sees a failing target
        status = 599;
        failures.add(e);
      }
      byte[] body = (status / 100 == 2 ? "{\"accepted\":true}" : "{\"error\":\"target refused with " + status + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /** What went wrong inside before-answering actions (they run on the server's threads). */
  public List<Throwable> failures() {
    return List.copyOf(failures);
  }
}
