package org.relman.view;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** Someone exported a release's evidence: who, and in which format. */
public record EvidenceExported(Long releaseId, String by, String format) implements AuditedEvent {

  static final String ACTION = "evidence.exported";

  @Override
  public String actor() {
    return by;
  }

  @Override
  public String action() {
    return ACTION;
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("format", format);
  }
}
