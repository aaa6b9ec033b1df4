package org.relman.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Clock;

import org.operaton.bpm.engine.AuthorizationService;
import org.operaton.bpm.engine.authorization.Authorization;
import org.operaton.bpm.engine.authorization.Resources;
import org.operaton.bpm.engine.authorization.TaskPermissions;
import org.operaton.bpm.engine.delegate.DelegateTask;
import org.operaton.bpm.engine.impl.identity.Authentication;
import org.operaton.bpm.engine.task.IdentityLink;
import org.operaton.bpm.engine.task.IdentityLinkType;
import org.relman.shared.Db;
import org.relman.process.BusinessKey;
import org.relman.process.UserTaskHooks;
import org.relman.release.Release;
import org.relman.shared.InvalidInput;
import org.relman.shared.NotPermitted;
import org.relman.release.Releases;
import org.relman.shared.FieldProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Listens to every user task of every model (added by the engine plugin, so no path into the engine escapes it).
 * On create: records what the task is ({@link TaskRecord}: kind, candidate groups, the release's requester), forgets
 * the form fields of an earlier round, and for four-eyes tasks revokes the requester's right to work on the task. On
 * complete, in the completing transaction: checks again what {@link TaskDoors} checked before it (candidate, assignee,
 * four eyes, fields), from the record, never from process variables; then records the decision and audits it.
 */
@Component
public class TaskCompletionGuard implements UserTaskHooks {

  private final TaskForms forms;
  private final FormDefinitions formDefinitions;
  private final TaskRecords records;
  private final Releases releases;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  TaskCompletionGuard(TaskForms forms, FormDefinitions formDefinitions, TaskRecords records, Releases releases,
      ApplicationEventPublisher events, Clock clock) {
    this.forms = forms;
    this.formDefinitions = formDefinitions;
    this.records = records;
    this.releases = releases;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void created(DelegateTask task) {
    long releaseId = BusinessKey.releaseId(task);
    Release release = releases.find(releaseId).orElseThrow(() -> new IllegalStateException("no release " + releaseId));
    // the model set the kind (the approvals share one multi-instance task, each instance of its own kind) and the
    // candidates; from now on they are read from the record
    TaskForm form = forms.get(TaskForms.kindOf(task.getTaskDefinitionKey(), task.getExecution().getVariableLocal("taskKind")));
    records.add(new TaskRecord(task.getId(), releaseId, form.kind(), candidateGroups(task), release.requestedBy(),
        Db.now(clock)));
    for (String field : formDefinitions.of(task).keys()) {
      if (task.getExecution().hasVariable(field)) {
        task.getExecution().setVariable(field, null);
      }
    }
    form.prepare(task, releaseId);
    if (form.fourEyes()) {
      AuthorizationService authorizations = task.getProcessEngineServices().getAuthorizationService();
      Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
      revoke.setUserId(release.requestedBy());
      revoke.setResource(Resources.TASK);
      revoke.setResourceId(task.getId());
      revoke.removePermission(TaskPermissions.TASK_WORK);
      revoke.removePermission(TaskPermissions.UPDATE);
      revoke.removePermission(TaskPermissions.TASK_ASSIGN);
      authorizations.saveAuthorization(revoke);
    }
  }

  @Override
  public void completing(DelegateTask task) {
    TaskRecord record = records.find(task.getId())
        .orElseThrow(() -> new NotPermitted("Task '" + task.getName() + "' is not one of relman's human steps"));
    TaskForm form = forms.get(record.kind());
    Authentication caller = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      throw new NotPermitted("Task '" + task.getName() + "' must be completed by a signed-in person");
    }
    if (!record.offeredTo(caller.getGroupIds())) {
      throw new NotPermitted(caller.getUserId() + " is not in a candidate group " + record.candidateGroups()
          + " of task '" + task.getName() + "'");
    }
    if (task.getAssignee() != null && !task.getAssignee().equals(caller.getUserId())) {
      // checked before the engine too; here again because a claim may commit between that check and this transaction
      // reading the task: the task as this transaction sees it is the one whose deletion commits or fails
      throw new NotPermitted("task " + task.getId() + " is claimed by " + task.getAssignee()
          + "; only they can complete it");
    }
    Release release = releases.lock(record.releaseId()).orElseThrow();
    if (form.fourEyes() && caller.getUserId().equals(record.requestedBy())) {
      throw new NotPermitted("Four eyes: " + caller.getUserId() + " requested release " + release.version()
          + " and cannot complete its '" + task.getName() + "' task");
    }
    FormDefinition definition = formDefinitions.of(task);
    Map<String, Object> submitted = new HashMap<>();
    for (String field : definition.keys()) {
      submitted.put(field, task.getVariable(field));
    }
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, Object> values = TaskForms.check(form, definition, record.releaseId(), submitted, problems);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    var completed = new CompletedTask(record.releaseId(), task.getId(), form.kind(), caller.getUserId(), Db.now(clock),
        values, task);
    form.record(completed);
    events.publishEvent(new TaskCompleted(record.releaseId(), task.getId(), form.kind(), task.getName(),
        caller.getUserId(), values));
  }

  /** The groups the model offers the task to. */
  static List<String> candidateGroups(DelegateTask task) {
    Set<String> candidates = new TreeSet<>();
    for (IdentityLink link : task.getCandidates()) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
        candidates.add(link.getGroupId());
      }
    }
    return List.copyOf(candidates);
  }
}
