package org.relman.notify;

import java.time.Instant;

/**
 * One notification to one target, as the outbox holds it. {@code status}: {@code PENDING} (queued or waiting for its
 * next attempt), {@code DELIVERED}, {@code FAILED} (given up after the last attempt).
 */
public record Delivery(long id, long releaseId, MilestoneEvent event, Channel channel, String target, String subject,
    String body, String status, int attempts, Instant createdAt, Instant nextAttemptAt, Instant lastAttemptAt,
    Instant deliveredAt, String lastError) {

  public static final String PENDING = "PENDING";
  public static final String DELIVERED = "DELIVERED";
  public static final String FAILED = "FAILED";
}
