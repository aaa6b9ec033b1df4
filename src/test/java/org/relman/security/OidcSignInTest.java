package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertProblem;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on against a real OpenID Connect provider started here (mock-oauth2-server): people sign in to the pages
 * at the provider, and {@code /api} takes the provider's access tokens; the group claim becomes relman's roles
 * (mapped, or by name), and the username claim is the person four eyes and the audit trail see.
 */
class OidcSignInTest extends RelmanTestBase {

  private static final String ISSUER = "acme";
  private static final MockOAuth2Server PROVIDER = new MockOAuth2Server();

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) {
    PROVIDER.start();
    registry.add("relman.security.oidc.enabled", () -> "true");
    registry.add("relman.security.oidc.issuer-uri", () -> PROVIDER.issuerUrl(ISSUER).toString());
    registry.add("relman.security.oidc.client-id", () -> "relman");
    registry.add("relman.security.oidc.client-secret", () -> "relman-secret");
    registry.add("relman.security.oidc.role-mapping.acme-release-managers", () -> "release-managers");
    registry.add("relman.security.oidc.role-mapping.acme-dev", () -> "engineers");
  }

  @AfterAll
  static void stop() {
    PROVIDER.shutdown();
  }

  private static String accessToken(String user, List<String> groups, List<String> audience) {
    return PROVIDER.issueToken(ISSUER, "relman", new DefaultOAuth2TokenCallback(ISSUER, "sub-" + user, "JWT", audience,
        Map.of("preferred_username", user, "groups", groups), 3600)).serialize();
  }

  private static String accessToken(String user, String... groups) {
    return accessToken(user, List.of(groups), List.of("relman"));
  }

  private Api.Response get(String token, String path) {
    return api(null).send(api(null).request(path).header("Authorization", "Bearer " + token).GET());
  }

  private Api.Response post(String token, String path, Object body) {
    try {
      return api(null).send(api(null).request(path).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new com.fasterxml.jackson.databind.ObjectMapper()
              .writeValueAsString(body))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------- /api

  @Test
  void theApiTakesTheProvidersAccessTokensWithRolesFromTheGroupClaim() {
    String olivia = accessToken("olivia", "acme-release-managers", "coffee-club");
    String oscar = accessToken("oscar", "acme-dev");
    String freeze = "{\"name\":\"SSO freeze\",\"start\":\"2093-01-01T00:00:00Z\",\"end\":\"2093-01-02T00:00:00Z\","
        + "\"services\":[\"sso-" + System.nanoTime() + "\"]}";

    Api.Response byManager = post(olivia, "/api/freezes", asMap(freeze));
    Api.Response byEngineer = post(oscar, "/api/freezes", asMap(freeze));
    Api.Response requested = post(oscar, "/api/releases", releaseRequest(version("sso"), repository(1), pastStart()));

    assertThat(byManager.status()).as("%s", byManager).isEqualTo(201);
    assertThat(jdbc.queryForObject("SELECT created_by FROM freezes WHERE id = ?", String.class,
        byManager.json().path("id").asLong())).isEqualTo("olivia");
    assertProblem(byEngineer, 403);
    assertThat(requested.status()).as("%s", requested).isEqualTo(201);
    assertThat(requested.json().path("requestedBy").asText()).isEqualTo("oscar");
    // a group named like a role needs no mapping; groups of neither kind give nothing
    assertThat(get(accessToken("ruth", "/auditors"), "/api/audit/verify").status()).isEqualTo(200);
    assertProblem(get(accessToken("nobody", "coffee-club"), "/api/releases"), 403);
    // not in the identity service a token's use is checked against: no API tokens
    assertProblem(post(olivia, "/api/tokens", Map.of("name", "sso", "roles", List.of("release-managers"),
        "expiresAt", Instant.now().plus(Duration.ofHours(1)).toString())), 403);
  }

  @Test
  void tokensForAnotherAudienceOrFromAnotherIssuerOrForgedAreRefused() {
    String otherAudience = accessToken("olivia", List.of("acme-release-managers"), List.of("some-other-app"));
    String otherIssuer = PROVIDER.issueToken("evil", "relman", new DefaultOAuth2TokenCallback("evil", "sub-olivia",
        "JWT", List.of("relman"), Map.of("preferred_username", "olivia", "groups", List.of("release-managers")), 3600))
        .serialize();
    String good = accessToken("olivia", "acme-release-managers");
    String[] parts = good.split("\\.");
    String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"iss\":\"" + PROVIDER.issuerUrl(ISSUER) + "\",\"aud\":\"relman\",\"sub\":\"x\",\"preferred_username\":\"mallory\","
            + "\"groups\":[\"operaton-admin\"],\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}").getBytes())
        + "." + parts[2];

    assertProblem(get(otherAudience, "/api/releases"), 401);
    assertProblem(get(otherIssuer, "/api/releases"), 401);
    assertProblem(get(forged, "/api/releases"), 401);
    assertThat(get(good, "/api/releases").status()).isEqualTo(200);
  }

  @Test
  void basicSignInAndRelmanTokensKeepWorkingBesideSingleSignOn() {
    Api.Response created = api("erin").post("/api/tokens", Map.of("name", "beside sso", "roles", List.of("engineers"),
        "expiresAt", Instant.now().plus(Duration.ofHours(1)).toString()));
    assertThat(created.status()).as("%s", created).isEqualTo(201);

    assertThat(get(created.json().path("token").asText(), "/api/releases").status()).isEqualTo(200);
    assertThat(api("frank").get("/api/releases").status()).isEqualTo(200);
  }

  @Test
  void fourEyesKnowsThePersonBehindTheProvidersToken() {
    String olivia = accessToken("olivia", "acme-release-managers");
    Api.Response requested = post(olivia, "/api/releases", releaseRequest(version("sso"), repository(2), pastStart()));
    long id = requested.json().path("id").asLong();
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    String task = task(id, "go-no-go").getId();

    Api.Response own = post(olivia, "/api/tasks/" + task + "/complete",
        Map.of("variables", Map.of("decision", "GO", "reasoning", "I asked for it, I approve it")));
    Api.Response other = post(accessToken("otto", "acme-release-managers"), "/api/tasks/" + task + "/complete",
        Map.of("variables", Map.of("decision", "GO", "reasoning", "Gates green, someone else decides")));

    assertThat(assertProblem(own, 403).path("detail").asText()).contains("Four eyes");
    assertThat(other.status()).as("%s", other).isEqualTo(204);
    assertThat(status(id)).isEqualTo("SCHEDULED");
  }

  // ---------------------------------------------------------------------------------------------- the pages

  @Test
  void peopleSignInToThePagesAtTheProviderAndGetTheirGroupsRoles() throws Exception {
    HttpClient engineer = signIn("oscar", List.of("acme-dev"));
    HttpClient manager = signIn("olivia", List.of("acme-release-managers"));

    // the audit page is for auditors and release managers (SecurityConfig's pages chain)
    assertThat(page(engineer, "/audit").statusCode()).isEqualTo(403);
    assertThat(page(manager, "/audit").statusCode()).isNotIn(302, 401, 403);
    assertThat(page(HttpClient.newBuilder().cookieHandler(new CookieManager()).build(), "/audit").headers()
        .firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
  }

  @Test
  void theSignInPageOffersSingleSignOn() throws Exception {
    HttpResponse<String> login = page(HttpClient.newHttpClient(), "/login");

    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("href=\"/oauth2/authorization/oidc\"", "Sign in with your company account");
  }

  /** The authorization code flow as a browser goes through it: relman → the provider → back to relman, signed in. */
  private HttpClient signIn(String user, List<String> groups) throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> start = page(browser, "/oauth2/authorization/oidc");
    assertThat(start.statusCode()).as("%s", start.body()).isEqualTo(302);
    String authorize = start.headers().firstValue("Location").orElseThrow();
    assertThat(authorize).startsWith(PROVIDER.authorizationEndpointUrl(ISSUER).toString());

    PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "sub-" + user, "JWT", List.of("relman"),
        Map.of("preferred_username", user, "groups", groups), 3600));
    HttpResponse<String> provider = browser.send(HttpRequest.newBuilder(URI.create(authorize)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(provider.statusCode()).as("%s", provider.body()).isEqualTo(302);
    String callback = provider.headers().firstValue("Location").orElseThrow();
    assertThat(callback).contains("/login/oauth2/code/oidc?");

    HttpResponse<String> back = browser.send(HttpRequest.newBuilder(URI.create(callback)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(back.statusCode()).as("%s", back.body()).isEqualTo(302);
    assertThat(back.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/releases"));
    return browser;
  }

  private HttpResponse<String> page(HttpClient browser, String path) throws Exception {
    return browser.send(HttpRequest.newBuilder(URI.create(api(null).base() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> asMap(String json) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
      return map;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
