package org.relman.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A browser-like session with the Operaton webapps (Tasklist, Cockpit, Admin): their own session login and their
 * CSRF token (sent as the X-XSRF-TOKEN response header, expected back on every modifying request).
 */
public final class WebappSession {

  private final String base;
  private final HttpClient http;
  private String csrfToken;

  private WebappSession(int port) {
    this.base = "http://localhost:" + port + "/operaton";
    this.http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
  }

  /** Signs in to {@code app} (tasklist, cockpit, admin); returns the login's HTTP status and the session. */
  public static Login login(int port, String app, String user, String password) {
    WebappSession session = new WebappSession(port);
    session.get("/app/" + app + "/default/");
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpResponse<String> response = session.send(HttpRequest.newBuilder(URI.create(session.base
            + "/api/admin/auth/user/default/login/" + app))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
    // the webapps want one read after signing in before they accept a write
    session.get("/api/admin/auth/user/default");
    return new Login(response.statusCode(), session);
  }

  public record Login(int status, WebappSession session) {}

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public HttpResponse<String> postJson(String path, String json) {
    return sendJson("POST", path, json);
  }

  /** Any method with a JSON body (none when {@code json} is null), with the session's CSRF token. */
  public HttpResponse<String> sendJson(String method, String path, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return send(request);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    if (csrfToken != null) {
      request.header("X-XSRF-TOKEN", csrfToken);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      response.headers().firstValue("X-XSRF-TOKEN").filter(t -> !"Required".equals(t)).ifPresent(t -> csrfToken = t);
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
