package org.relman.gate;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A required gate of a release and its latest report. {@code reportSeq} counts reports (and timeouts);
 * {@code consumedSeq} is the last one the lifecycle acted on, so a report that arrives early, or during a re-run,
 * is picked up exactly once.
 */
public record Gate(long releaseId, String name, GateStatus status, int reportSeq, int consumedSeq, Instant reportedAt,
    String summary, String url, Integer testsTotal, Integer testsFailed, BigDecimal coverage) {

  boolean hasUnconsumedReport() {
    return reportSeq > consumedSeq;
  }
}
