package org.relman.approval;

import java.time.Clock;
import java.time.Instant;

import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.ExecutionListener;
import org.operaton.bpm.engine.task.Task;
import org.relman.process.ModelBean;
import org.relman.process.BusinessKey;
import org.relman.shared.Db;
import org.relman.task.TaskRecord;
import org.relman.task.TaskRecords;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * On an approval's non-interrupting "overdue" timer (boundary id {@code <task id>-overdue}): records the escalation of
 * every approval task still open, raises its priority and marks it, so Tasklist, the task API and the release view show
 * it. The tasks stay open.
 */
@ModelBean
@Component("escalateOverdueApprovals")
class EscalateOverdueApprovals implements ExecutionListener {

  static final String OVERDUE_SUFFIX = "-overdue";
  static final int ESCALATED_PRIORITY = 100;

  private final Escalations escalations;
  private final TaskRecords records;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  EscalateOverdueApprovals(Escalations escalations, TaskRecords records, ApplicationEventPublisher events, Clock clock) {
    this.escalations = escalations;
    this.records = records;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String boundary = execution.getCurrentActivityId();
    String activity = boundary.endsWith(OVERDUE_SUFFIX)
        ? boundary.substring(0, boundary.length() - OVERDUE_SUFFIX.length()) : boundary;
    TaskService tasks = execution.getProcessEngineServices().getTaskService();
    long releaseId = BusinessKey.releaseId(execution);
    Instant now = Db.now(clock);
    // the approvals share one multi-instance task: every one still open is overdue
    for (Task task : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKey(activity).list()) {
      String kind = records.find(task.getId()).map(TaskRecord::kind).orElse(task.getTaskDefinitionKey());
      Instant since = task.getDueDate() == null ? now : task.getDueDate().toInstant();
      escalations.add(releaseId, kind, task.getId(), since, now);
      tasks.setPriority(task.getId(), ESCALATED_PRIORITY);
      tasks.setVariableLocal(task.getId(), "escalatedAt", now.toString());
      events.publishEvent(new ApprovalEscalated(releaseId, kind, task.getId(), since.toString()));
    }
  }
}
