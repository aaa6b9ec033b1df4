package org.relman.process;

import java.util.Map;

/**
 * How a worker answers a delivery; {@link WorkAnswers} turns it into the engine's answer. A technical fault is thrown
 * (or, where the worker knows the outcome already, returned as {@link #failed}) and retried.
 */
public sealed interface WorkResult {


  static WorkResult completed() {
    return new Completed(Map.of());
  }

  static WorkResult completed(Map<String, Object> variables) {
    return new Completed(variables);
  }

  /** An outcome the model handles with an error boundary event ({@code errorCode} = {@code code}). */
  static WorkResult businessError(String code, String message) {
    return new BusinessError(code, message);
  }

  /** Nothing to report: the task is gone (the release was cancelled meanwhile) or already answered. */
  static WorkResult nothingToDo(String why) {
    return new NothingToDo(why);
  }

  /**
   * The step goes on outside relman (a webhook deploy target is working): keep the task locked for {@code lockFor};
   * whoever finishes it (a callback) answers the task, and if nobody does, it is delivered again after the lock.
   */
  static WorkResult pending(java.time.Duration lockFor) {
    return new Pending(lockFor);
  }

  /**
   * A technical fault: reported with the worker's {@link Worker.RetryPolicy}, delivered again after its back-off, and
   * an incident an operator sees once no retries are left.
   */
  static WorkResult failed(String message, String details) {
    return new Failed(message, details);
  }

  record Completed(Map<String, Object> variables) implements WorkResult {}

  record Failed(String message, String details) implements WorkResult {}

  record Pending(java.time.Duration lockFor) implements WorkResult {}

  record BusinessError(String code, String message) implements WorkResult {}

  record NothingToDo(String why) implements WorkResult {}
}
