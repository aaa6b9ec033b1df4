package org.relman.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import org.relman.RelmanProperties;
import org.relman.shared.Db;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The one definition of the change failure rate, over the DORA tables ({@code dora_deployments}, kept by
 * {@link DoraHistory}): a production deployment failed, was rolled back, or was followed by a hotfix within
 * {@code relman.metrics.failure-window}. DORA's report (GET /api/metrics/dora) and the risk policy's
 * {@code changeFailureRate} fact both count with it, so the two never disagree.
 */
@Component
public class ChangeFailureRate {

  /** Production deployments, and how many of them were failures, as the SQL below counts them. */
  public record Count(long deployments, long failures) {

    /** failures / deployments; 0 without deployments (no history to speak of). */
    public double rate() {
      return deployments == 0 ? 0.0 : (double) failures / deployments;
    }
  }

  /** A succeeded deployment followed by a hotfix in the window (parameter {@code :window}, seconds). */
  static final String HOTFIXED = "d.succeeded AND NOT d.rolled_back AND d.hotfix_after_seconds <= :window";
  /** A deployment that failed or was rolled back. */
  static final String FAILED_OR_ROLLED_BACK = "NOT d.succeeded OR d.rolled_back";
  /** Every failure the rate counts. */
  static final String FAILURE = "(" + FAILED_OR_ROLLED_BACK + ") OR (" + HOTFIXED + ")";

  private final NamedParameterJdbcTemplate jdbc;
  private final Duration failureWindow;

  @Autowired
  ChangeFailureRate(NamedParameterJdbcTemplate jdbc, RelmanProperties properties) {
    this(jdbc, properties.metrics().failureWindow());
  }

  ChangeFailureRate(NamedParameterJdbcTemplate jdbc, Duration failureWindow) {
    this.jdbc = jdbc;
    this.failureWindow = failureWindow;
  }

  Duration failureWindow() {
    return failureWindow;
  }

  /**
   * The production deployments of releases of any of these services that finished in [from, to), other than
   * {@code excludedRelease}'s own, and their failures.
   */
  public Count of(Collection<String> services, Instant from, Instant to, long excludedRelease) {
    var params = new MapSqlParameterSource()
        .addValue("from", Db.param(from))
        .addValue("to", Db.param(to))
        .addValue("services", services)
        .addValue("release", excludedRelease)
        .addValue("window", failureWindow.getSeconds());
    Map<String, Object> counts = jdbc.queryForMap("SELECT COUNT(*) AS total,"
        + " COALESCE(SUM(CASE WHEN " + FAILURE + " THEN 1 ELSE 0 END), 0) AS failures"
        + " FROM dora_deployments d WHERE d.finished_at >= :from AND d.finished_at < :to AND d.release_id <> :release"
        + " AND d.release_id IN (SELECT s.release_id FROM release_services s WHERE s.service IN (:services))", params);
    return new Count(((Number) counts.get("total")).longValue(), ((Number) counts.get("failures")).longValue());
  }
}
