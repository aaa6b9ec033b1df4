package org.relman.calendar;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A release manager lifted a freeze window. */
public record FreezeDeleted(long freezeId, String name, String by) implements AuditedEvent {

  @Override
  public Long releaseId() {
    return null;
  }

  @Override
  public String actor() {
    return by;
  }

  @Override
  public String action() {
    return "freeze.deleted";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("freezeId", freezeId, "name", name);
  }
}
