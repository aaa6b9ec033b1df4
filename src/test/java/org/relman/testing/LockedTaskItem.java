package org.relman.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.operaton.bpm.engine.externaltask.LockedExternalTask;
import org.relman.process.WorkItem;

/**
 * A delivery of a locked task that a test hands to a worker itself, without answering the engine afterwards: what a
 * worker sees when it crashes, is stopped or loses its lock before it could report. Counts lock extensions.
 */
public final class LockedTaskItem implements WorkItem {

  private final LockedExternalTask task;
  private final AtomicInteger lockExtensions = new AtomicInteger();

  public LockedTaskItem(LockedExternalTask task) {
    this.task = task;
  }

  @Override
  public String businessKey() {
    return task.getBusinessKey();
  }

  @Override
  public String processInstanceId() {
    return task.getProcessInstanceId();
  }

  @Override
  public String activityInstanceId() {
    return task.getActivityInstanceId();
  }

  @Override
  public String externalTaskId() {
    return task.getId();
  }

  @Override
  public String workerId() {
    return task.getWorkerId();
  }

  @Override
  public Integer retries() {
    return task.getRetries();
  }

  @SuppressWarnings("unchecked")
  @Override
  public <T> T variable(String name) {
    return (T) task.getVariables().get(name);
  }

  @Override
  public void extendLock(Duration duration) {
    lockExtensions.incrementAndGet();
  }

  public int lockExtensions() {
    return lockExtensions.get();
  }
}
