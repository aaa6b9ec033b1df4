package org.relman.calendar;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.relman.RelmanProperties;
import org.relman.http.JsonBodies;
import org.relman.http.QueryParameters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@Tag(name = "Calendar", description = "Release windows, freeze windows and conflicts")
class CalendarController {

  private static final Duration LONGEST_RANGE = Duration.ofDays(366);
  /** The feed's default range: what a subscriber's calendar shows of the recent past and the year ahead. */
  static final Duration FEED_PAST = Duration.ofDays(30);
  static final Duration FEED_AHEAD = Duration.ofDays(365);
  private static final MediaType TEXT_CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");

  private final ReleaseCalendar calendar;
  private final FreezeService service;
  private final Freezes freezes;
  private final Clock clock;
  private final CalendarFeed feed;
  private final String publicUrl;
  private final JsonBodies bodies;

  CalendarController(ReleaseCalendar calendar, FreezeService service, Freezes freezes, Clock clock, CalendarFeed feed,
      RelmanProperties properties, JsonBodies bodies) {
    this.bodies = bodies;
    this.calendar = calendar;
    this.service = service;
    this.freezes = freezes;
    this.clock = clock;
    this.feed = feed;
    this.publicUrl = properties.publicUrl();
  }

  @GetMapping("/api/calendar")
  @Operation(summary = "What ships when", description = "Release windows (planned start plus"
      + " relman.calendar.window-duration), the concrete freeze occurrences, and conflicts (two releases of a common"
      + " service with overlapping windows) in [from, to). Defaults: from now - 1 day, to from + 30 days; at most 366 days.")
  ReleaseCalendar.View calendar(@RequestParam(name = "from", required = false) @Parameter(schema = @Schema(type = "string",
      format = "date-time")) String fromText, @RequestParam(name = "to", required = false) @Parameter(schema = @Schema(
      type = "string", format = "date-time")) String toText) {
    QueryParameters query = new QueryParameters();
    Instant from = query.instant("from", fromText);
    Instant to = query.instant("to", toText);
    Instant start = from != null ? from : clock.instant().minus(Duration.ofDays(1));
    Instant end = to != null ? to : start.plus(Duration.ofDays(30));
    if (!query.failed("from") && !query.failed("to")) {
      checkRange(start, end, query);
    }
    query.check();
    return calendar.between(start, end);
  }

  @GetMapping("/api/calendar.ics")
  @Operation(summary = "The calendar as an iCalendar feed to subscribe to", description = "text/calendar: one event per"
      + " release window (UID release-<id>@relman: a reschedule replaces it, SEQUENCE counts reschedules, cancelled"
      + " releases are STATUS:CANCELLED) and per freeze occurrence (UID freeze-<id>-<start>@relman), in [from, to)."
      + " Defaults: from now - 30 days, to from + 365 days (now + 365 days without from); a given from or to is"
      + " checked as in GET /api/calendar: to after from, at most 366 days apart. A calendar app that cannot send"
      + " credentials subscribes with ?token= and the person's calendar feed token (POST /api/calendar/feed-token).",
      parameters = @Parameter(in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY, name = "token",
          description = "a calendar feed token, instead of a login", schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "200", description = "RFC 5545 iCalendar",
      content = @Content(mediaType = "text/calendar", schema = @Schema(type = "string")))
  ResponseEntity<String> feed(@RequestParam(name = "from", required = false) @Parameter(schema = @Schema(type = "string",
      format = "date-time")) String fromText, @RequestParam(name = "to", required = false) @Parameter(schema = @Schema(
      type = "string", format = "date-time")) String toText, HttpServletRequest request) {
    QueryParameters query = new QueryParameters();
    Instant from = query.instant("from", fromText);
    Instant to = query.instant("to", toText);
    Instant now = clock.instant();
    Instant start = from != null ? from : now.minus(FEED_PAST);
    Instant end = to != null ? to : from != null ? from.plus(FEED_AHEAD) : now.plus(FEED_AHEAD);
    if ((from != null || to != null) && !query.failed("from") && !query.failed("to")) {
      checkRange(start, end, query);
    }
    query.check();
    String base = publicUrl != null && !publicUrl.isBlank() ? publicUrl
        : ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
    return ResponseEntity.ok()
        .contentType(TEXT_CALENDAR)
        .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"relman.ics\"")
        .body(feed.between(start, end, base.replaceAll("/+$", "")));
  }

  private static void checkRange(Instant start, Instant end, QueryParameters query) {
    if (!end.isAfter(start)) {
      query.problem("to", "must be after from (" + start + ")");
    } else if (Duration.between(start, end).compareTo(LONGEST_RANGE) > 0) {
      query.problem("to", "the range may span at most " + LONGEST_RANGE.toDays() + " days");
    }
  }

  @PostMapping(path = "/api/freezes", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Declare a freeze window (release managers)", description = "One-off {name, start, end, services}"
      + " or recurring {name, recurrence: {cron, duration, zone}, services}: Spring cron syntax (seconds first), an"
      + " ISO-8601 duration of wall-clock time in the zone, an IANA zone. No services: all services.")
  ResponseEntity<Freeze> create(
      @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(schema = @Schema(implementation = FreezeRequest.class)))
      @RequestBody(required = false) byte[] body, Principal user) {
    FreezeRequest request = bodies.read(body, FreezeRequest.class, service::problems);
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
