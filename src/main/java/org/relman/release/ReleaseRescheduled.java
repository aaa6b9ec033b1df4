package org.relman.release;

import java.time.Instant;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/** The planned start moved; the previous window and the reason stay in the audit trail. */
public record ReleaseRescheduled(Long releaseId, Instant previousStart, Instant newStart, String by, String reason)
    implements AuditedEvent {

  @Override
  public String actor() {
    return by;
  }

  @Override
  public String action() {
    return "release.rescheduled";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("previousStart", previousStart.toString(), "newStart", newStart.toString(), "reason", reason);
  }
}
