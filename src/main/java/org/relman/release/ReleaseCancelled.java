package org.relman.release;

import java.util.Map;

/** A release manager cancelled a release through the API; the model then ends it CANCELLED. */
public record ReleaseCancelled(Long releaseId, String by, String reason) implements org.relman.audit.AuditedEvent {

  @Override
  public String actor() {
    return by;
  }

  @Override
  public String action() {
    return "release.cancelled";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("reason", reason);
  }
}
