package org.relman.calendar;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A hotfix deployed inside a freeze window: freezes do not block hotfixes, but every override is on record. */
public record FreezeOverridden(Long releaseId, long freezeId, String name, String start, String end) implements AuditedEvent {

  @Override
  public String action() {
    return "freeze.overridden";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("freezeId", freezeId, "name", name, "start", start, "end", end);
  }
}
