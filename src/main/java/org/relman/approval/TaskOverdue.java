package org.relman.approval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/**
 * A human step still open at its due time ({@code relman.tasks.due.*}; approvals: {@code relman.approvals.escalate-after}):
 * the first time it is escalated, then reminded. {@code groups} hear of it: the task's candidate groups and
 * {@code relman.tasks.escalation-group}.
 */
public record TaskOverdue(Long releaseId, String kind, String taskId, String taskName, String overdueSince,
    List<String> groups, int reminder) implements AuditedEvent {

  public TaskOverdue {
    groups = List.copyOf(groups);
  }

  /** The first time: the task is escalated; then it is reminded. */
  public boolean escalation() {
    return reminder == 1;
  }

  @Override
  public String action() {
    if (!escalation()) {
      return "task.reminded";
    }
    return ApprovalKinds.approvalOf(kind).isPresent() ? "approval.escalated" : "task.escalated";
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", kind);
    details.put("taskId", taskId);
    details.put("task", taskName == null ? "" : taskName);
    details.put("overdueSince", overdueSince);
    details.put("groups", groups);
    details.put("reminder", reminder);
    return details;
  }
}
