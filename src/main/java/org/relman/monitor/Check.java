package org.relman.monitor;

import java.time.Instant;

/**
 * One check result: a PromQL query (or the health URL) in one round of a soak. {@code value} is the sample that
 * decided (the highest against a max, the lowest against a min), null when there was none; {@code detail} says why
 * a check failed: the bound crossed, no data, NaN, an error or an unreachable Prometheus.
 */
public record Check(long releaseId, String environment, int round, String name, Double value, Double min, Double max,
    boolean passed, String detail, Instant at) {

  /** What checks.detail holds. */
  static final int DETAIL_LIMIT = 1000;

  public Check {
    if (detail != null && detail.length() > DETAIL_LIMIT) {
      detail = detail.substring(0, DETAIL_LIMIT - 3) + "...";
    }
  }

  /** The bound the value was held against: max if there is one, else min. */
  public Double threshold() {
    return max != null ? max : min;
  }
}
