package org.relman.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Slack-compatible incoming webhook on a real local port: records every POST (path, content type, JSON body) and
 * answers each path with programmed statuses, in order, then 200 ({@code "ok"}, as Slack does) for the rest; or
 * always with one status ({@link #alwaysAnswer}).
 */
public final class ChatWebhook implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One post relman made; {@code status} is what this receiver answered. */
  public record Post(String path, String contentType, String body, int status) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** The message text ({@code "text"} of the JSON body). */
    public String text() {
      return json().path("text").asText();
    }
  }

  private final HttpServer server;
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Integer>> programmed = new ConcurrentHashMap<>();
  private volatile Integer always;

  private ChatWebhook(HttpServer server) {
    this.server = server;
  }

  public static ChatWebhook start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ChatWebhook hook = new ChatWebhook(server);
      server.createContext("/", hook::handle);
      server.start();
      return hook;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The next posts to {@code path} get these statuses, in order; later ones 200. */
  public void answer(String path, Integer... statuses) {
    programmed.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(statuses));
  }

  public void alwaysAnswer(int status) {
    always = status;
  }

  public List<Post> posts() {
    return List.copyOf(posts);
  }

  /** Posts to {@code path} whose text contains {@code marker} (a release's version, say). */
  public List<Post> posts(String path, String marker) {
    return posts.stream().filter(p -> p.path().equals(path) && p.text().contains(marker)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      Integer status = always;
      if (status == null) {
        Deque<Integer> queue = programmed.get(path);
        Integer next = queue == null ? null : queue.poll();
        status = next == null ? 200 : next;
      }
      posts.add(new Post(path, exchange.getRequestHeaders().getFirst("Content-Type"), body, status));
      byte[] answer = (status == 200 ? "ok" : "server_error").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
