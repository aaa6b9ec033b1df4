package org.relman.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/**
 * Somebody changed something inside the engine, through Cockpit, Admin, Tasklist, {@code /engine-rest} or relman's
 * own task list: a user, group or membership, a claim or assignment, a process instance modified or cancelled, a
 * variable set, a job's retries. Recorded from the engine's user operation log, in the same transaction.
 */
public record EngineOperationRecorded(Long releaseId, String actor, String entityType, String operationType,
    String operationId, Map<String, Object> subject, List<Map<String, Object>> changes) implements AuditedEvent {

  @Override
  public String action() {
    return "engine." + kebab(entityType) + "." + kebab(operationType);
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("entityType", entityType);
    details.put("operationType", operationType);
    details.put("operationId", operationId);
    details.putAll(subject);
    details.put("changes", changes);
    return details;
  }

  /** {@code ProcessInstance} → {@code process-instance}, {@code Group membership} → {@code group-membership}. */
  static String kebab(String text) {
    if (text == null || text.isBlank()) {
      return "unknown";
    }
    return text.strip().replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("[^A-Za-z0-9]+", "-").toLowerCase();
  }
}
