package org.relman.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.relman.metrics.DoraReport;
import org.relman.metrics.DoraTrend;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The four DORA metrics over a period, for every release or one service, each with its weekly trend drawn by Chart.js
 * ({@code static/js/dora.js} reads the series from the canvas's data attributes; the same numbers are in a table
 * beside it). The numbers are those of {@code GET /api/metrics/dora}.
 */
@Controller
class DoraPage {

  static final List<Integer> PERIODS = List.of(4, 8, 12, 26, 52);
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]{1,64}");

  /** One metric's chart: its title, unit, the period's figure, and the value per week (null: no data that week). */
  public record Chart(String id, String title, String unit, String figure, String detail, String kind,
      List<String> weeks, List<Double> values, String json) {}

  private final DoraTrend trend;
  private final Clock clock;
  private final ObjectMapper json;
  private final Times times;

  DoraPage(DoraTrend trend, Clock clock, ObjectMapper json, Times times) {
    this.trend = trend;
    this.clock = clock;
    this.json = json;
    this.times = times;
  }

  @GetMapping("/dora")
  String dora(@RequestParam(required = false) String service, @RequestParam(required = false) String weeks,
      Model model, HttpServletResponse response) {
    Map<String, String> errors = new LinkedHashMap<>();
    String only = service == null || service.isBlank() ? null : service.strip();
    if (only != null && !SERVICE.matcher(only).matches()) {
      errors.put("service", "must match [a-z0-9-]{1,64}");
    }
    int period = 12;
    if (weeks != null && !weeks.isBlank()) {
      try {
        period = Integer.parseInt(weeks.strip());
      } catch (NumberFormatException e) {
        period = -1;
      }
      if (!PERIODS.contains(period)) {
        errors.put("weeks", "'" + weeks + "' is not one of " + PERIODS + " weeks");
        period = 12;
      }
    }
    if (!errors.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      only = errors.containsKey("service") ? null : only;
    }
    DoraTrend.Trend shown = trend.weekly(period, only, clock.instant());
    DoraReport total = shown.total();
    List<Chart> charts = List.of(
        chart("deployment-frequency", "Deployment frequency", "deployments", "bar", shown,
            r -> (double) r.deploymentFrequency().deployments(),
            total.deploymentFrequency().perWeek() + " per week",
            total.deploymentFrequency().deployments() + " successful production deployments"),
        chart("lead-time", "Lead time for changes", "hours (median)", "line", shown,
            r -> hours(r.leadTimeForChanges().medianSeconds()),
            times.duration(total.leadTimeForChanges().medianSeconds()),
            "median over " + total.leadTimeForChanges().commits() + " commits; p90 "
                + times.duration(total.leadTimeForChanges().p90Seconds())),
        chart("change-failure-rate", "Change failure rate", "% of deployments", "line", shown,
            r -> r.changeFailureRate().rate() == null ? null : round(r.changeFailureRate().rate() * 100),
            total.changeFailureRate().rate() == null ? "no deployments" : round(total.changeFailureRate().rate() * 100)
                + " %",
            total.changeFailureRate().failures() + " of " + total.changeFailureRate().deployments() + " deployments"),
        chart("time-to-restore", "Time to restore", "minutes (median)", "line", shown,
            r -> r.timeToRestore().medianSeconds() == null ? null : round(r.timeToRestore().medianSeconds() / 60d),
            times.duration(total.timeToRestore().medianSeconds()),
            total.timeToRestore().restored() + " restored, " + total.timeToRestore().unrestored() + " not yet"));
    model.addAttribute("charts", charts);
    model.addAttribute("total", total);
    model.addAttribute("services", trend.services());
    model.addAttribute("service", only == null ? "" : only);
    model.addAttribute("weeks", period);
    model.addAttribute("periods", PERIODS);
    model.addAttribute("errors", errors);
    return "dora";
  }

  private Chart chart(String id, String title, String unit, String kind, DoraTrend.Trend trend,
      Function<DoraReport, Double> value, String figure, String detail) {
    List<String> weeks = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (DoraTrend.Week week : trend.weeks()) {
      weeks.add(week.start().toString());
      values.add(value.apply(week.report()));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("kind", kind);
    data.put("label", title + " (" + unit + ")");
    data.put("labels", weeks);
    data.put("values", values);
    try {
      return new Chart(id, title, unit, figure, detail, kind, weeks, values, json.writeValueAsString(data));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Double hours(Long seconds) {
    return seconds == null ? null : round(seconds / 3600d);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100d;
  }
}
