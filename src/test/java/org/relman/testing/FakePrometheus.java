package org.relman.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Prometheus HTTP API on a real local port ({@code GET /api/v1/query?query=...}, instant queries), with answers
 * programmed per query text, and, on a second port, the health URLs of the deployed services (one per name). Each
 * query's answers are given in order; the last one repeats. A query nobody programmed gets a {@code bad_data} error,
 * so a forgotten answer shows up as a failed check rather than a silent pass. {@link #unreachable()} closes the API
 * port (connections are refused) until {@link #reachable()} opens it again.
 */
public final class FakePrometheus implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double EVALUATED_AT = 1_767_225_600.0;

  /** One answer of the query API. */
  public record Answer(int status, String contentType, String body) {}

  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  private final Map<String, Deque<Integer>> health = new ConcurrentHashMap<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final List<String> healthRequests = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
  private volatile String requiredAuthorization;
  private final ExecutorService executor = Executors.newCachedThreadPool(daemon("fake-prometheus"));
  private final HttpServer healthServer;
  private final int apiPort;
  private volatile HttpServer apiServer;

  private FakePrometheus() throws IOException {
    apiServer = apiServer(0);
    apiPort = apiServer.getAddress().getPort();
    healthServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    healthServer.createContext("/", this::health);
    healthServer.setExecutor(executor);
    healthServer.start();
  }

  public static FakePrometheus start() {
    try {
      return new FakePrometheus();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------------------------------------ answers

  /** A vector with one series per value (several values: several series, e.g. one per instance). */
  public static Answer vector(double... values) {
    ObjectNode body = success("vector");
    ArrayNode result = (ArrayNode) body.path("data").path("result");
    for (int i = 0; i < values.length; i++) {
      ObjectNode series = result.addObject();
      series.putObject("metric").put("__name__", "fake").put("instance", "i-" + (i + 1));
      series.putArray("value").add(EVALUATED_AT).add(text(values[i]));
    }
    return json(200, body);
  }

  /** A scalar result: {@code [time, "value"]}. */
  public static Answer scalar(double value) {
    ObjectNode body = success("scalar");
    ((ObjectNode) body.get("data")).putArray("result").add(EVALUATED_AT).add(text(value));
    return json(200, body);
  }

  /** A vector without series: the query matched nothing. */
  public static Answer empty() {
    return vector();
  }

  public static Answer nan() {
    return vector(Double.NaN);
  }

  /** A range result, which an instant query should not return. */
  public static Answer matrix() {
    ObjectNode body = success("matrix");
    ObjectNode series = ((ArrayNode) body.path("data").path("result")).addObject();
    series.putObject("metric").put("instance", "i-1");
    series.putArray("values").addArray().add(EVALUATED_AT).add("0.5");
    return json(200, body);
  }

  /** An error as Prometheus answers it: {@code {"status":"error","errorType":...,"error":...}}. */
  public static Answer error(int status, String errorType, String message) {
    ObjectNode body = JSON.createObjectNode().put("status", "error").put("errorType", errorType).put("error", message);
    return json(status, body);
  }

  /** Whatever a proxy in front of Prometheus might say. */
  public static Answer raw(int status, String contentType, String body) {
    return new Answer(status, contentType, body);
  }

  /** Answers {@code query} with {@code given}, in order; the last answer repeats. */
  public FakePrometheus answer(String query, Answer... given) {
    if (given.length == 0) {
      throw new IllegalArgumentException("at least one answer");
    }
    answers.put(query, new ArrayDeque<>(List.of(given)));
    return this;
  }

  /** The health URL named {@code name} answers these statuses, in order; the last one repeats. Default: 200. */
  public FakePrometheus health(String name, int... statuses) {
    Deque<Integer> queue = new ArrayDeque<>();
    for (int status : statuses) {
      queue.add(status);
    }
    health.put(name, queue);
    return this;
  }

  /** From now on a query without exactly this {@code Authorization} header gets 401, as a proxy in front would answer. */
  public FakePrometheus requireAuthorization(String authorization) {
    requiredAuthorization = authorization;
    return this;
  }

  /** Forgets answers, statuses, the required authorization and what was received; opens the API port if it was closed. */
  public void reset() {
    requiredAuthorization = null;
    headers.clear();
    answers.clear();
    health.clear();
    queries.clear();
    healthRequests.clear();
    paths.clear();
    reachable();
  }

  // ------------------------------------------------------------------------------------------------ reachability

  /** Closes the API port: relman's queries get "connection refused". Health URLs stay up. */
  public synchronized void unreachable() {
    if (apiServer != null) {
      apiServer.stop(0);
      apiServer = null;
    }
  }

  /** Opens the API port again, on the same port. */
  public synchronized void reachable() {
    if (apiServer == null) {
      try {
        apiServer = apiServer(apiPort);
      } catch (IOException e) {
        throw new UncheckedIOException("could not reopen port " + apiPort, e);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ what was asked

  public String url() {
    return "http://127.0.0.1:" + apiPort;
  }

  public String healthUrl(String name) {
    return "http://127.0.0.1:" + healthServer.getAddress().getPort() + "/health/" + name;
  }

  /** The query texts received, in order. */
  public List<String> queries() {
    return List.copyOf(queries);
  }

  public long count(String query) {
    return queries.stream().filter(query::equals).count();
  }

  /** The headers of each query received, in order, by lower-case name (the first value of each). */
  public List<Map<String, String>> headers() {
    return List.copyOf(headers);
  }

  /** The request paths of the query API, in order. */
  public List<String> paths() {
    return List.copyOf(paths);
  }

  /** The names of the health URLs asked, in order. */
  public List<String> healthRequests() {
    return List.copyOf(healthRequests);
  }

  @Override
  public void close() {
    unreachable();
    healthServer.stop(0);
    executor.shutdownNow();
  }

  // ------------------------------------------------------------------------------------------------ serving

  private HttpServer apiServer(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::query);
    server.setExecutor(executor);
    server.start();
    return server;
  }

  private void query(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      paths.add(path);
      if (!path.endsWith("/api/v1/query") || !"GET".equals(exchange.getRequestMethod())) {
        send(exchange, error(404, "not_found", "fake Prometheus serves GET /api/v1/query, not "
            + exchange.getRequestMethod() + " " + path));
        return;
      }
      Map<String, String> received = new java.util.TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> received.put(name.toLowerCase(java.util.Locale.ROOT),
          values.get(0)));
      headers.add(received);
      String required = requiredAuthorization;
      if (required != null && !required.equals(received.get("authorization"))) {
        send(exchange, raw(401, "text/plain", "Unauthorized"));
        return;
      }
      String query = parameter(exchange.getRequestURI().getRawQuery(), "query");
      queries.add(query);
      send(exchange, next(query));
    }
  }

  private Answer next(String query) {
    Deque<Answer> queue = answers.get(query);
    if (queue == null) {
      return error(400, "bad_data", "fake Prometheus has no answer for query: " + query);
    }
    synchronized (queue) {
      return queue.size() > 1 ? queue.poll() : queue.peek();
    }
  }

  private void health(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String name = path.substring(path.lastIndexOf('/') + 1);
      healthRequests.add(name);
      int status = 200;
      Deque<Integer> queue = health.get(name);
      if (queue != null) {
        synchronized (queue) {
          status = queue.size() > 1 ? queue.poll() : queue.peek();
        }
      }
      send(exchange, new Answer(status, "text/plain", status / 100 == 2 ? "UP" : "DOWN"));
    }
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    boolean bodiless = answer.status() == 204 || answer.status() == 304;
    byte[] body = bodiless ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static String parameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static ObjectNode success(String resultType) {
    ObjectNode body = JSON.createObjectNode().put("status", "success");
    ObjectNode data = body.putObject("data").put("resultType", resultType);
    data.putArray("result");
    return body;
  }

  private static Answer json(int status, ObjectNode body) {
    try {
      return new Answer(status, "application/json", JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sample values as Prometheus writes them: plain decimals, "NaN", "+Inf", "-Inf". */
  private static String text(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** For failure messages. */
  @Override
  public String toString() {
    return "FakePrometheus " + url() + " queries=" + new ArrayList<>(queries);
  }
}
