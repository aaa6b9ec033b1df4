package org.relman.task;

import java.util.List;
import java.util.Map;

/**
 * One kind of human step: the form fields relman reads, the rules that span fields, and what completing it records.
 * The kind is the user task's id in the model. The task's Camunda Form in {@code forms/} holds the rules of each field
 * (required, lengths, allowed values), checked by {@link FormDefinition} at every door; TaskFormsCheck holds the form
 * to the fields and values relman reads.
 */
public interface TaskForm {

  String kind();

  /** The fields relman reads, as the form in {@code forms/} names them; a form may have more. */
  List<String> fields();

  /** For fields whose value decides what relman does: the values it understands. A form may offer fewer, never more. */
  default Map<String, java.util.Set<String>> choices() {
    return Map.of();
  }

  /** True for approvals: the requester of the release may never complete them (four eyes). */
  default boolean fourEyes() {
    return false;
  }

  /**
   * The rules the form cannot say: those that span fields or need relman's data (a GO needs every approval in).
   * Runs after the form's own rules; adds a problem per field.
   */
  default void check(FormValues values) {
  }

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
