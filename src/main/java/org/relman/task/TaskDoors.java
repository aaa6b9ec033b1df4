package org.relman.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.operaton.bpm.engine.AuthorizationException;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.impl.cmd.AbstractSetTaskPropertyCmd;
import org.operaton.bpm.engine.impl.cmd.AddCommentCmd;
import org.operaton.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.operaton.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.operaton.bpm.engine.impl.cmd.CreateAttachmentCmd;
import org.operaton.bpm.engine.impl.cmd.DelegateTaskCmd;
import org.operaton.bpm.engine.impl.cmd.DeleteAttachmentCmd;
import org.operaton.bpm.engine.impl.cmd.DeleteIdentityLinkCmd;
import org.operaton.bpm.engine.impl.cmd.DeleteProcessInstanceCommentCmd;
import org.operaton.bpm.engine.impl.cmd.DeleteTaskCommentCmd;
import org.operaton.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.operaton.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.operaton.bpm.engine.impl.cmd.PatchTaskVariablesCmd;
import org.operaton.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.operaton.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.operaton.bpm.engine.impl.cmd.SaveAttachmentCmd;
import org.operaton.bpm.engine.impl.cmd.SaveTaskCmd;
import org.operaton.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.operaton.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.operaton.bpm.engine.impl.cmd.UpdateCommentCmd;
import org.operaton.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.operaton.bpm.engine.impl.identity.Authentication;
import org.operaton.bpm.engine.impl.interceptor.Command;
import org.operaton.bpm.engine.task.Task;
import org.operaton.bpm.engine.variable.value.TypedValue;
import org.relman.process.CommandField;
import org.relman.process.CommandGuard;
import org.relman.process.WorkerCredentials;
import org.relman.shared.FieldProblem;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The rules of "Tasks" (API.md) for every door a person can reach a task by: relman's API and pages, {@code
 * /engine-rest}, Tasklist's engine API, Java. A task is completed only by a candidate, never by the release's
 * requester when it is an approval (four eyes), only by its assignee once claimed, and with exactly its form's valid
 * fields; what the task is comes from its {@link TaskRecord}. Everything that would bypass those rules is refused to
 * people: resolve, BPMN error or escalation, delegation, assignment, claiming for someone else, editing the task or
 * its variables, comments and attachments (relman's audit trail is the record, not the engine's comments).
 */
@Component
@Order(20)
class TaskDoors implements CommandGuard {

  private static final CommandField<CompleteTaskCmd, String> COMPLETE_TASK =
      CommandField.of(CompleteTaskCmd.class, "taskId", String.class);
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final CommandField<CompleteTaskCmd, Map<String, Object>> COMPLETE_VARIABLES =
      (CommandField) CommandField.of(CompleteTaskCmd.class, "variables", Map.class);
  private static final CommandField<SubmitTaskFormCmd, String> SUBMIT_TASK =
      CommandField.of(SubmitTaskFormCmd.class, "taskId", String.class);
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final CommandField<SubmitTaskFormCmd, Map<String, Object>> SUBMIT_VARIABLES =
      (CommandField) CommandField.of(SubmitTaskFormCmd.class, "properties",
          org.operaton.bpm.engine.variable.VariableMap.class);
  private static final CommandField<ClaimTaskCmd, String> CLAIM_TASK =
      CommandField.of(ClaimTaskCmd.class, "taskId", String.class);
  private static final CommandField<ClaimTaskCmd, String> CLAIM_USER =
      CommandField.of(ClaimTaskCmd.class, "userId", String.class);

  /** Commands that would end or move a task without its form, or change it, refused to every person. */
  private static final Set<Class<?>> BYPASSES = Set.of(ResolveTaskCmd.class, HandleTaskBpmnErrorCmd.class,
      HandleTaskEscalationCmd.class, DelegateTaskCmd.class, SaveTaskCmd.class, DeleteIdentityLinkCmd.class,
      SetTaskVariablesCmd.class, PatchTaskVariablesCmd.class, RemoveTaskVariablesCmd.class, AddCommentCmd.class,
      UpdateCommentCmd.class, DeleteTaskCommentCmd.class, DeleteProcessInstanceCommentCmd.class,
      CreateAttachmentCmd.class, SaveAttachmentCmd.class, DeleteAttachmentCmd.class);

  private final IdentityService identity;
  private final TaskService tasks;
  private final TaskRecords records;
  private final TaskForms forms;
  private final FormDefinitions formDefinitions;
  private final WorkerCredentials worker;
  private final FinishedTasks finished;

  TaskDoors(IdentityService identity, TaskService tasks, TaskRecords records, TaskForms forms,
      FormDefinitions formDefinitions, WorkerCredentials worker, FinishedTasks finished) {
    this.finished = finished;
    this.formDefinitions = formDefinitions;
    this.identity = identity;
    this.tasks = tasks;
    this.records = records;
    this.forms = forms;
    this.worker = worker;
  }

  @Override
  public <T> T guard(Command<T> command, Supplier<T> proceed) {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null || worker.user().equals(caller.getUserId())) {
      // relman's own calls and the engine's jobs run as nobody; the workers have a guard of their own
      return proceed.get();
    }
    if (bypasses(command)) {
      throw refused(caller.getUserId() + " may not " + describe(command) + ": in relman a task is claimed by one of its"
          + " candidates and completed with its form");
    }
    if (command instanceof ClaimTaskCmd claim) {
      String claimFor = CLAIM_USER.get(claim);
      if (!caller.getUserId().equals(claimFor)) {
        throw refused(caller.getUserId() + " may claim a task for themselves only, not "
            + (claimFor == null ? "release someone else's claim" : "for " + claimFor));
      }
      refuseIfDone(CLAIM_TASK.get(claim));
      checkMayWork(CLAIM_TASK.get(claim), caller);
      return claimedOnce(CLAIM_TASK.get(claim), caller, proceed);
    } else if (command instanceof CompleteTaskCmd complete) {
      checkCompletion(COMPLETE_TASK.get(complete), COMPLETE_VARIABLES.get(complete), caller);
    } else if (command instanceof SubmitTaskFormCmd submit) {
      checkCompletion(SUBMIT_TASK.get(submit), SUBMIT_VARIABLES.get(submit), caller);
    }
    return proceed.get();
  }

  /**
   * The same person claiming one task twice at once (a double click, two tabs, a retried request): both claims found it
   * free, and the second one's grant to them is a duplicate row in the engine's authorizations. The task is theirs, as
   * both asked: the second claim succeeds rather than failing with the database's error.
   */
  private <T> T claimedOnce(String taskId, Authentication caller, Supplier<T> proceed) {
    try {
      return proceed.get();
    } catch (RuntimeException lost) {
      Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
      if (task != null && caller.getUserId().equals(task.getAssignee())) {
        return null;
      }
      throw lost;
    }
  }

  private static boolean bypasses(Command<?> command) {
    if (command instanceof AbstractSetTaskPropertyCmd<?>) {
      // assignee, owner, candidates, name, due date, priority: the model decides these
      return true;
    }
    for (Class<?> type = command.getClass(); type != null; type = type.getSuperclass()) {
      if (BYPASSES.contains(type)) {
        return true;
      }
    }
    return false;
  }

  /** A candidate of the task, and not the release's requester when the task wants four eyes. */
  private TaskRecord checkMayWork(String taskId, Authentication caller) {
    TaskRecord record = records.find(taskId).orElse(null);
    if (record == null) {
      Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
      if (task == null) {
        return null; // the engine answers: no such task
      }
      throw refused("task " + taskId + " is not one of relman's human steps");
    }
    if (!record.offeredTo(caller.getGroupIds())) {
      throw refused(caller.getUserId() + " is not in a candidate group " + record.candidateGroups() + " of this task");
    }
    if (forms.get(record.kind()).fourEyes() && caller.getUserId().equals(record.requestedBy())) {
      throw refused("Four eyes: " + caller.getUserId() + " requested this release and cannot work on its "
          + record.kind() + " task");
    }
    return record;
  }

  private void checkCompletion(String taskId, Map<String, Object> variables, Authentication caller) {
    TaskRecord record = checkMayWork(taskId, caller);
    if (record == null) {
      return;
    }
    Task task = tasks.createTaskQuery().taskId(taskId).initializeFormKeys().singleResult();
    if (task == null) {
      refuseIfDone(taskId);
      return; // the engine answers: no such task
    }
    if (task.getAssignee() != null && !task.getAssignee().equals(caller.getUserId())) {
      throw refused("task " + taskId + " is claimed by " + task.getAssignee() + "; only they can complete it");
    }
    TaskForm form = forms.get(record.kind());
    FormDefinition definition = formDefinitions.of(task);
    Map<String, Object> submitted = new LinkedHashMap<>();
    if (variables != null) {
      variables.forEach((name, value) -> submitted.put(name, value instanceof TypedValue typed ? typed.getValue() : value));
    }
    List<FieldProblem> problems = new ArrayList<>(TaskForms.unknownFields(definition, submitted.keySet()));
    TaskForms.check(form, definition, record.releaseId(), submitted, problems);
    if (!problems.isEmpty()) {
      throw new FormFieldValidationException(List.copyOf(problems), FieldProblem.describe(problems));
    }
  }

  /**
   * A task finished a moment ago (a second tab, a colleague quicker by a second) is refused here, before the engine: it
   * would fail on the missing task with an error of its own, which it logs at ERROR with its stack trace (and Tasklist's
   * API once more at WARN), an alarm for something that is no fault. Every door then answers what happened, 409 "already
   * done" ({@link LateTaskAnswers}, {@link TaskList}). Two people completing at the very same moment both pass this
   * check, and the engine decides between them as before.
   */
  private void refuseIfDone(String taskId) {
    finished.alreadyDone(taskId).ifPresent(done -> {
      throw refused(done);
    });
  }

  private static String describe(Command<?> command) {
    String name = command.getClass().getSimpleName().replaceAll("Cmd$", "");
    return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
  }

  private static AuthorizationException refused(String message) {
    return new AuthorizationException(message);
  }
}
