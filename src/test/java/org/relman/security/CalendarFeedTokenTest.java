package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertProblem;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;

/**
 * Calendar feed tokens: a person's feed URL ({@code /api/calendar.ics?token=}) that a calendar app subscribes to
 * without credentials, which opens the feed and nothing else, and stops working when revoked or replaced.
 */
class CalendarFeedTokenTest extends RelmanTestBase {

  private Api.Response anonymous(String url) {
    return api(null).send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  private Api.Response feedUrl(String user) {
    Api.Response created = api(user).post("/api/calendar/feed-token", "");
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    return created;
  }

  @Test
  void aCalendarAppReadsTheFeedWithTheUrlAloneAndTheUseIsCounted() {
    long release = requestRelease("erin", releaseRequest(version("feed"), repository(1), futureStart(40)));
    Api.Response created = feedUrl("bob");
    String url = created.json().path("url").asText();
    String token = created.json().path("token").asText();

    Api.Response feed = anonymous(url);

    assertThat(url).startsWith(api(null).base() + "/api/calendar.ics?token=relcal_");
    assertThat(url).endsWith(token);
    assertThat(feed.status()).as("%s", feed).isEqualTo(200);
    assertThat(feed.contentType()).startsWith("text/calendar");
    assertThat(feed.body()).contains("BEGIN:VCALENDAR", "UID:release-" + release + "@relman");
    assertThat(jdbc.queryForObject("SELECT secret_hash FROM api_tokens WHERE kind = 'CALENDAR' AND id = ?",
        String.class, created.json().path("id").asLong())).isEqualTo(ApiTokens.hash(token));
    Api.Response state = api("bob").get("/api/calendar/feed-token");
    assertThat(state.json().path("active").asBoolean()).isTrue();
    assertThat(state.json().path("uses").asLong()).isEqualTo(1);
    assertThat(state.body()).doesNotContain(token);
  }

  @Test
  void theFeedTokenOpensTheFeedAndNothingElse() {
    String token = feedUrl("carol").json().path("token").asText();

    assertProblem(api(null).get("/api/releases?token=" + token), 401);
    assertProblem(api(null).get("/api/calendar?token=" + token), 401);
    assertProblem(api(null).send(api(null).request("/api/calendar.ics").header("Authorization", "Bearer " + token)
        .GET()), 401);
    assertProblem(api(null).get("/api/calendar.ics?token=relcal_" + "x".repeat(43)), 401);
    assertProblem(api(null).get("/api/calendar.ics"), 401);
  }

  @Test
  void aRevokedOrReplacedFeedUrlStopsWorking() {
    String first = feedUrl("dave").json().path("url").asText();
    String second = feedUrl("dave").json().path("url").asText();

    assertProblem(anonymous(first), 401);
    assertThat(anonymous(second).status()).isEqualTo(200);

    long revokedEvents = jdbc.queryForObject("SELECT COUNT(*) FROM audit_events WHERE action = 'token.revoked'"
        + " AND actor = 'dave'", Long.class);
    Api.Response revoked = api("dave").send(api("dave").request("/api/calendar/feed-token").DELETE());
    Api.Response again = api("dave").send(api("dave").request("/api/calendar/feed-token").DELETE());

    assertThat(revoked.status()).isEqualTo(204);
    assertThat(again.status()).isEqualTo(204);
    assertThat(assertProblem(anonymous(second), 401).path("detail").asText()).contains("revoked");
    assertThat(api("dave").get("/api/calendar/feed-token").json().path("active").asBoolean()).isFalse();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_events WHERE action = 'token.revoked' AND actor = 'dave'",
        Long.class)).isEqualTo(revokedEvents + 1);
  }

  @Test
  void anApiTokenCannotMakeAFeedUrl() {
    Api.Response token = api("erin").post("/api/tokens", Map.of("name", "script", "roles", List.of("engineers"),
        "expiresAt", Instant.now().plus(Duration.ofHours(1)).toString()));
    String secret = token.json().path("token").asText();

    Api.Response refused = api(null).send(api(null).request("/api/calendar/feed-token")
        .header("Authorization", "Bearer " + secret).POST(HttpRequest.BodyPublishers.noBody()));

    assertProblem(refused, 403);
    assertThat(api("erin").get("/api/calendar/feed-token").json().path("active").asBoolean()).isFalse();
  }
}
