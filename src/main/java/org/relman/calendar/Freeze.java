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

    boolean appliesTo(List<String> releaseServices) {
      return services.isEmpty() || releaseServices.stream().anyMatch(services::contains);
    }
  }

  /** The spans of this freeze that overlap [from, to). */
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
    for (int guard = 0; guard < 10_000; guard++) {
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

  /** Wall-clock duration in the freeze's zone: 62 hours from Friday 18:00 is Monday 08:00 there. */
  private Instant endOf(ZonedDateTime begin) {
    LocalDateTime localEnd = begin.toLocalDateTime().plus(recurrence.duration());
    return localEnd.atZone(recurrence.zone()).toInstant();
  }
}
