package org.relman.metrics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The DORA metrics week by week, as the DORA page draws them: each week (Monday 00:00 UTC to the next) is the report of
 * {@code GET /api/metrics/dora} for that range, and the whole period is one more.
 */
@Component
public class DoraTrend {

  /** One week, from its Monday. */
  public record Week(LocalDate start, DoraReport report) {}

  /** The weeks up to the current one, oldest first, and the report over all of them. */
  public record Trend(DoraReport total, List<Week> weeks) {}

  /** The longest trend: a year, like the API's longest range. */
  public static final int MOST_WEEKS = 52;

  private final DoraMetrics metrics;
  private final JdbcTemplate jdbc;

  DoraTrend(DoraMetrics metrics, JdbcTemplate jdbc) {
    this.metrics = metrics;
    this.jdbc = jdbc;
  }

  /** The last {@code weeks} weeks up to and including the one {@code now} is in; {@code service} null: every release. */
  public Trend weekly(int weeks, String service, Instant now) {
    if (weeks < 1 || weeks > MOST_WEEKS) {
      throw new IllegalArgumentException("weeks must be between 1 and " + MOST_WEEKS);
    }
    LocalDate thisWeek = LocalDate.ofInstant(now, ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate first = thisWeek.minusWeeks(weeks - 1L);
    List<Week> trend = new ArrayList<>();
    for (LocalDate monday = first; !monday.isAfter(thisWeek); monday = monday.plusWeeks(1)) {
      Instant start = monday.atStartOfDay(ZoneOffset.UTC).toInstant();
      trend.add(new Week(monday, metrics.report(start, start.plus(Duration.ofDays(7)), service)));
    }
    Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = thisWeek.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return new Trend(metrics.report(from, to, service), trend);
  }

  /** Every service a release has named, for choosing one. */
  public List<String> services() {
    return jdbc.queryForList("SELECT DISTINCT service FROM release_services ORDER BY service", String.class);
  }
}
