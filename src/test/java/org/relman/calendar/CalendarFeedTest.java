package org.relman.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;
import static org.relman.testing.Problems.message;

import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;

/**
 * GET /api/calendar.ics, read back with ical4j as a calendar app reads it: release windows and freeze occurrences as
 * events with stable UIDs, a reschedule replacing its event (same UID, SEQUENCE up, DTSTART moved), a cancellation as
 * STATUS:CANCELLED, freeze occurrences on both sides of a daylight-saving change, and refused ranges. Tests work in
 * years of their own (2091 on) with services of their own; recurring freezes are lifted again.
 */
class CalendarFeedTest extends RelmanTestBase {

  private static final DateTimeFormatter ICAL_UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final AtomicInteger SERVICES = new AtomicInteger();

  @Test
  void releaseWindowsAndFreezeOccurrencesAreEventsWithStableUids() {
    String service = service();
    Map<String, Object> request = releaseRequest(version("2091.3"), repository(1), Instant.parse("2091-03-06T10:00:00Z"));
    request.put("services", List.of(service, "ledger-" + service));
    long id = requestRelease("erin", request);
    long freeze = createFreeze(Map.of("name", "Quarter close", "start", "2091-03-07T00:00:00Z",
        "end", "2091-03-08T00:00:00Z", "services", List.of(service)));

    Api.Response response = api("erin").get("/api/calendar.ics?from=2091-03-01T00:00:00Z&to=2091-03-31T00:00:00Z");

    assertThat(response.status()).as("%s", response).isEqualTo(200);
    assertThat(response.contentType()).startsWith("text/calendar");
    Calendar calendar = parse(response.body());
    assertThat(value(calendar.getProperty(Property.PRODID).orElseThrow())).isEqualTo(CalendarFeed.PRODUCT);
    VEvent release = event(calendar, "release-" + id + "@relman");
    assertThat(prop(release, Property.DTSTART)).isEqualTo("20910306T100000Z");
    assertThat(prop(release, Property.DTEND)).as("planned start plus the window duration").isEqualTo("20910306T120000Z");
    assertThat(prop(release, Property.SUMMARY)).contains(request.get("version").toString()).contains(service)
        .contains("ledger-" + service);
    assertThat(prop(release, Property.DESCRIPTION)).contains("Status: PLANNING").contains("/releases/" + id).doesNotContain("/api/releases/");
    assertThat(prop(release, Property.URL)).endsWith("/releases/" + id).doesNotContain("/api/");
    assertThat(prop(release, Property.STATUS)).as("not decided yet").isEqualTo("TENTATIVE");
    assertThat(prop(release, Property.SEQUENCE)).isEqualTo("0");
    assertThat(prop(release, Property.DTSTAMP)).isEqualTo(prop(release, Property.LAST_MODIFIED));

    VEvent freezeEvent = event(calendar, "freeze-" + freeze + "-20910307T000000Z@relman");
    assertThat(prop(freezeEvent, Property.DTSTART)).isEqualTo("20910307T000000Z");
    assertThat(prop(freezeEvent, Property.DTEND)).isEqualTo("20910308T000000Z");
    assertThat(prop(freezeEvent, Property.SUMMARY)).isEqualTo("Freeze: Quarter close (" + service + ")");

    Api.Response again = api("frank").get("/api/calendar.ics?from=2091-03-01T00:00:00Z&to=2091-03-31T00:00:00Z");
    assertThat(uids(parse(again.body()))).isEqualTo(uids(calendar));
    assertThat(again.body()).as("nothing changed, nothing differs (DTSTAMP included)").isEqualTo(response.body());
  }

  @Test
  void rescheduledReleaseKeepsItsUidWithAHigherSequenceAndCancelledIsCancelled() {
    long id = requestRelease("erin", version("2091.4"), repository(2));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    Instant planned = Instant.parse(release(id).get("plannedStart").asText());
    String uid = "release-" + id + "@relman";
    VEvent before = event(feed(planned.minusSeconds(86_400), planned.plusSeconds(86_400)), uid);
    assertThat(prop(before, Property.SEQUENCE)).isEqualTo("0");
    assertThat(prop(before, Property.STATUS)).isEqualTo("TENTATIVE");

    Instant newStart = futureStart(20);
    Api.Response rescheduled = complete("alice", task(id, "go-no-go").getId(), Map.of("decision", "RESCHEDULE",
        "reasoning", "Payments team is at an offsite that week", "newStart", newStart.toString()));
    assertThat(rescheduled.status()).as("%s", rescheduled).isEqualTo(204);

    Calendar after = feed(newStart.minusSeconds(86_400), newStart.plusSeconds(86_400));
    VEvent moved = event(after, uid);
    assertThat(prop(moved, Property.DTSTART)).isEqualTo(ICAL_UTC.format(newStart));
    assertThat(prop(moved, Property.DTEND)).isEqualTo(ICAL_UTC.format(newStart.plusSeconds(7200)));
    assertThat(prop(moved, Property.SEQUENCE)).isEqualTo("1");
    assertThat(prop(moved, Property.LAST_MODIFIED)).isGreaterThanOrEqualTo(prop(before, Property.LAST_MODIFIED));
    assertThat(prop(moved, Property.DESCRIPTION)).contains("Rescheduled 1 time");
    assertThat(uids(feed(planned.minusSeconds(86_400), planned.plusSeconds(86_400)))).doesNotContain(uid);

    Api.Response cancel = api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "Superseded by 2091.5"));
    assertThat(cancel.status()).as("%s", cancel).isEqualTo(202);
    assertThat(status(id)).isEqualTo("CANCELLED");

    VEvent cancelled = event(feed(newStart.minusSeconds(86_400), newStart.plusSeconds(86_400)), uid);
    assertThat(prop(cancelled, Property.STATUS)).isEqualTo("CANCELLED");
    assertThat(prop(cancelled, Property.SEQUENCE)).isEqualTo("2");
    assertThat(prop(cancelled, Property.DTSTART)).isEqualTo(ICAL_UTC.format(newStart));
    assertThat(prop(cancelled, Property.DESCRIPTION)).contains("Status: CANCELLED").contains("Superseded by 2091.5");
  }

  @Test
  void weeklyFreezeOccurrencesKeepBerlinWallClockTimesAcrossTheDaylightSavingChange() {
    String service = service();
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    // the last Sunday of March 2092: clocks go from 02:00 CET to 03:00 CEST
    LocalDate change = LocalDate.of(2092, 3, 31).with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
    LocalDate from = change.minusWeeks(2);
    LocalDate to = change.plusWeeks(2);
    long freeze = createFreeze(Map.of("name", "Weekend freeze", "recurrence",
        Map.of("cron", "0 0 18 * * FRI", "duration", "PT62H", "zone", "Europe/Berlin"), "services", List.of(service)));
    try {
      Calendar calendar = feed(from.atStartOfDay(ZoneOffset.UTC).toInstant(), to.atStartOfDay(ZoneOffset.UTC).toInstant());

      List<String> expected = new ArrayList<>();
      // from is a Sunday: the occurrence that began on the Friday before is still running, and is listed
      for (LocalDate friday = from.with(TemporalAdjusters.previous(DayOfWeek.FRIDAY)); friday.isBefore(to);
          friday = friday.plusWeeks(1)) {
        Instant start = friday.atTime(18, 0).atZone(berlin).toInstant();
        Instant end = friday.plusDays(3).atTime(8, 0).atZone(berlin).toInstant();
        expected.add("freeze-" + freeze + "-" + ICAL_UTC.format(start) + "@relman " + ICAL_UTC.format(start) + "/"
            + ICAL_UTC.format(end));
      }
      List<String> actual = new ArrayList<>();
      for (VEvent event : calendar.<VEvent>getComponents(Component.VEVENT)) {
        if (prop(event, Property.UID).startsWith("freeze-" + freeze + "-")) {
          actual.add(prop(event, Property.UID) + " " + prop(event, Property.DTSTART) + "/" + prop(event, Property.DTEND));
        }
      }
      assertThat(actual).isEqualTo(expected);
      assertThat(actual).as("the weekend of the change: Friday 17:00Z (CET) to Monday 06:00Z (CEST)")
          .contains("freeze-" + freeze + "-" + ICAL_UTC.format(change.minusDays(2).atTime(17, 0).toInstant(ZoneOffset.UTC))
              + "@relman " + ICAL_UTC.format(change.minusDays(2).atTime(17, 0).toInstant(ZoneOffset.UTC)) + "/"
              + ICAL_UTC.format(change.plusDays(1).atTime(6, 0).toInstant(ZoneOffset.UTC)));
      assertThat(actual).as("the one running at from, and two weekends before and after the change").hasSize(5);
    } finally {
      assertThat(api("alice").send(api("alice").request("/api/freezes/" + freeze).DELETE()).status()).isEqualTo(204);
    }
  }

  @Test
  void withoutARangeTheFeedCoversTheLastMonthAndTheComingYear() {
    String service = service();
    Instant soon = futureStart(300);
    Map<String, Object> request = releaseRequest(version("2091.6"), repository(1), soon);
    request.put("services", List.of(service));
    long id = requestRelease("erin", request);

    Calendar calendar = parse(api("frank").get("/api/calendar.ics").body());

    assertThat(uids(calendar)).contains("release-" + id + "@relman");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"from=yesterday", "from=1700000000", "to=2091-01-02T00:00",
      "from=2091-01-02T00:00:00Z&to=2091-01-01T00:00:00Z", "from=2091-01-01T00:00:00Z&to=2092-01-02T00:00:01Z",
      "to=2000-01-01T00:00:00Z"})
  void invalidRangeIsRefusedNamingTheParameter(String query) {
    Api.Response response = api("frank").get("/api/calendar.ics?" + query);

    String parameter = query.startsWith("from=") && !query.contains("&") ? "from" : "to";
    assertInvalid(response, parameter);
    assertThat(message(response, parameter)).isNotBlank();
  }

  @Test
  void feedIsForPeopleSignedIn() {
    assertThat(api(null).get("/api/calendar.ics").status()).isEqualTo(401);
    assertThat(api("bob").get("/api/calendar.ics").status()).isEqualTo(200);
  }

  private Calendar feed(Instant from, Instant to) {
    Api.Response response = api("frank").get("/api/calendar.ics?from=" + from + "&to=" + to);
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    return parse(response.body());
  }

  private long createFreeze(Map<String, Object> body) {
    Api.Response response = api("alice").post("/api/freezes", new LinkedHashMap<>(body));
    assertThat(response.status()).as("%s", response).isEqualTo(201);
    return response.json().get("id").asLong();
  }

  private static Calendar parse(String ics) {
    try {
      return new CalendarBuilder().build(new StringReader(ics));
    } catch (Exception e) {
      throw new AssertionError("not an iCalendar feed: " + e.getMessage() + "\n" + ics, e);
    }
  }

  private static VEvent event(Calendar calendar, String uid) {
    List<VEvent> events = calendar.<VEvent>getComponents(Component.VEVENT).stream()
        .filter(e -> uid.equals(prop(e, Property.UID))).toList();
    assertThat(events).as("events with UID %s in\n%s", uid, calendar).hasSize(1);
    return events.get(0);
  }

  private static List<String> uids(Calendar calendar) {
    return calendar.<VEvent>getComponents(Component.VEVENT).stream().map(e -> prop(e, Property.UID)).toList();
  }

  private static String prop(VEvent event, String name) {
    return event.getProperty(name).map(CalendarFeedTest::value).orElse(null);
  }

  private static String value(Object property) {
    return ((Property) property).getValue();
  }

  private static String service() {
    return "feed-" + SERVICES.incrementAndGet() + "-" + (System.nanoTime() % 100000);
  }
}
