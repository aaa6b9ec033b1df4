package org.relman.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * On create: forgets the form fields of an earlier round, and for approvals revokes the requester's right to work on
 * the task, so Tasklist and {@code /engine-rest} refuse them with 403 as well. On complete: the caller must be signed
 * in and a member of a candidate group, must not be the requester of the release when the kind is an approval (four
 * eyes), and the fields must be valid; then the decision is recorded and audited in the completing transaction.
 */
@Component
public class TaskCompletionGuard implements UserTaskHooks {

  private final TaskForms forms;
  private final Releases releases;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  TaskCompletionGuard(TaskForms forms, Releases releases, ApplicationEventPublisher events, Clock clock) {
    this.forms = forms;
    this.releases = releases;
    this.events = events;
    this.clock = clock;
  }

  private static String kind(DelegateTask task) {
    return TaskForms.kindOf(task.getTaskDefinitionKey(), task.getExecution().getVariableLocal("taskKind"));
  }

  @Override
  public void created(DelegateTask task) {
    TaskForm form = forms.get(kind(task));
    for (String field : form.fields()) {
      if (task.getExecution().hasVariable(field)) {
        task.getExecution().setVariable(field, null);
      }
    }
    form.prepare(task, BusinessKey.releaseId(task));
    if (form.fourEyes()) {
      Release release = release(task);
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
    TaskForm form = forms.get(kind(task));
    Authentication caller = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      throw new NotPermitted("Task '" + task.getName() + "' must be completed by a signed-in person");
    }
    checkCandidate(task, caller);
    long releaseId = BusinessKey.releaseId(task);
    Release release = releases.lock(releaseId).orElseThrow();
    if (form.fourEyes() && caller.getUserId().equals(release.requestedBy())) {
      throw new NotPermitted("Four eyes: " + caller.getUserId() + " requested release " + release.version()
          + " and cannot complete its '" + task.getName() + "' task");
    }
    Map<String, Object> submitted = new HashMap<>();
    for (String field : form.fields()) {
      submitted.put(field, task.getVariable(field));
    }
    List<FieldProblem> problems = new ArrayList<>();
    Map<String, Object> values = form.validate(new FormValues(releaseId, submitted, problems), problems);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    var completed = new CompletedTask(releaseId, task.getId(), form.kind(), caller.getUserId(), Db.now(clock), values, task);
    form.record(completed);
    events.publishEvent(new TaskCompleted(releaseId, task.getId(), form.kind(), task.getName(), caller.getUserId(), values));
  }

  private static void checkCandidate(DelegateTask task, Authentication caller) {
    Set<String> candidates = new HashSet<>();
    for (IdentityLink link : task.getCandidates()) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
        candidates.add(link.getGroupId());
      }
    }
    List<String> groups = caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    if (groups.stream().noneMatch(candidates::contains)) {
      throw new NotPermitted(caller.getUserId() + " is not in a candidate group " + candidates.stream().sorted().toList()
          + " of task '" + task.getName() + "'");
    }
  }

  private Release release(DelegateTask task) {
    long releaseId = BusinessKey.releaseId(task);
    return releases.find(releaseId).orElseThrow(() -> new IllegalStateException("no release " + releaseId));
  }
}
