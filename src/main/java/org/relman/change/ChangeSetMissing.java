package org.relman.change;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** The repository or a ref of a release does not exist; the release cannot go on. */
public record ChangeSetMissing(Long releaseId, String reason) implements AuditedEvent {

  @Override
  public String action() {
    return "changes.unavailable";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("reason", reason);
  }
}
