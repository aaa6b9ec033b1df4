package org.relman.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.relman.shared.FieldProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.relman.shared.InvalidInput;

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
  DoraReport dora(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
      @RequestParam(required = false) String service) {
    Instant end = to != null ? to : clock.instant();
    Instant start = from != null ? from : end.minus(DEFAULT_RANGE);
    List<FieldProblem> problems = new ArrayList<>();
    if (!end.isAfter(start)) {
      problems.add(new FieldProblem("from", "must be before to (" + end + ")"));
    } else if (Duration.between(start, end).compareTo(LONGEST_RANGE) > 0) {
      problems.add(new FieldProblem("to", "the range may span at most " + LONGEST_RANGE.toDays() + " days"));
    }
    String only = service == null || service.isEmpty() ? null : service;
    if (only != null && !SERVICE.matcher(only).matches()) {
      problems.add(new FieldProblem("service", "must match [a-z0-9-]{1,64}"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    return metrics.report(start, end, only);
  }
}
