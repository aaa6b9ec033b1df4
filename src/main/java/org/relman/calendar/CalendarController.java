package org.relman.calendar;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.relman.web.ApiException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Calendar", description = "Release windows, freeze windows and conflicts")
class CalendarController {

  private static final Duration LONGEST_RANGE = Duration.ofDays(366);

  private final ReleaseCalendar calendar;
  private final FreezeService service;
  private final Freezes freezes;
  private final Clock clock;

  CalendarController(ReleaseCalendar calendar, FreezeService service, Freezes freezes, Clock clock) {
    this.calendar = calendar;
    this.service = service;
    this.freezes = freezes;
    this.clock = clock;
  }

  @GetMapping("/api/calendar")
  @Operation(summary = "What ships when", description = "Release windows (planned start plus"
      + " relman.calendar.window-duration), the concrete freeze occurrences, and conflicts (two releases of a common"
      + " service with overlapping windows) in [from, to). Defaults: from now - 1 day, to from + 30 days; at most 366 days.")
  ReleaseCalendar.View calendar(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
    Instant start = from != null ? from : clock.instant().minus(Duration.ofDays(1));
    Instant end = to != null ? to : start.plus(Duration.ofDays(30));
    if (!end.isAfter(start)) {
      throw ApiException.invalid("to", "must be after from (" + start + ")");
    }
    if (Duration.between(start, end).compareTo(LONGEST_RANGE) > 0) {
      throw ApiException.invalid("to", "the range may span at most " + LONGEST_RANGE.toDays() + " days");
    }
    return calendar.between(start, end);
  }

  @PostMapping("/api/freezes")
  @Operation(summary = "Declare a freeze window (release managers)", description = "One-off {name, start, end, services}"
      + " or recurring {name, recurrence: {cron, duration, zone}, services}: Spring cron syntax (seconds first), an"
      + " ISO-8601 duration of wall-clock time in the zone, an IANA zone. No services: all services.")
  ResponseEntity<Freeze> create(@Valid @RequestBody FreezeRequest request, Principal user) {
    Freeze freeze = service.create(request, user.getName());
    return ResponseEntity.created(URI.create("/api/freezes/" + freeze.id())).body(freeze);
  }

  @GetMapping("/api/freezes")
  @Operation(summary = "The freeze windows in force")
  List<Freeze> list() {
    return freezes.active();
  }

  @DeleteMapping("/api/freezes/{id}")
  @Operation(summary = "Lift a freeze window (release managers)")
  ResponseEntity<Void> delete(@PathVariable long id, Principal user) {
    service.delete(id, user.getName());
    return ResponseEntity.noContent().build();
  }
}
