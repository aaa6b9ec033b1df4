package org.relman.notes;

import java.util.LinkedHashMap;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A release ended and its final notes were stored; the SHA-256 of each audience's text proves them unchanged later. */
public record ReleaseNotesFrozen(Long releaseId, String releaseStatus, Map<String, Object> sha256) implements AuditedEvent {

  @Override
  public String action() {
    return "release-notes.frozen";
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("releaseStatus", releaseStatus);
    details.put("sha256", sha256);
    return details;
  }
}
