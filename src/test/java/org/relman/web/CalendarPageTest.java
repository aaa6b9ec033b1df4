package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.relman.testing.PageSession;
import org.relman.testing.RelmanTestBase;

/**
 * The calendar page: release windows and freezes in the month and week views, conflicts marked, and freezes declared
 * under the API's rules with each problem next to its field.
 */
class CalendarPageTest extends RelmanTestBase {

  @Test
  void aRecurringFreezeIsExpandedAndAReleaseInsideItIsMarked() {
    String service = "cal-" + System.nanoTime();
    PageSession alice = PageSession.as(port, "alice");
    alice.get("/calendar");
    HttpResponse<String> created = alice.post("/calendar/freezes", Map.of("name", "Weekend freeze " + service,
        "kind", "recurring", "cron", "0 0 18 * * FRI", "duration", "PT62H", "zone", "UTC", "services", service));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
    // a release of that service on a Saturday, inside the freeze, and another one in the same window: a conflict
    java.time.Instant saturday = java.time.LocalDate.of(2025, 6, 7).atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
    Map<String, Object> first = new java.util.LinkedHashMap<>(releaseRequest(version("cal"), repository(1), saturday));
    first.put("services", List.of(service));
    Map<String, Object> second = new java.util.LinkedHashMap<>(releaseRequest(version("cal"), repository(1), saturday));
    second.put("services", List.of(service));
    requestRelease("erin", first);
    requestRelease("erin", second);

    String month = alice.get("/calendar?view=month&date=2025-06-01").body();
    String week = alice.get("/calendar?view=week&date=2025-06-04").body();

    for (String page : List.of(month, week)) {
      assertThat(count(page, "Weekend freeze " + service)).as("the freeze on Fri, Sat, Sun and Mon of that week, and more")
          .isGreaterThanOrEqualTo(4);
      assertThat(page).contains("Conflict with " + second.get("version") + " (" + service + ")")
          .contains("Conflict with " + first.get("version") + " (" + service + ")")
          .contains("Inside freeze Weekend freeze " + service);
    }
    assertThat(week).contains("Week of 2025-06-02");
    assertThat(month).contains("June 2025");
  }

  @Test
  void aFreezeWithMistakesNamesEachNextToItsFieldAndIsNotDeclared() {
    PageSession alice = PageSession.as(port, "alice");
    alice.get("/calendar");
    long before = count("freezes");

    HttpResponse<String> refused = alice.post("/calendar/freezes", Map.of("name", " ", "kind", "once",
        "start", "2093-05-02T00:00", "end", "2093-05-01T00:00", "zone", "Mars/Olympus", "services", "Payments"));

    assertThat(refused.statusCode()).isEqualTo(400);
    String page = refused.body();
    assertThat(fieldError(page, "name")).isEqualTo("is required");
    assertThat(fieldError(page, "zone")).contains("'Mars/Olympus' is not a time zone");
    assertThat(fieldError(page, "services")).contains("must match [a-z0-9-]{1,64}");
    assertThat(page).contains("aria-invalid=\"true\"").contains("value=\"Payments\"");
    assertThat(count("freezes")).isEqualTo(before);

    HttpResponse<String> backwards = alice.post("/calendar/freezes", Map.of("name", "Backwards", "kind", "once",
        "start", "2093-05-02T00:00", "end", "2093-05-01T00:00", "zone", "UTC", "services", ""));
    assertThat(fieldError(backwards.body(), "end")).startsWith("must be after start");

    HttpResponse<String> badCron = alice.post("/calendar/freezes", Map.of("name", "Every minute", "kind", "recurring",
        "cron", "0 * * * * *", "duration", "P1X", "zone", "UTC", "services", ""));
    assertThat(fieldError(badCron.body(), "cron")).contains("more often than once an hour");
    assertThat(fieldError(badCron.body(), "duration")).contains("is not an ISO-8601 duration");
    assertThat(count("freezes")).isEqualTo(before);
  }

  @Test
  void badViewOrDateIsNamedNextToTheControl() {
    HttpResponse<String> page = PageSession.as(port, "erin").get("/calendar?view=year&date=tomorrow");

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(fieldError(page.body(), "view")).contains("'year' is not a view");
    assertThat(fieldError(page.body(), "date")).contains("'tomorrow' is not a date");
    HttpResponse<String> farAway = PageSession.as(port, "erin").get("/calendar?date=%2B999999999-12-31");
    assertThat(farAway.statusCode()).isEqualTo(400);
    assertThat(fieldError(farAway.body(), "date")).isEqualTo("must be between 1970-01-01 and 9998-12-31");
  }

  @Test
  void theSubscriptionLinkIsTheIcsFeed() {
    String page = PageSession.as(port, "bob").get("/calendar").body();

    assertThat(page).contains("href=\"/api/calendar.ics\"");
  }

  private static String fieldError(String html, String field) {
    var matcher = Pattern.compile("id=\"" + field + "-error\">([^<]*)<").matcher(html);
    assertThat(matcher.find()).as("an error next to %s", field).isTrue();
    return org.springframework.web.util.HtmlUtils.htmlUnescape(matcher.group(1));
  }

  private static int count(String html, String text) {
    return html.split(Pattern.quote(text), -1).length - 1;
  }
}
