package org.relman.calendar;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A release may deploy inside a freeze window: who allowed it, why, and which freezes. */
public record FreezeExceptionGranted(Long releaseId, String by, String justification, String freezes)
    implements AuditedEvent {

  @Override
  public String actor() {
    return by;
  }

  @Override
  public String action() {
    return "freeze.exception-granted";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("justification", justification, "freezes", freezes);
  }
}
