package org.relman.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * The four DORA metrics over [from, to), for all releases or those of one service. Durations are ISO-8601 (whole
 * seconds) with the same value in seconds beside them; a value without data is null. {@code definitions} states how
 * each number is computed, in words.
 */
public record DoraReport(Instant from, Instant to, String service, Frequency deploymentFrequency,
    LeadTime leadTimeForChanges, FailureRate changeFailureRate, TimeToRestore timeToRestore,
    Map<String, String> definitions) {

  /** Successful production deployments: how many, over how many days, per day and per week (3 decimals). */
  public record Frequency(long deployments, double days, double perDay, double perWeek) {}

  /** Commit to production, over the commits shipped: median and 90th percentile by nearest rank. */
  public record LeadTime(long commits, long deployments, String median, Long medianSeconds, String p90, Long p90Seconds,
      String percentileMethod) {}

  /**
   * Failed production deployments over all of them; {@code rolledBack} failed or were rolled back, {@code hotfixed}
   * were followed by a hotfix within {@code failureWindow}. {@code rate} is null without deployments.
   */
  public record FailureRate(long deployments, long failures, Double rate, long rolledBack, long hotfixed,
      String failureWindow) {}

  /** From detection to restoration, over the failures restored; {@code unrestored} are failures not restored yet. */
  public record TimeToRestore(long restored, long unrestored, String median, Long medianSeconds, String percentileMethod) {}
}
