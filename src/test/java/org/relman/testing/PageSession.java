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
 * A person in relman's pages, as a browser without scripts would be: signed in through the login form (session cookie,
 * CSRF token), reading pages and posting forms with the token the last page carried. Redirects are not followed, so a
 * test sees them.
 */
public final class PageSession {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final HttpClient client;
  private String csrf;

  private PageSession(int port) {
    this(port, HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build(), null);
  }

  private PageSession(int port, HttpClient client, String csrf) {
    this.base = "http://localhost:" + port;
    this.client = client;
    this.csrf = csrf;
  }

  /** The same browser (its cookies, its last CSRF token) talking to another relman node, as behind a load balancer. */
  public PageSession onPort(int port) {
    return new PageSession(port, client, csrf);
  }

  /** Signed in as {@code user} (password = user name, the demo users); anonymous when null. */
  public static PageSession as(int port, String user) {
    PageSession session = new PageSession(port);
    if (user != null) {
      HttpResponse<String> signedIn = session.post("/login", Map.of("username", user, "password", user));
      if (signedIn.headers().firstValue("Location").orElse("").contains("failed")) {
        throw new IllegalStateException(user + " could not sign in");
      }
    }
    return session;
  }

  public HttpResponse<String> get(String path) {
    HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    Matcher token = CSRF.matcher(page.body());
    if (token.find()) {
      csrf = token.group(1);
    }
    return page;
  }

  /** A GET as htmx sends it (header {@code HX-Request: true}), for the fragments htmx swaps into a page. */
  public HttpResponse<String> getAsHtmx(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("HX-Request", "true").GET());
  }

  /** Posts a form with the CSRF token of the last page read (the login page's, the first time). */
  public HttpResponse<String> post(String path, Map<String, String> fields) {
    if (csrf == null) {
      get("/login");
    }
    Map<String, String> form = new LinkedHashMap<>(fields);
    form.put("_csrf", csrf);
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(),
            StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
