package org.relman.release;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** The lifecycle model moved a release to another status. */
public record ReleaseStatusChanged(Long releaseId, ReleaseStatus from, ReleaseStatus to) implements AuditedEvent {

  @Override
  public String action() {
    return "release.status-changed";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("from", from.name(), "to", to.name());
  }
}
