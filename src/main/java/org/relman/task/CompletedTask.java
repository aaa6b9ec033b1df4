package org.relman.task;

import java.time.Instant;
import java.util.Map;

import org.operaton.bpm.engine.delegate.DelegateTask;

/** A task being completed: who did it, with which (validated) values, on which release. */
public record CompletedTask(long releaseId, String taskId, String kind, String actor, Instant at, Map<String, Object> values,
    DelegateTask delegate) {

  public String text(String field) {
    Object value = values.get(field);
    return value == null ? null : value.toString();
  }

  /** A variable of the task's scope, such as the gate or environment a task is about. */
  public Object variable(String name) {
    return delegate.getVariable(name);
  }
}
