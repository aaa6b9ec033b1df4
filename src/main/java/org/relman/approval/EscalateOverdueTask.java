package org.relman.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.ExecutionListener;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.operaton.bpm.engine.runtime.ActivityInstance;
import org.operaton.bpm.engine.task.IdentityLinkType;
import org.operaton.bpm.engine.task.Task;
import org.operaton.bpm.model.bpmn.instance.BoundaryEvent;
import org.operaton.bpm.model.bpmn.instance.FlowElement;
import org.operaton.bpm.model.bpmn.instance.FlowNode;
import org.operaton.bpm.model.bpmn.instance.SequenceFlow;
import org.operaton.bpm.model.bpmn.instance.UserTask;
import org.relman.process.BusinessKey;
import org.relman.process.ModelBean;
import org.relman.shared.Db;
import org.relman.task.TaskDue;
import org.relman.task.TaskRecord;
import org.relman.task.TaskRecords;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * "Remind and escalate overdue task": the step after a user task's non-interrupting "overdue" timer. Every task of
 * that user task still open and past its due time is escalated the first time (recorded under {@code escalations},
 * priority raised, marked, so Tasklist, the task API and the release view show it) and reminded after that; each time
 * its candidate groups and {@code relman.tasks.escalation-group} are notified ({@link TaskOverdue}). The task stays
 * open. Which user task is overdue is read from the model: the timer this step follows is attached to it.
 */
@ModelBean
@Component("escalateOverdueTask")
class EscalateOverdueTask implements JavaDelegate, ExecutionListener {

  static final int ESCALATED_PRIORITY = 100;
  static final String ESCALATED_AT = "escalatedAt";
  static final String REMINDERS = "overdueReminders";

  private final Escalations escalations;
  private final TaskRecords records;
  private final TaskDue due;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  EscalateOverdueTask(Escalations escalations, TaskRecords records, TaskDue due, ApplicationEventPublisher events,
      Clock clock) {
    this.escalations = escalations;
    this.records = records;
    this.due = due;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    escalate(execution);
  }

  /** Models before 0.3 called this as a listener on the timer itself ({@code escalateOverdueApprovals}). */
  @Override
  public void notify(DelegateExecution execution) {
    escalate(execution);
  }

  private void escalate(DelegateExecution execution) {
    String userTask = overdueUserTask(execution.getBpmnModelElementInstance());
    TaskService tasks = execution.getProcessEngineServices().getTaskService();
    long releaseId = BusinessKey.releaseId(execution);
    Instant now = Db.now(clock);
    Set<String> inScope = executionsInScope(execution, userTask);
    // the approvals are instances of one user task, all overdue together; a gate's failure task runs once per gate,
    // each with its own timer: only the tasks in the timer's own scope are overdue
    for (Task task : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
        .taskDefinitionKey(userTask).list()) {
      if (!inScope.contains(task.getExecutionId())) {
        continue;
      }
      Instant since = task.getDueDate() == null ? now : task.getDueDate().toInstant();
      String kind = records.find(task.getId()).map(TaskRecord::kind).orElse(task.getTaskDefinitionKey());
      int reminder = tasks.getVariableLocal(task.getId(), REMINDERS) instanceof Integer n ? n + 1 : 1;
      if (reminder == 1) {
        escalations.add(releaseId, kind, task.getId(), since, now);
        tasks.setPriority(task.getId(), ESCALATED_PRIORITY);
        tasks.setVariableLocal(task.getId(), ESCALATED_AT, now.toString());
      }
      tasks.setVariableLocal(task.getId(), REMINDERS, reminder);
      events.publishEvent(new TaskOverdue(releaseId, kind, task.getId(), task.getName(), since.toString(),
          groups(tasks, task), reminder));
    }
  }

  /** The executions of the user task's instances inside the scope the timer fired in. */
  private static Set<String> executionsInScope(DelegateExecution execution, String userTask) {
    ActivityInstance tree = execution.getProcessEngineServices().getRuntimeService()
        .getActivityInstance(execution.getProcessInstanceId());
    Set<String> executions = new HashSet<>();
    collect(tree, null, execution.getParentActivityInstanceId(), userTask, executions);
    return executions;
  }

  private static void collect(ActivityInstance instance, String scope, String wanted, String userTask,
      Set<String> executions) {
    if (instance == null) {
      return;
    }
    if (userTask.equals(instance.getActivityId()) && wanted.equals(scope)) {
      executions.addAll(Arrays.asList(instance.getExecutionIds()));
    }
    // a multi-instance body is no scope of its own here: its instances belong to the scope around it
    String next = "multiInstanceBody".equals(instance.getActivityType()) ? scope : instance.getId();
    for (ActivityInstance child : instance.getChildActivityInstances()) {
      collect(child, next, wanted, userTask, executions);
    }
  }

  private List<String> groups(TaskService tasks, Task task) {
    List<String> groups = new ArrayList<>();
    tasks.getIdentityLinksForTask(task.getId()).stream()
        .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
        .forEach(link -> groups.add(link.getGroupId()));
    if (!groups.contains(due.escalationGroup())) {
      groups.add(due.escalationGroup());
    }
    return groups;
  }

  /** The user task whose overdue timer led here: the timer itself, or the step its flow leaves from. */
  static String overdueUserTask(FlowElement element) {
    FlowElement node = element;
    for (int steps = 0; steps < 5 && node != null; steps++) {
      if (node instanceof BoundaryEvent boundary && boundary.getAttachedTo() instanceof UserTask task) {
        return task.getId();
      }
      if (!(node instanceof FlowNode flowNode) || flowNode.getIncoming().size() != 1) {
        break;
      }
      SequenceFlow incoming = flowNode.getIncoming().iterator().next();
      node = incoming.getSource();
    }
    throw new IllegalStateException("'" + (element == null ? "?" : element.getId()) + "' must follow a timer attached"
        + " to the user task that is overdue");
  }
}
