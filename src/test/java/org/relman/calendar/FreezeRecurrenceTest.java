package org.relman.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which spans a freeze covers: recurring freezes in their zone across the daylight-saving changes of 2026 in
 * Europe/Berlin (clocks forward on Sunday 29 March, back on Sunday 25 October), one-off freezes, range edges and
 * service filters. A recurring freeze's duration is wall-clock time in its zone (Freeze's Javadoc), which is what a
 * release manager means by "Friday 18:00 for 62 hours": the weekend ends Monday 08:00 local time whether or not the
 * clocks changed, so the elapsed time is 61 hours in spring and 63 in autumn.
 */
class FreezeRecurrenceTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  // ---------------------------------------------------------------------------------------------- recurring, DST

  @Test
  void weekendFreezeRunsFromFriday18ToMonday08LocalTimeAcrossTheSpringForwardChange() {
    List<Freeze.Occurrence> spans = weekend(List.of()).occurrences(utc("2026-03-17T00:00:00Z"), utc("2026-04-10T00:00:00Z"));

    assertThat(spans).extracting(Freeze.Occurrence::start).as("Friday 18:00 CET is 17:00Z, 18:00 CEST is 16:00Z")
        .containsExactly(utc("2026-03-20T17:00:00Z"), utc("2026-03-27T17:00:00Z"), utc("2026-04-03T16:00:00Z"));
    assertThat(spans).extracting(Freeze.Occurrence::end).as("Monday 08:00 CET is 07:00Z, 08:00 CEST is 06:00Z")
        .containsExactly(utc("2026-03-23T07:00:00Z"), utc("2026-03-30T06:00:00Z"), utc("2026-04-06T06:00:00Z"));
    assertThat(spans).extracting(FreezeRecurrenceTest::elapsedHours).as("the weekend the clocks go forward is an hour shorter")
        .containsExactly(62L, 61L, 62L);
    assertFridayEighteenToMondayEight(spans, BERLIN);
  }

  @Test
  void weekendFreezeRunsFromFriday18ToMonday08LocalTimeAcrossTheFallBackChange() {
    List<Freeze.Occurrence> spans = weekend(List.of()).occurrences(utc("2026-10-13T00:00:00Z"), utc("2026-11-06T00:00:00Z"));

    assertThat(spans).extracting(Freeze.Occurrence::start)
        .containsExactly(utc("2026-10-16T16:00:00Z"), utc("2026-10-23T16:00:00Z"), utc("2026-10-30T17:00:00Z"));
    assertThat(spans).extracting(Freeze.Occurrence::end)
        .containsExactly(utc("2026-10-19T06:00:00Z"), utc("2026-10-26T07:00:00Z"), utc("2026-11-02T07:00:00Z"));
    assertThat(spans).extracting(FreezeRecurrenceTest::elapsedHours).as("the weekend the clocks go back is an hour longer")
        .containsExactly(62L, 63L, 62L);
    assertFridayEighteenToMondayEight(spans, BERLIN);
  }

  @Test
  void freezeFollowsTheDaylightSavingRulesOfItsOwnZone() {
    // New York changes on the second Sunday of March (8 March 2026), three weeks before Berlin
    Freeze newYork = recurring("0 0 18 * * FRI", Duration.ofHours(62), ZoneId.of("America/New_York"), List.of());

    List<Freeze.Occurrence> spans = newYork.occurrences(utc("2026-03-03T00:00:00Z"), utc("2026-03-14T00:00:00Z"));

    assertThat(spans).extracting(Freeze.Occurrence::start)
        .containsExactly(utc("2026-03-06T23:00:00Z"), utc("2026-03-13T22:00:00Z"));
    assertThat(spans).extracting(Freeze.Occurrence::end).as("Monday 08:00 EDT")
        .containsExactly(utc("2026-03-09T12:00:00Z"), utc("2026-03-16T12:00:00Z"));
    assertFridayEighteenToMondayEight(spans, ZoneId.of("America/New_York"));
  }

  @Test
  void nightlyFreezeOverTheSkippedHourEndsAtItsLocalEndTime() {
    // 01:00 to 03:00 local on the night the clocks jump from 02:00 to 03:00: one hour passes
    Freeze nightly = recurring("0 0 1 * * *", Duration.ofHours(2), BERLIN, List.of());

    List<Freeze.Occurrence> spans = nightly.occurrences(utc("2026-03-28T12:00:00Z"), utc("2026-03-29T12:00:00Z"));

    assertThat(spans).singleElement().satisfies(span -> {
      assertThat(span.start()).isEqualTo(utc("2026-03-29T00:00:00Z"));
      assertThat(span.end()).isEqualTo(utc("2026-03-29T01:00:00Z"));
      assertThat(span.end().atZone(BERLIN).toLocalTime()).isEqualTo(LocalTime.of(3, 0));
    });
  }

  @Test
  void occurrenceStartingInTheRepeatedFallBackHourEndsAfterItStarts() {
    // 02:00 happens twice on 25 October 2026 (02:00 CEST = 00:00Z and 02:00 CET = 01:00Z) and the cron fires at both.
    // The second one's local end, 02:30, is ambiguous; resolving it with the zone's earlier offset (CEST) gives
    // 00:30Z, half an hour before the occurrence starts.
    Freeze nightly = recurring("0 0 2 * * *", Duration.ofMinutes(30), BERLIN, List.of());

    List<Freeze.Occurrence> spans = nightly.occurrences(utc("2026-10-24T12:00:00Z"), utc("2026-10-25T12:00:00Z"));

    assertThat(spans).allSatisfy(span -> assertThat(span.end()).as("end of %s", span).isAfter(span.start()));
    assertThat(spans).extracting(Freeze.Occurrence::start)
        .containsExactly(utc("2026-10-25T00:00:00Z"), utc("2026-10-25T01:00:00Z"));
    assertThat(spans).extracting(Freeze.Occurrence::end)
        .containsExactly(utc("2026-10-25T00:30:00Z"), utc("2026-10-25T01:30:00Z"));
  }

  // ---------------------------------------------------------------------------------------------- recurring, range edges

  @Test
  void occurrenceThatBeganBeforeTheRangeAndIsStillRunningIsListed() {
    List<Freeze.Occurrence> spans = weekend(List.of()).occurrences(utc("2026-03-28T12:00:00Z"), utc("2026-03-29T12:00:00Z"));

    assertThat(spans).singleElement().satisfies(span -> {
      assertThat(span.start()).isEqualTo(utc("2026-03-27T17:00:00Z"));
      assertThat(span.end()).isEqualTo(utc("2026-03-30T06:00:00Z"));
    });
  }

  @Test
  void occurrenceStillRunningInTheExtraFallBackHourIsListed() {
    // 06:30Z is past 62 elapsed hours after Friday 16:00Z, yet before Monday 08:00 CET (07:00Z): still frozen
    List<Freeze.Occurrence> spans = weekend(List.of()).occurrences(utc("2026-10-26T06:30:00Z"), utc("2026-10-26T06:45:00Z"));

    assertThat(spans).singleElement().satisfies(span -> {
      assertThat(span.start()).isEqualTo(utc("2026-10-23T16:00:00Z"));
      assertThat(span.end()).isEqualTo(utc("2026-10-26T07:00:00Z"));
    });
  }

  @Test
  void occurrenceEndingExactlyWhereTheRangeStartsIsNotListed() {
    assertThat(weekend(List.of()).occurrences(utc("2026-10-26T07:00:00Z"), utc("2026-10-30T12:00:00Z"))).isEmpty();
    assertThat(weekend(List.of()).occurrences(utc("2026-10-26T06:59:59Z"), utc("2026-10-30T12:00:00Z")))
        .extracting(Freeze.Occurrence::start).containsExactly(utc("2026-10-23T16:00:00Z"));
  }

  @Test
  void occurrenceStartingExactlyAtTheRangeStartIsListedButOneStartingAtItsEndIsNot() {
    List<Freeze.Occurrence> spans = weekend(List.of()).occurrences(utc("2026-10-30T17:00:00Z"), utc("2026-11-06T17:00:00Z"));

    assertThat(spans).extracting(Freeze.Occurrence::start).containsExactly(utc("2026-10-30T17:00:00Z"));
  }

  @Test
  void rangeBetweenTwoWeekendsHasNoOccurrence() {
    assertThat(weekend(List.of()).occurrences(utc("2026-10-27T00:00:00Z"), utc("2026-10-30T12:00:00Z"))).isEmpty();
  }

  @Test
  void recurringOccurrencesCarryTheFreezeIdNameAndServices() {
    Freeze freeze = weekend(List.of("payments", "ledger"));

    List<Freeze.Occurrence> spans = freeze.occurrences(utc("2026-10-13T00:00:00Z"), utc("2026-10-26T00:00:00Z"));

    assertThat(spans).hasSize(2).allSatisfy(span -> {
      assertThat(span.freezeId()).isEqualTo(freeze.id());
      assertThat(span.name()).isEqualTo("Weekend");
      assertThat(span.services()).containsExactly("payments", "ledger");
    });
  }

  @Test
  void everyOccurrenceOfAnHourlyFreezeInTheLongestRangeIsListed() {
    // the most frequent freeze relman accepts, over the longest range the calendar accepts (366 days)
    Freeze hourly = recurring("0 0 * * * *", Duration.ofMinutes(5), ZoneId.of("UTC"), List.of("payments"));

    List<Freeze.Occurrence> spans = hourly.occurrences(utc("2026-01-01T00:00:00Z"), utc("2027-01-02T00:00:00Z"));

    assertThat(spans).hasSize(366 * 24);
    assertThat(spans.get(spans.size() - 1).start()).isEqualTo(utc("2027-01-01T23:00:00Z"));
  }

  @Test
  void freezeStartingTooOftenForTheRangeIsAnErrorNotAShortList() {
    // stored before relman refused sub-hourly freezes: the calendar must not silently drop occurrences
    Freeze frequent = recurring("0 0/15 * * * *", Duration.ofMinutes(5), ZoneId.of("UTC"), List.of("payments"));

    assertThatThrownBy(() -> frequent.occurrences(utc("2026-01-01T00:00:00Z"), utc("2026-12-01T00:00:00Z")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shorter range");
  }

  // ---------------------------------------------------------------------------------------------- one-off

  static Stream<Arguments> oneOffRanges() {
    // the freeze runs [2026-12-03T10:00Z, 2026-12-03T12:00Z)
    return Stream.of(
        Arguments.of("range contains the freeze", "2026-12-01T00:00:00Z", "2026-12-05T00:00:00Z", true),
        Arguments.of("range inside the freeze", "2026-12-03T10:30:00Z", "2026-12-03T11:00:00Z", true),
        Arguments.of("range overlaps the freeze's start", "2026-12-03T09:00:00Z", "2026-12-03T10:00:01Z", true),
        Arguments.of("range overlaps the freeze's end", "2026-12-03T11:59:59Z", "2026-12-03T13:00:00Z", true),
        Arguments.of("range starts with the freeze", "2026-12-03T10:00:00Z", "2026-12-03T10:01:00Z", true),
        Arguments.of("range ends where the freeze starts", "2026-12-03T08:00:00Z", "2026-12-03T10:00:00Z", false),
        Arguments.of("range starts where the freeze ends", "2026-12-03T12:00:00Z", "2026-12-03T14:00:00Z", false),
        Arguments.of("range a day later", "2026-12-04T10:00:00Z", "2026-12-04T12:00:00Z", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneOffRanges")
  void oneOffFreezeIsListedWhenItOverlapsTheRange(String what, String from, String to, boolean listed) {
    Freeze freeze = new Freeze(7, "Year-end", utc("2026-12-03T10:00:00Z"), utc("2026-12-03T12:00:00Z"), null,
        List.of("payments"), "alice", Instant.EPOCH);

    List<Freeze.Occurrence> spans = freeze.occurrences(utc(from), utc(to));

    if (listed) {
      assertThat(spans).containsExactly(new Freeze.Occurrence(7, "Year-end", utc("2026-12-03T10:00:00Z"),
          utc("2026-12-03T12:00:00Z"), List.of("payments")));
    } else {
      assertThat(spans).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------- covers, services

  @Test
  void occurrenceCoversItsStartButNotItsEnd() {
    Freeze.Occurrence span = new Freeze.Occurrence(1, "Weekend", utc("2026-03-27T17:00:00Z"), utc("2026-03-30T06:00:00Z"), List.of());

    assertThat(span.covers(utc("2026-03-27T16:59:59.999Z"))).isFalse();
    assertThat(span.covers(utc("2026-03-27T17:00:00Z"))).isTrue();
    assertThat(span.covers(utc("2026-03-29T01:30:00Z"))).isTrue();
    assertThat(span.covers(utc("2026-03-30T05:59:59.999Z"))).isTrue();
    assertThat(span.covers(utc("2026-03-30T06:00:00Z"))).isFalse();
  }

  @Test
  void freezeWithoutServicesAppliesToEveryRelease() {
    Freeze.Occurrence all = new Freeze.Occurrence(1, "Board", utc("2026-03-27T17:00:00Z"), utc("2026-03-30T06:00:00Z"), List.of());

    assertThat(all.appliesTo(List.of("payments"))).isTrue();
    assertThat(all.appliesTo(List.of("search", "ledger"))).isTrue();
  }

  @Test
  void serviceFreezeAppliesOnlyToReleasesTouchingOneOfItsServices() {
    Freeze.Occurrence payments = new Freeze.Occurrence(1, "Payments", utc("2026-03-27T17:00:00Z"),
        utc("2026-03-30T06:00:00Z"), List.of("payments", "ledger"));

    assertThat(payments.appliesTo(List.of("payments"))).isTrue();
    assertThat(payments.appliesTo(List.of("search", "ledger"))).as("one common service is enough").isTrue();
    assertThat(payments.appliesTo(List.of("search"))).isFalse();
    assertThat(payments.appliesTo(List.of("payments-ui"))).as("names match exactly, not by prefix").isFalse();
  }

  @Test
  void summaryNamesEachFreezeWithItsSpanAndServices() {
    List<Freeze.Occurrence> spans = List.of(
        new Freeze.Occurrence(1, "Weekend", utc("2026-03-27T17:00:00Z"), utc("2026-03-30T06:00:00Z"), List.of("payments", "ledger")),
        new Freeze.Occurrence(2, "Board", utc("2026-03-28T00:00:00Z"), utc("2026-03-29T00:00:00Z"), List.of()));

    assertThat(CheckCalendar.summary(spans)).isEqualTo("Weekend (2026-03-27T17:00:00Z to 2026-03-30T06:00:00Z, payments, ledger);"
        + " Board (2026-03-28T00:00:00Z to 2026-03-29T00:00:00Z, all services)");
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private static Freeze weekend(List<String> services) {
    return recurring("0 0 18 * * FRI", Duration.ofHours(62), BERLIN, services);
  }

  private static Freeze recurring(String cron, Duration duration, ZoneId zone, List<String> services) {
    return new Freeze(1, "Weekend", null, null, new Freeze.Recurrence(cron, duration, zone), services, "alice", Instant.EPOCH);
  }

  private static void assertFridayEighteenToMondayEight(List<Freeze.Occurrence> spans, ZoneId zone) {
    assertThat(spans).isNotEmpty().allSatisfy(span -> {
      ZonedDateTime start = span.start().atZone(zone);
      ZonedDateTime end = span.end().atZone(zone);
      assertThat(start.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
      assertThat(start.toLocalTime()).isEqualTo(LocalTime.of(18, 0));
      assertThat(end.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
      assertThat(end.toLocalTime()).isEqualTo(LocalTime.of(8, 0));
      assertThat(end.toLocalDate()).isEqualTo(start.toLocalDate().plusDays(3));
    });
  }

  private static long elapsedHours(Freeze.Occurrence span) {
    return Duration.between(span.start(), span.end()).toHours();
  }

  private static Instant utc(String instant) {
    return Instant.parse(instant);
  }
}
