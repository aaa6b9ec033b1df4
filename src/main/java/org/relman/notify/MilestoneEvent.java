package org.relman.notify;

import java.util.Locale;

/**
 * The milestones a notification can be sent for, as named in {@code relman.notifications.events} and {@code routes}
 * (kebab-case: {@code rolled-back}). Where each one comes from is {@link MilestoneListener}'s business.
 */
public enum MilestoneEvent {
  /** A release was requested with its planned window, or its window moved (rescheduled). */
  SCHEDULED,
  /** A release manager made the go/no-go decision (GO, RESCHEDULE or CANCEL) with their reasoning. */
  DECIDED,
  /** A deploy to one environment finished: succeeded, or failed (a rollback follows). */
  DEPLOYED,
  /** An environment was rolled back, and again when the release ends ROLLED_BACK after its post-mortem. */
  ROLLED_BACK,
  /** The release ended COMPLETED after its review. */
  COMPLETED,
  /** The release ended CANCELLED (through the API, a no-go or a failed gate). */
  CANCELLED,
  /** An approval task was overdue and escalated. */
  ESCALATED;

  /** The configuration and API name: {@code rolled-back}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
