package org.relman.monitor;

import java.time.Instant;

/** The monitoring window of one environment of a release; its state survives a restart, so a soak resumes. */
public record Soak(long releaseId, String environment, Status status, Instant startedAt, Instant endsAt, int rounds,
    int consecutiveBreaches, String reason, Instant finishedAt) {

  public enum Status { RUNNING, PASSED, BREACHED }
}
