package org.relman.process;

import java.util.Map;

import org.operaton.bpm.engine.ExternalTaskService;

/** A delivery answered through the engine's Java API: a deployment callback answering for its worker, or the tests. */
public record EngineDeliveredTask(ExternalTaskService externalTasks, String taskId, String workerId, Integer retries)
    implements DeliveredTask {

  @Override
  public void complete(Map<String, Object> variables) {
    externalTasks.complete(taskId, workerId, variables);
  }

  @Override
  public void bpmnError(String code, String message) {
    externalTasks.handleBpmnError(taskId, workerId, code, message);
  }

  @Override
  public void extendLock(long millis) {
    externalTasks.extendLock(taskId, workerId, millis);
  }

  @Override
  public void failure(String message, String details, int retriesLeft, long retryTimeoutMillis) {
    externalTasks.handleFailure(taskId, workerId, message, details, retriesLeft, retryTimeoutMillis);
  }
}
