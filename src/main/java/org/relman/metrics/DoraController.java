package org.relman.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.relman.http.QueryParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Metrics", description = "DORA metrics of production deployments")
class DoraController {

  static final Duration DEFAULT_RANGE = Duration.ofDays(30);
  static final Duration LONGEST_RANGE = Duration.ofDays(366);
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]{1,64}");

  private final DoraMetrics metrics;
  private final Clock clock;

  DoraController(DoraMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  @GetMapping("/api/metrics/dora")
  @Operation(summary = "DORA metrics (everyone signed in)", description = "Deployment frequency, lead time for changes,"
      + " change failure rate and time to restore over production deployments that finished in [from, to), for all"
      + " releases or those including service. Defaults: to = now, from = to - 30 days; at most 366 days. Each"
      + " definition is stated in the response's definitions.")
  DoraReport dora(@RequestParam(name = "from", required = false) @Parameter(schema = @Schema(type = "string",
      format = "date-time")) String fromText, @RequestParam(name = "to", required = false) @Parameter(schema = @Schema(
      type = "string", format = "date-time")) String toText, @RequestParam(required = false) String service) {
    QueryParameters query = new QueryParameters();
    Instant from = query.instant("from", fromText);
    Instant to = query.instant("to", toText);
    Instant end = to != null ? to : clock.instant();
    Instant start = from != null ? from : end.minus(DEFAULT_RANGE);
    boolean bothRead = !query.failed("from") && !query.failed("to");
    if (bothRead && !end.isAfter(start)) {
      query.problem("from", "must be before to (" + end + ")");
    } else if (bothRead && Duration.between(start, end).compareTo(LONGEST_RANGE) > 0) {
      query.problem("to", "the range may span at most " + LONGEST_RANGE.toDays() + " days");
    }
    String only = service == null || service.isEmpty() ? null : service;
    if (only != null && !SERVICE.matcher(only).matches()) {
      query.problem("service", "must match [a-z0-9-]{1,64}");
    }
    query.check();
    return metrics.report(start, end, only);
  }
}
