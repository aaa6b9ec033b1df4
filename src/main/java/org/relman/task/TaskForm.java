package org.relman.task;

import java.util.List;
import java.util.Map;

import org.relman.shared.FieldProblem;

/**
 * One kind of human step: its form fields, how they are checked, and what completing it records. The kind is the
 * user task's id in the model and the id of its Camunda Form in {@code forms/} (TaskFormsCheck holds
 * both to that).
 */
public interface TaskForm {

  String kind();

  /** The form's field keys, as the form in {@code forms/} names them. */
  List<String> fields();

  /** True for approvals: the requester of the release may never complete them (four eyes). */
  default boolean fourEyes() {
    return false;
  }

  /**
   * Checks submitted values and returns them normalised (trimmed text, parsed instants as ISO strings); adds a
   * problem per invalid field.
   */
  Map<String, Object> validate(FormValues submitted, List<FieldProblem> problems);

  /** Records the decision in relman's tables, inside the transaction that completes the task. */
  void record(CompletedTask task);

  /**
   * Prepares a new task of this kind, e.g. with task-local variables its form shows (what the decision rests on).
   * Runs in the transaction that creates the task.
   */
  default void prepare(org.operaton.bpm.engine.delegate.DelegateTask task, long releaseId) {
  }

  /** What the task is about, beyond its fields, for {@code GET /api/tasks/{id}}. */
  default Map<String, Object> context(long releaseId) {
    return Map.of();
  }
}
