package org.relman.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.scheduling.support.CronExpression;

/**
 * A freeze window: one-off ({@code start}, {@code end}) or recurring (a Spring cron expression in a time zone, lasting
 * {@code duration} of wall-clock time there, so "Friday 18:00 for 62 hours" ends Monday 08:00 local time on the
 * weekend the clocks change too). No services means every service.
 */
public record Freeze(long id, String name, Instant start, Instant end, Recurrence recurrence, List<String> services,
    String createdBy, Instant createdAt) {

  public record Recurrence(String cron, Duration duration, ZoneId zone) {}

  /** One concrete span of a freeze. */
  public record Occurrence(long freezeId, String name, Instant start, Instant end, List<String> services) {

    boolean covers(Instant instant) {
      return !instant.isBefore(start) && instant.isBefore(end);
    }

    boolean appliesTo(List<String> releaseServices) {
      return services.isEmpty() || releaseServices.stream().anyMatch(services::contains);
    }
  }

  /** The spans of this freeze that overlap [from, to). */
  private static final int MAX_STARTS = 20_000;

  public List<Occurrence> occurrences(Instant from, Instant to) {
    List<Occurrence> spans = new ArrayList<>();
    if (recurrence == null) {
      if (start.isBefore(to) && end.isAfter(from)) {
        spans.add(new Occurrence(id, name, start, end, services));
      }
      return spans;
    }
    CronExpression cron = CronExpression.parse(recurrence.cron());
    ZoneId zone = recurrence.zone();
    // an occurrence that began up to one duration (plus a DST hour) before "from" may still be running
    ZonedDateTime cursor = from.minus(recurrence.duration()).minus(Duration.ofHours(1)).atZone(zone);
    // freezes start at most hourly (FreezeService) and ranges are at most 366 days long: 8,784 starts and some
    for (int starts = 0; ; starts++) {
      if (starts == MAX_STARTS) {
        throw new IllegalStateException("freeze " + id + " ('" + name + "') starts more than " + MAX_STARTS
            + " times between " + from + " and " + to + "; ask for a shorter range");
      }
      ZonedDateTime next = cron.next(cursor);
      if (next == null || !next.toInstant().isBefore(to)) {
        break;
      }
      Instant spanEnd = endOf(next);
      if (spanEnd.isAfter(from)) {
        spans.add(new Occurrence(id, name, next.toInstant(), spanEnd, services));
      }
      cursor = next;
    }
    return spans;
  }

  /**
   * Wall-clock duration in the freeze's zone: 62 hours from Friday 18:00 is Monday 08:00 there. An end that falls in
   * the repeated hour of a fall-back keeps the start's offset where it can, so a short freeze starting in that hour
   * does not end before it starts.
   */
  private Instant endOf(ZonedDateTime begin) {
    LocalDateTime localEnd = begin.toLocalDateTime().plus(recurrence.duration());
    Instant end = ZonedDateTime.ofLocal(localEnd, recurrence.zone(), begin.getOffset()).toInstant();
    return end.isAfter(begin.toInstant()) ? end : begin.toInstant().plus(recurrence.duration());
  }
}
