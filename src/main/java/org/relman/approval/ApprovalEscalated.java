package org.relman.approval;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** An approval task was not done within {@code relman.approvals.escalate-after}. */
public record ApprovalEscalated(Long releaseId, String kind, String taskId, String overdueSince) implements AuditedEvent {

  @Override
  public String action() {
    return "approval.escalated";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("kind", kind, "taskId", taskId, "overdueSince", overdueSince);
  }
}
