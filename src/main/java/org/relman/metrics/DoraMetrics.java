package org.relman.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.relman.shared.Db;
import org.relman.RelmanProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the DORA metrics from the tables {@link DoraHistory} keeps. Everything is aggregated in SQL over indexed
 * ranges and no history is loaded into the application: a percentile (nearest rank) is an {@code ORDER BY ... LIMIT 1
 * OFFSET k-1} query, for the lead times after counting them per hour (see {@link #leadTimes}).
 */
@Component
class DoraMetrics {

  static final String PERCENTILE_METHOD = "nearest-rank";

  private final NamedParameterJdbcTemplate jdbc;
  private final Duration failureWindow;

  @Autowired
  DoraMetrics(NamedParameterJdbcTemplate jdbc, RelmanProperties properties) {
    this(jdbc, properties.metrics().failureWindow());
  }

  DoraMetrics(NamedParameterJdbcTemplate jdbc, Duration failureWindow) {
    this.jdbc = jdbc;
    this.failureWindow = failureWindow;
  }

  /** [from, to); {@code service} null: every release. */
  DoraReport report(Instant from, Instant to, String service) {
    var params = new MapSqlParameterSource()
        .addValue("from", Db.param(from))
        .addValue("to", Db.param(to))
        .addValue("service", service)
        .addValue("window", failureWindow.getSeconds());
    String ofService = service == null ? ""
        : " AND %s.release_id IN (SELECT s.release_id FROM release_services s WHERE s.service = :service)";
    String deployments = " FROM dora_deployments d WHERE d.finished_at >= :from AND d.finished_at < :to"
        + ofService.formatted("d");
    // the failure predicates are ChangeFailureRate's, which the risk policy's changeFailureRate fact counts with too
    String hotfixed = ChangeFailureRate.HOTFIXED;

    Map<String, Object> counts = jdbc.queryForMap("SELECT COUNT(*) AS total,"
        + " COALESCE(SUM(CASE WHEN d.succeeded THEN 1 ELSE 0 END), 0) AS succeeded,"
        + " COALESCE(SUM(CASE WHEN " + ChangeFailureRate.FAILED_OR_ROLLED_BACK + " THEN 1 ELSE 0 END), 0) AS rolled_back,"
        + " COALESCE(SUM(CASE WHEN " + hotfixed + " THEN 1 ELSE 0 END), 0) AS hotfixed,"
        + " COALESCE(SUM(CASE WHEN d.rolled_back OR " + hotfixed + " THEN 1 ELSE 0 END), 0) AS restored"
        + deployments, params);
    long total = number(counts, "total");
    long succeeded = number(counts, "succeeded");
    long rolledBack = number(counts, "rolled_back");
    long hotfixes = number(counts, "hotfixed");
    long failures = rolledBack + hotfixes;
    long restored = number(counts, "restored");

    String restores = " FROM dora_deployments d WHERE d.finished_at >= :from AND d.finished_at < :to"
        + " AND (d.rolled_back OR " + hotfixed + ")" + ofService.formatted("d");
    Long restoreMedian = nearestRank("CASE WHEN d.rolled_back THEN d.rollback_restore_seconds"
        + " ELSE d.hotfix_after_seconds END", restores, params, restored, 50);

    String leads = " FROM dora_lead_times l WHERE l.deployed_at >= :from AND l.deployed_at < :to" + ofService.formatted("l");
    LeadTimes leadTimes = leadTimes(leads, params, 50, 90);
    long commitCount = leadTimes.count();
    Long leadMedian = leadTimes.percentiles()[0];
    Long leadP90 = leadTimes.percentiles()[1];

    double days = Duration.between(from, to).toMillis() / 86_400_000d;
    return new DoraReport(from, to, service,
        new DoraReport.Frequency(succeeded, round(days), round(succeeded / days), round(succeeded * 7 / days)),
        new DoraReport.LeadTime(commitCount, succeeded, duration(leadMedian), leadMedian, duration(leadP90), leadP90,
            PERCENTILE_METHOD),
        new DoraReport.FailureRate(total, failures, total == 0 ? null : round((double) failures / total), rolledBack,
            hotfixes, iso(failureWindow)),
        new DoraReport.TimeToRestore(restored, failures - restored, duration(restoreMedian), restoreMedian,
            PERCENTILE_METHOD),
        definitions());
  }

  /**
   * Nearest-rank percentiles of the lead times in two steps, because sorting hundreds of thousands of them is what
   * costs: how many fall in each hour (one index scan, a few thousand groups), then, in the hour that holds the rank,
   * the value itself (an index range on the lead time: a few thousand rows).
   */
  private LeadTimes leadTimes(String scope, MapSqlParameterSource params, int... percents) {
    List<long[]> hours = jdbc.query("SELECT l.lead_hours AS bucket, COUNT(*) AS n" + scope
        + " GROUP BY l.lead_hours ORDER BY l.lead_hours", params,
        (rs, i) -> new long[] {rs.getLong("bucket"), rs.getLong("n")});
    long n = hours.stream().mapToLong(hour -> hour[1]).sum();
    Long[] values = new Long[percents.length];
    if (n == 0) {
      return new LeadTimes(0, values);
    }
    for (int i = 0; i < percents.length; i++) {
      long rank = (percents[i] * n + 99) / 100;
      long before = 0;
      for (long[] hour : hours) {
        if (before + hour[1] >= rank) {
          var inHour = new MapSqlParameterSource(params.getValues())
              .addValue("low", hour[0] * BUCKET)
              .addValue("high", (hour[0] + 1) * BUCKET);
          values[i] = jdbc.queryForObject("SELECT l.lead_seconds AS v" + scope + " AND l.lead_seconds >= :low"
              + " AND l.lead_seconds < :high ORDER BY v LIMIT 1 OFFSET " + (rank - before - 1), inHour, Long.class);
          break;
        }
        before += hour[1];
      }
    }
    return new LeadTimes(n, values);
  }

  /** How many lead times there are, and the requested percentiles of them (null without any). */
  private record LeadTimes(long count, Long[] percentiles) {}

  /** The width of {@code dora_lead_times.lead_hours}. */
  private static final long BUCKET = 3_600;

  /** The ⌈p·n/100⌉-th smallest of the n values; null when there are none. */
  private Long nearestRank(String value, String scope, MapSqlParameterSource params, long n, int percent) {
    if (n == 0) {
      return null;
    }
    long rank = (percent * n + 99) / 100;
    // counted from the nearer end: a sort that keeps only the first rows it needs (p90: a tenth) is much cheaper
    boolean fromTop = rank > n - rank + 1;
    String order = fromTop ? " ORDER BY v DESC LIMIT 1 OFFSET " + (n - rank) : " ORDER BY v LIMIT 1 OFFSET " + (rank - 1);
    List<Long> values = jdbc.queryForList("SELECT " + value + " AS v" + scope + order, params, Long.class);
    return values.isEmpty() ? null : values.get(0);
  }

  Map<String, String> definitions() {
    Map<String, String> definitions = new LinkedHashMap<>();
    definitions.put("deploymentFrequency", "Successful production deployments that finished in [from, to), per day"
        + " (their number divided by the days in the range) and per week (per day times 7), rounded to 3 decimals.");
    definitions.put("leadTimeForChanges", "For each commit in the change set of a release whose production deployment"
        + " succeeded in [from, to): the time from the commit's committer time to the end of that deployment. median and"
        + " p90 by the nearest-rank method: the ceil(p/100 * n)-th smallest of the n values, in whole seconds.");
    definitions.put("changeFailureRate", "Production deployments that finished in [from, to) and failed, were rolled"
        + " back, or were followed by a hotfix (a release with \"hotfix\": true of one of their services, deployed"
        + " successfully to production no later than relman.metrics.failure-window (" + iso(failureWindow) + ") after"
        + " them, while they were that service's latest production deployment that had succeeded and not been rolled"
        + " back), divided by all production deployments, successful or failed, that finished in [from, to).");
    definitions.put("timeToRestore", "For each failure counted in the change failure rate: from detection to"
        + " restoration; median by the nearest-rank method. Detection is the end of the failed deployment, the end of"
        + " the monitoring soak whose breaches triggered the rollback, or the start of the rollback (a failed"
        + " verification); for a failure followed by a hotfix, the end of the failed deployment. Restoration is the end"
        + " of the successful rollback, or the end of the hotfix's production deployment. Failures whose rollback has"
        + " not succeeded are unrestored.");
    definitions.put("production", "A release's production environment is the last environment of its promotion path:"
        + " the last entry of relman.environments when the release was requested.");
    definitions.put("service", "With service, only releases that include that service count, including their"
        + " commits and failures.");
    return definitions;
  }

  private static long number(Map<String, Object> row, String column) {
    Object value = row.get(column);
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static double round(double value) {
    return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).doubleValue();
  }

  private static String duration(Long seconds) {
    return seconds == null ? null : Duration.ofSeconds(seconds).toString();
  }

  static String iso(Duration duration) {
    long seconds = duration.getSeconds();
    return seconds > 0 && seconds % 86_400 == 0 && duration.getNano() == 0 ? "P" + seconds / 86_400 + "D" : duration.toString();
  }
}
