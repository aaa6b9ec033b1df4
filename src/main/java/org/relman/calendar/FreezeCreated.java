package org.relman.calendar;

import java.util.LinkedHashMap;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A release manager declared a freeze window. */
public record FreezeCreated(Freeze freeze) implements AuditedEvent {

  @Override
  public Long releaseId() {
    return null;
  }

  @Override
  public String actor() {
    return freeze.createdBy();
  }

  @Override
  public String action() {
    return "freeze.created";
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("freezeId", freeze.id());
    details.put("name", freeze.name());
    details.put("start", freeze.start() == null ? null : freeze.start().toString());
    details.put("end", freeze.end() == null ? null : freeze.end().toString());
    if (freeze.recurrence() != null) {
      details.put("cron", freeze.recurrence().cron());
      details.put("duration", freeze.recurrence().duration().toString());
      details.put("zone", freeze.recurrence().zone().getId());
    }
    details.put("services", freeze.services());
    return details;
  }
}
