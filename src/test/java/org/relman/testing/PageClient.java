package org.relman.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person using relman's pages as a browser without scripts would: signed in through the form (session cookie), GETs
 * that do not follow redirects, and form POSTs carrying the CSRF token of the last page read.
 */
public final class PageClient {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final HttpClient client = HttpClient.newBuilder()
      .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
  private String csrf;

  /** A page answer: its status, its Location when it redirects, its HTML. */
  public record Page(int status, String location, String body) {}

  private PageClient(int port) {
    this.base = "http://localhost:" + port;
  }

  /** Anonymous: nobody signed in. */
  public static PageClient anonymous(int port) {
    return new PageClient(port);
  }

  /** Signed in as {@code user} (password = user name, the demo users); fails if the sign-in is refused. */
  public static PageClient signedIn(int port, String user) {
    PageClient session = new PageClient(port);
    session.get("/login");
    Page signedIn = session.post("/login", Map.of("username", user, "password", user));
    if (signedIn.location() == null || signedIn.location().contains("failed")) {
      throw new IllegalStateException(user + " could not sign in: " + signedIn);
    }
    return session;
  }

  public Page get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  /** GET as htmx asks: with {@code HX-Request: true}. */
  public Page htmx(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("HX-Request", "true").GET().build());
  }

  /** A form POST with the CSRF token of the last page read. */
  public Page post(String path, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    if (csrf != null) {
      all.putIfAbsent("_csrf", csrf);
    }
    String body = all.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private Page send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      Matcher token = CSRF.matcher(response.body());
      if (token.find()) {
        csrf = token.group(1);
      }
      return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(null), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
