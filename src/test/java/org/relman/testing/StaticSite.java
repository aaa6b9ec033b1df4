package org.relman.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.webjars.WebJarVersionLocator;

/**
 * relman's static assets on a local port without Spring, for browser tests of the assets themselves: folders as
 * Spring would serve {@code static/}, webjars under {@code /webjars/<name>/<file>} without their version (as
 * webjars-locator-lite resolves them), and pages given as text. Every answer carries {@link #CONTENT_SECURITY_POLICY}.
 */
public final class StaticSite implements AutoCloseable {

  /**
   * The policy relman's pages are meant to be served with: only relman's own scripts, styles, fonts and calls; no
   * inline {@code <script>}, {@code <style>} or style attributes.
   */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
      + "form-action 'self'; frame-ancestors 'none'";

  private static final Map<String, String> TYPES = Map.of("js", "text/javascript", "css", "text/css",
      "html", "text/html; charset=utf-8", "bpmn", "application/xml", "form", "application/json",
      "svg", "image/svg+xml", "png", "image/png");

  private final HttpServer server;
  private final List<String> answers = new CopyOnWriteArrayList<>();

  private StaticSite() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/webjars/", this::webjar);
    server.createContext("/", exchange -> answer(exchange, 404, "text/plain", new byte[0]));
    server.start();
  }

  /** A site with relman's {@code src/main/resources/static} at {@code /}, as the application serves it. */
  public static StaticSite start() {
    try {
      StaticSite site = new StaticSite();
      for (String folder : List.of("vendor", "css", "js")) {
        site.folder("/" + folder + "/", Path.of("src/main/resources/static", folder));
      }
      site.folder("/favicon.svg", Path.of("src/main/resources/static/favicon.svg"));
      return site;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves the files under {@code folder} (or the one file) at {@code prefix}. */
  public StaticSite folder(String prefix, Path folder) {
    Path root = folder.toAbsolutePath().normalize();
    server.createContext(prefix, exchange -> {
      Path file = root.resolve(exchange.getRequestURI().getPath().substring(prefix.length())).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        answer(exchange, 404, "text/plain", new byte[0]);
      } else {
        answer(exchange, 200, type(file.toString()), Files.readAllBytes(file));
      }
    });
    return this;
  }

  /** Serves {@code html} at {@code path}. */
  public StaticSite page(String path, String html) {
    server.createContext(path, exchange -> answer(exchange, 200, TYPES.get("html"),
        html.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every answer so far, as {@code "<status> <path>"}. */
  public List<String> answers() {
    return List.copyOf(answers);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void webjar(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring("/webjars/".length());
    int slash = path.indexOf('/');
    String resource = slash < 0 ? null
        : new WebJarVersionLocator().fullPath(path.substring(0, slash), path.substring(slash + 1));
    try (InputStream in = resource == null ? null : getClass().getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        answer(exchange, 404, "text/plain", new byte[0]);
      } else {
        answer(exchange, 200, type(path), in.readAllBytes());
      }
    }
  }

  private void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    answers.add(status + " " + exchange.getRequestURI().getPath());
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private static String type(String name) {
    return TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
  }
}
