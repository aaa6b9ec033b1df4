package org.relman.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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
}
