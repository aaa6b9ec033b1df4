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
import org.operaton.bpm.engine.AuthorizationException;
import org.operaton.bpm.engine.FormService;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.RuntimeService;
import org.operaton.bpm.engine.TaskAlreadyClaimedException;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.operaton.bpm.engine.runtime.ProcessInstance;
import org.operaton.bpm.engine.task.IdentityLink;
import org.operaton.bpm.engine.task.IdentityLinkType;
import org.operaton.bpm.engine.task.Task;
import org.relman.process.BusinessKey;
import org.relman.process.EngineRetries;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.shared.Db;
import org.relman.shared.FieldProblem;
import org.relman.shared.InvalidInput;
import org.relman.shared.NotFound;
import org.relman.shared.NotPermitted;
import org.relman.shared.Refusal;
import org.relman.shared.StateConflict;
import org.relman.shared.ServiceScope;
import org.springframework.stereotype.Service;

/**
 * A person's task list: the open tasks offered to them, each with its form and what it is about, and claiming and
 * completing them. Reads run against the engine without an engine user and are filtered here by the caller's groups;
 * claim and complete run as the caller, so the engine's authorizations and the {@link TaskCompletionGuard} see who it
 * is, exactly as for Tasklist and {@code /engine-rest}. Used by the API and by relman's pages.
 */
@Service
public class TaskList {

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final FormService formService;
  private final IdentityService identity;
  private final TaskForms forms;
  private final FormDefinitions formDefinitions;
  private final TaskRecords records;
  private final Releases releases;
  private final ObjectMapper json;
  private final EngineRetries retries;
  private final FinishedTasks finished;

  TaskList(TaskService tasks, RuntimeService runtime, FormService formService,
      IdentityService identity, TaskForms forms, FormDefinitions formDefinitions, TaskRecords records, Releases releases,
      ObjectMapper json, EngineRetries retries, FinishedTasks finished) {
    this.formDefinitions = formDefinitions;
    this.finished = finished;
    this.tasks = tasks;
    this.runtime = runtime;
    this.formService = formService;
    this.identity = identity;
    this.forms = forms;
    this.records = records;
    this.releases = releases;
    this.json = json;
    this.retries = retries;
  }

  /** A task in the list. */
  public record Summary(String id, String name, String kind, Long releaseId, String releaseVersion, Instant created,
      Instant due, String assignee, List<String> candidateGroups, int priority, Instant escalatedAt) {}

  /** A task with its form, the current values of the form's fields, and what the task is about. */
  public record Detail(String id, String name, String kind, Long releaseId, String releaseVersion, Instant created,
      Instant due, String assignee, List<String> candidateGroups, JsonNode form, Map<String, Object> values,
      Map<String, Object> context, int priority, Instant escalatedAt) {}

  /** The caller's open tasks: assigned to them, or offered to one of their groups; escalated first, then the oldest. */
  public List<Summary> open(Caller caller) {
    Map<String, Task> mine = new LinkedHashMap<>();
    tasks.createTaskQuery().taskAssignee(caller.user()).list().forEach(t -> mine.put(t.getId(), t));
    if (!caller.groups().isEmpty()) {
      tasks.createTaskQuery().taskCandidateGroupIn(caller.groups()).includeAssignedTasks().list()
          .forEach(t -> mine.putIfAbsent(t.getId(), t));
    }
    return summaries(mine.values());
  }

  /**
   * The tasks found, as the list shows them: what each is and who may work on it from its {@link TaskRecord}, the
   * release's version and when an approval was escalated, each read for all tasks at once (a few queries, however long
   * the list; before, four per task). A list is what the query found: a task another person finishes a moment later
   * is still on it, and acting on it answers "already done". A task without a record is not one of relman's human
   * steps and is left out.
   */
  List<Summary> summaries(java.util.Collection<Task> found) {
    Set<String> ids = found.stream().map(Task::getId).collect(Collectors.toSet());
    Map<String, TaskRecord> recorded = records.findAll(ids);
    Map<Long, String> versions = releases.versions(recorded.values().stream().map(TaskRecord::releaseId)
        .collect(Collectors.toSet()));
    Map<String, Instant> escalated = escalatedAt(recorded.keySet());
    return found.stream()
        .filter(t -> recorded.containsKey(t.getId()))
        .sorted(Comparator.comparing(Task::getPriority).reversed().thenComparing(Task::getCreateTime))
        .map(t -> {
          TaskRecord record = recorded.get(t.getId());
          return new Summary(t.getId(), t.getName(), record.kind(), record.releaseId(), versions.get(record.releaseId()),
              instant(t.getCreateTime()), instant(t.getDueDate()), t.getAssignee(),
              record.candidateGroups().stream().sorted().toList(), t.getPriority(), escalated.get(t.getId()));
        })
        .toList();
  }

  /** When each of these tasks was escalated for being overdue (approvals); tasks never escalated are left out. */
  private Map<String, Instant> escalatedAt(Set<String> taskIds) {
    Map<String, Instant> at = new HashMap<>();
    for (List<String> chunk : Db.inLists(taskIds)) {
      runtime.createVariableInstanceQuery().taskIdIn(chunk.toArray(String[]::new)).variableName("escalatedAt").list()
          .forEach(variable -> {
            if (variable.getValue() instanceof String text) {
              at.put(variable.getTaskId(), Instant.parse(text));
            }
          });
    }
    return at;
  }

  public Detail get(String id, Caller caller) {
    Task task = visibleTask(id, caller);
    Long releaseId = releaseId(task);
    TaskForm form = forms.get(kind(task));
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Object> variables = tasks.getVariables(id);
    formDefinitions.of(task).keys().forEach(f -> values.put(f, variables.get(f)));
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
    return new Detail(task.getId(), task.getName(), kind(task), releaseId, version(releaseId),
        instant(task.getCreateTime()), instant(task.getDueDate()), task.getAssignee(), candidateGroups(id), form(id),
        values, context, task.getPriority(), escalatedAt(id));
  }

  private static final java.util.regex.Pattern TEMPLATE = java.util.regex.Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

  /**
   * The variables the task's form shows in its text ({@code {{riskLevel}}}, {@code {{decisionBasis}}}), as Tasklist
   * fills them in, for a page that renders the same form; only for a caller who may see the task.
   */
  public Map<String, Object> formText(String id, Caller caller) {
    visibleTask(id, caller);
    JsonNode form = form(id);
    Set<String> names = new java.util.TreeSet<>();
    if (form != null) {
      form.findValues("text").forEach(text -> {
        var m = TEMPLATE.matcher(text.asText());
        while (m.find()) {
          names.add(m.group(1));
        }
      });
    }
    Map<String, Object> values = new LinkedHashMap<>();
    if (!names.isEmpty()) {
      tasks.getVariables(id, names).forEach((name, value) -> {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
          values.put(name, value);
        }
      });
    }
    return values;
  }

  public void claim(String id, Caller caller) {
    whileOpen(id, () -> {
      Task task = workableTask(id, caller);
      if (task.getAssignee() != null && !task.getAssignee().equals(caller.user())) {
        throw new StateConflict("Task " + id + " is claimed by " + task.getAssignee());
      }
      asCaller(caller, () -> tasks.claim(id, caller.user()));
    });
  }

  /**
   * Completes the task with its form's fields. Fields the form does not have are refused here, before the engine sees
   * them; the {@link TaskCompletionGuard} checks the rest in the completing transaction, as for every other door.
   */
  public void complete(String id, Map<String, Object> variables, Caller caller) {
    whileOpen(id, () -> completeOpen(id, variables, caller));
  }

  /**
   * Runs an action on a task that was open when the request came in. Another person (or node) may finish it between
   * the action's reads: its candidate groups are gone then (the engine's authorization check finds no grant), and the
   * completion guard reads the finished task's variables. Whatever the refusal, when the task is no longer open it is
   * answered as what happened, the task already done (409), as it would have been a moment later.
   */
  private void whileOpen(String id, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException refused) {
      conflictIfDone(id);
      throw refused;
    }
  }

  /** A task that is no longer open is answered as what happened to it: already done (409), by whom and when. */
  private void conflictIfDone(String id) {
    finished.alreadyDone(id).ifPresent(done -> {
      throw new StateConflict(done);
    });
  }

  private void completeOpen(String id, Map<String, Object> variables, Caller caller) {
    Task task = workableTask(id, caller);
    if (task.getAssignee() != null && !task.getAssignee().equals(caller.user())) {
      throw new StateConflict("Task " + id + " is claimed by " + task.getAssignee() + "; only they can complete it");
    }
    FormDefinition definition = formDefinitions.of(task);
    List<FieldProblem> problems = new ArrayList<>(TaskForms.unknownFields(definition, variables.keySet()));
    Map<String, Object> values = TaskForms.check(forms.get(kind(task)), definition, releaseId(task), variables, problems);
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
  }

  /** The task, if the caller may see it: assigned to them or offered to one of their groups. */
  private Task visibleTask(String id, Caller caller) {
    Task task = tasks.createTaskQuery().taskId(id).initializeFormKeys().singleResult();
    if (task == null) {
      conflictIfDone(id);
      throw new NotFound("Task " + id + " does not exist");
    }
    if (!caller.inAnyOf(candidateGroups(id)) && !caller.user().equals(task.getAssignee())) {
      throw new NotFound("Task " + id + " does not exist or is not offered to you");
    }
    return task;
  }

  /** The task, if the caller may work on it: a candidate, and not the release's requester when it is an approval. */
  private Task workableTask(String id, Caller caller) {
    Task task = visibleTask(id, caller);
    List<String> candidates = candidateGroups(id);
    if (!caller.inAnyOf(candidates)) {
      throw new NotPermitted(caller.user() + " is not in a candidate group " + candidates + " of this task");
    }
    Long releaseId = releaseId(task);
    if (releaseId != null) {
      releases.find(releaseId).ifPresent(release -> ServiceScope.check(release.services(),
          "the '" + task.getName() + "' task of release " + release.version()));
    }
    if (forms.get(kind(task)).fourEyes()) {
      Release release = releases.find(releaseId(task)).orElseThrow();
      if (caller.user().equals(release.requestedBy())) {
        throw new NotPermitted("Four eyes: " + caller.user() + " requested release " + release.version()
            + " and cannot work on its '" + task.getName() + "' task");
      }
    }
    return task;
  }

  /** Runs an engine call as the caller, and turns the engine's refusals into relman's. */
  private void asCaller(Caller caller, Runnable call) {
    identity.setAuthentication(caller.user(), caller.groups());
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
      if (t instanceof FormFieldValidationException invalid && invalid.getDetail() instanceof List<?> problems) {
        return new InvalidInput(problems.stream().map(FieldProblem.class::cast)
            .map(p -> new FieldProblem("variables." + p.field(), p.message())).toList());
      }
      if (t instanceof Refusal refusal) {
        return refusal;
      }
      if (t instanceof AuthorizationException denied) {
        return new NotPermitted(denied.getMessage());
      }
    }
    if (e instanceof TaskAlreadyClaimedException) {
      return new StateConflict(e.getMessage());
    }
    return e;
  }

  /** When the task was escalated for being overdue (approvals), or null. */
  private Instant escalatedAt(String taskId) {
    return tasks.getVariableLocal(taskId, "escalatedAt") instanceof String at ? Instant.parse(at) : null;
  }

  /** What the task is, as recorded when it was created. */
  private String kind(Task task) {
    return records.find(task.getId()).map(TaskRecord::kind)
        .orElseThrow(() -> new NotFound("Task " + task.getId() + " is not one of relman's human steps"));
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

  private Long releaseId(Task task) {
    return releaseIds(Set.of(task.getProcessInstanceId())).get(task.getProcessInstanceId());
  }

  private Map<String, Long> releaseIds(Set<String> processInstanceIds) {
    if (processInstanceIds.isEmpty()) {
      return Map.of();
    }
    return runtime.createProcessInstanceQuery().processInstanceIds(processInstanceIds).list().stream()
        .collect(Collectors.toMap(ProcessInstance::getId, p -> BusinessKey.releaseId(p.getBusinessKey())));
  }

  private String version(Long releaseId) {
    return releaseId == null ? null : releases.find(releaseId).map(Release::version).orElse(null);
  }

  private static Instant instant(java.util.Date date) {
    return date == null ? null : date.toInstant();
  }
}
