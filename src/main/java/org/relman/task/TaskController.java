package org.relman.task;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.operaton.bpm.engine.AuthorizationException;
import org.operaton.bpm.engine.FormService;
import org.operaton.bpm.engine.HistoryService;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.RuntimeService;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.exception.NullValueException;
import org.operaton.bpm.engine.history.HistoricTaskInstance;
import org.operaton.bpm.engine.runtime.ProcessInstance;
import org.operaton.bpm.engine.task.IdentityLink;
import org.operaton.bpm.engine.task.IdentityLinkType;
import org.operaton.bpm.engine.task.Task;
import org.relman.process.EngineRetries;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.shared.FieldProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.relman.shared.NotFound;
import org.relman.shared.StateConflict;
import org.relman.shared.NotPermitted;
import org.relman.shared.InvalidInput;

/**
 * The caller's task list. Reads run unauthenticated against the engine and are filtered here by the caller's groups;
 * claim and complete run as the caller, so the engine's authorizations and the {@link TaskCompletionGuard} see who it
 * is, exactly as for Tasklist and {@code /engine-rest}.
 */
@RestController
@Tag(name = "Tasks", description = "The human steps: list, read with form, claim, complete")
class TaskController {

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final HistoryService history;
  private final FormService formService;
  private final IdentityService identity;
  private final TaskForms forms;
  private final Releases releases;
  private final ObjectMapper json;
  private final EngineRetries retries;

  TaskController(TaskService tasks, RuntimeService runtime, HistoryService history, FormService formService,
      IdentityService identity, TaskForms forms, Releases releases, ObjectMapper json, EngineRetries retries) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.history = history;
    this.formService = formService;
    this.identity = identity;
    this.forms = forms;
    this.releases = releases;
    this.json = json;
    this.retries = retries;
  }

  /** A task in the list. */
  record TaskSummary(String id, String name, String kind, Long releaseId, String releaseVersion, Instant created, Instant due,
      String assignee, List<String> candidateGroups, int priority, Instant escalatedAt) {}

  /** A task with its form, the current values of the form's fields, and what the task is about. */
  record TaskDetail(String id, String name, String kind, Long releaseId, String releaseVersion, Instant created, Instant due,
      String assignee, List<String> candidateGroups, JsonNode form, Map<String, Object> values, Map<String, Object> context,
      int priority, Instant escalatedAt) {}

  record Completion(@NotNull(message = "is required: an object of form fields") Map<String, Object> variables) {}

  @GetMapping("/api/tasks")
  @Operation(summary = "My open tasks: assigned to me, or offered to one of my groups")
  List<TaskSummary> list(Authentication caller) {
    List<String> groups = groups(caller);
    Map<String, Task> mine = new LinkedHashMap<>();
    tasks.createTaskQuery().taskAssignee(caller.getName()).list().forEach(t -> mine.put(t.getId(), t));
    if (!groups.isEmpty()) {
      tasks.createTaskQuery().taskCandidateGroupIn(groups).includeAssignedTasks().list().forEach(t -> mine.putIfAbsent(t.getId(), t));
    }
    Map<String, Long> releaseIds = releaseIds(mine.values().stream().map(Task::getProcessInstanceId).collect(Collectors.toSet()));
    // escalated (higher priority) first, then the oldest
    return mine.values().stream()
        .sorted(Comparator.comparing(Task::getPriority).reversed().thenComparing(Task::getCreateTime))
        .map(t -> {
          Long releaseId = releaseIds.get(t.getProcessInstanceId());
          return new TaskSummary(t.getId(), t.getName(), kind(t), releaseId, version(releaseId),
              instant(t.getCreateTime()), instant(t.getDueDate()), t.getAssignee(), candidateGroups(t.getId()),
              t.getPriority(), escalatedAt(t.getId()));
        })
        .toList();
  }

  @GetMapping("/api/tasks/{id}")
  @Operation(summary = "A task with its Camunda Form JSON and current values")
  TaskDetail get(@PathVariable String id, Authentication caller) {
    Task task = visibleTask(id, caller);
    Long releaseId = releaseIds(Set.of(task.getProcessInstanceId())).get(task.getProcessInstanceId());
    TaskForm form = forms.get(kind(task));
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Object> variables = tasks.getVariables(id);
    form.fields().forEach(f -> values.put(f, variables.get(f)));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("releaseVersion", version(releaseId));
    for (String subject : List.of("gate", "environment")) {
      if (variables.get(subject) != null) {
        context.put(subject, variables.get(subject));
      }
    }
    if (releaseId != null) {
      context.putAll(form.context(releaseId));
    }
    return new TaskDetail(task.getId(), task.getName(), kind(task), releaseId, version(releaseId),
        instant(task.getCreateTime()), instant(task.getDueDate()), task.getAssignee(), candidateGroups(id), form(id),
        values, context, task.getPriority(), escalatedAt(id));
  }

  @PostMapping("/api/tasks/{id}/claim")
  @Operation(summary = "Claim a task", description = "403 not a candidate or four eyes; 404 unknown; 409 done or claimed")
  ResponseEntity<Void> claim(@PathVariable String id, Authentication caller) {
    Task task = workableTask(id, caller);
    if (task.getAssignee() != null && !task.getAssignee().equals(caller.getName())) {
      throw new StateConflict("Task " + id + " is claimed by " + task.getAssignee());
    }
    asCaller(caller, () -> tasks.claim(id, caller.getName()));
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/tasks/{id}/complete")
  @Operation(summary = "Complete a task with its form fields",
      description = "400 names missing or invalid fields; 403 not a candidate, or four eyes; 404 unknown; 409 already done")
  ResponseEntity<Void> complete(@PathVariable String id, @Valid @RequestBody Completion completion, Authentication caller) {
    Task task = workableTask(id, caller);
    if (task.getAssignee() != null && !task.getAssignee().equals(caller.getName())) {
      throw new StateConflict("Task " + id + " is claimed by " + task.getAssignee() + "; only they can complete it");
    }
    TaskForm form = forms.get(kind(task));
    List<FieldProblem> problems = new ArrayList<>();
    completion.variables().keySet().stream()
        .filter(field -> !form.fields().contains(field))
        .sorted()
        .forEach(field -> problems.add(new FieldProblem("variables." + field, "is not a field of a " + form.kind()
            + " task; its fields are " + form.fields())));
    Long releaseId = releaseIds(Set.of(task.getProcessInstanceId())).get(task.getProcessInstanceId());
    Map<String, Object> values = form.validate(new FormValues(releaseId, completion.variables(), problems), problems);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems.stream()
          .map(p -> p.field().startsWith("variables.") ? p : new FieldProblem("variables." + p.field(), p.message()))
          .toList());
    }
    Map<String, Object> submitted = new HashMap<>(values);
    asCaller(caller, () -> retries.onConflict(() -> {
      tasks.complete(id, submitted);
      return null;
    }));
    return ResponseEntity.noContent().build();
  }

  /** The task, if the caller may see it: assigned to them or offered to one of their groups. */
  private Task visibleTask(String id, Authentication caller) {
    Task task = tasks.createTaskQuery().taskId(id).initializeFormKeys().singleResult();
    if (task == null) {
      HistoricTaskInstance done = history.createHistoricTaskInstanceQuery().taskId(id).singleResult();
      if (done != null) {
        throw new StateConflict("Task " + id + " is already done (" + done.getDeleteReason() + " at "
            + instant(done.getEndTime()) + (done.getAssignee() == null ? "" : " by " + done.getAssignee()) + ")");
      }
      throw new NotFound("Task " + id + " does not exist");
    }
    boolean candidate = candidateGroups(id).stream().anyMatch(groups(caller)::contains);
    if (!candidate && !caller.getName().equals(task.getAssignee())) {
      throw new NotFound("Task " + id + " does not exist or is not offered to you");
    }
    return task;
  }

  /** The task, if the caller may work on it: a candidate, and not the release's requester when it is an approval. */
  private Task workableTask(String id, Authentication caller) {
    Task task = visibleTask(id, caller);
    List<String> candidates = candidateGroups(id);
    if (candidates.stream().noneMatch(groups(caller)::contains)) {
      throw new NotPermitted(caller.getName() + " is not in a candidate group " + candidates + " of this task");
    }
    TaskForm form = forms.get(kind(task));
    if (form.fourEyes()) {
      Long releaseId = releaseIds(Set.of(task.getProcessInstanceId())).get(task.getProcessInstanceId());
      Release release = releases.find(releaseId).orElseThrow();
      if (caller.getName().equals(release.requestedBy())) {
        throw new NotPermitted("Four eyes: " + caller.getName() + " requested release " + release.version()
            + " and cannot work on its '" + task.getName() + "' task");
      }
    }
    return task;
  }

  /** Runs an engine call as the caller, and turns the engine's refusals into API answers. */
  private void asCaller(Authentication caller, Runnable call) {
    identity.setAuthentication(caller.getName(), groups(caller));
    try {
      call.run();
    } catch (ProcessEngineException e) {
      throw translate(e);
    } finally {
      identity.clearAuthentication();
    }
  }

  private static RuntimeException translate(ProcessEngineException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidInput rejected) {
        return new InvalidInput(rejected.problems().stream()
            .map(p -> new FieldProblem("variables." + p.field(), p.message())).toList());
      }
      if (t instanceof NotPermitted refused) {
        return refused;
      }
      if (t instanceof AuthorizationException denied) {
        return new NotPermitted(denied.getMessage());
      }
      if (t instanceof org.relman.shared.Refusal api) {
        return api;
      }
    }
    if (e instanceof NullValueException || e instanceof org.operaton.bpm.engine.exception.NotFoundException) {
      return new StateConflict("The task is no longer open: " + e.getMessage());
    }
    if (e instanceof org.operaton.bpm.engine.TaskAlreadyClaimedException) {
      return new StateConflict(e.getMessage());
    }
    return e;
  }

  /** When the task was escalated for being overdue (approvals), or null. */
  private Instant escalatedAt(String taskId) {
    return tasks.getVariableLocal(taskId, "escalatedAt") instanceof String at ? Instant.parse(at) : null;
  }

  private String kind(Task task) {
    return TaskForms.kindOf(task.getTaskDefinitionKey(), runtime.getVariableLocal(task.getExecutionId(), "taskKind"));
  }

  private JsonNode form(String taskId) {
    try (InputStream in = formService.getDeployedTaskForm(taskId)) {
      return json.readTree(in);
    } catch (IOException | ProcessEngineException e) {
      return null;
    }
  }

  private List<String> candidateGroups(String taskId) {
    return tasks.getIdentityLinksForTask(taskId).stream()
        .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
        .map(IdentityLink::getGroupId)
        .sorted()
        .toList();
  }

  private Map<String, Long> releaseIds(Set<String> processInstanceIds) {
    if (processInstanceIds.isEmpty()) {
      return Map.of();
    }
    return runtime.createProcessInstanceQuery().processInstanceIds(processInstanceIds).list().stream()
        .collect(Collectors.toMap(ProcessInstance::getId, p -> Long.valueOf(p.getBusinessKey())));
  }

  private String version(Long releaseId) {
    return releaseId == null ? null : releases.find(releaseId).map(Release::version).orElse(null);
  }

  private static List<String> groups(Authentication caller) {
    return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
  }

  private static Instant instant(java.util.Date date) {
    return date == null ? null : date.toInstant();
  }
}
