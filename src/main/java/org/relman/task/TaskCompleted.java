package org.relman.task;

import java.util.LinkedHashMap;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A person completed a human step; the audit record holds who and every submitted field. */
public record TaskCompleted(Long releaseId, String taskId, String kind, String name, String by, Map<String, Object> fields)
    implements AuditedEvent {

  @Override
  public String actor() {
    return by;
  }

  @Override
  public String action() {
    return "task.completed";
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("taskId", taskId);
    details.put("kind", kind);
    details.put("name", name);
    details.put("fields", fields);
    return details;
  }
}
