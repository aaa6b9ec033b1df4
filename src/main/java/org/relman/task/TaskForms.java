package org.relman.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.relman.shared.FieldProblem;
import org.springframework.stereotype.Component;

/** Every task kind relman knows, by kind. */
@Component
public class TaskForms {

  private final Map<String, TaskForm> byKind;

  TaskForms(List<TaskForm> forms) {
    this.byKind = forms.stream().collect(Collectors.toUnmodifiableMap(TaskForm::kind, Function.identity()));
  }

  public Optional<TaskForm> find(String kind) {
    return Optional.ofNullable(byKind.get(kind));
  }

  public TaskForm get(String kind) {
    return find(kind).orElseThrow(() -> new IllegalStateException(
        "user task '" + kind + "' is not a task kind relman knows; known kinds: " + byKind.keySet()));
  }

  /**
   * A task's kind: its {@code taskKind} variable when the model sets one (the approvals share one multi-instance
   * task, each instance of its own kind), else the user task's id.
   */
  public static String kindOf(String taskDefinitionKey, Object taskKind) {
    return taskKind instanceof String kind && !kind.isBlank() ? kind : taskDefinitionKey;
  }

  public java.util.Set<String> kinds() {
    return byKind.keySet();
  }

  /**
   * What every door checks before a task completes: the form's rules for each of its fields, then the kind's rules
   * that span fields. Returns the values to complete the task with, one per field of the form; adds a problem per
   * field that breaks a rule.
   */
  public static Map<String, Object> check(TaskForm kind, FormDefinition form, long releaseId,
      Map<String, Object> submitted, List<FieldProblem> problems) {
    Map<String, Object> values = form.check(submitted, problems);
    kind.check(new FormValues(releaseId, values, problems));
    return values;
  }

  /** A problem for each submitted field the task's form does not have (refused before the engine sees them). */
  public static List<FieldProblem> unknownFields(FormDefinition form, java.util.Collection<String> submitted) {
    List<String> keys = form.keys();
    return submitted.stream().filter(field -> !keys.contains(field)).sorted()
        .map(field -> new FieldProblem(field, "is not a field of the form '" + form.id() + "'; its fields are "
            + keys))
        .toList();
  }
}
