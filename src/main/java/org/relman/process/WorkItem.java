package org.relman.process;

import java.time.Duration;

/** One delivery of an external task, as a worker sees it, whichever client delivered it. */
public interface WorkItem {

  /** The release the task belongs to. */
  default long releaseId() {
    return BusinessKey.releaseId(businessKey());
  }

  String businessKey();

  String processInstanceId();

  /** Stable across redeliveries of the same task, new when the model runs the step again. */
  String activityInstanceId();

  /** The external task's id: with {@link #workerId()} what a callback needs to answer the task later. */
  String externalTaskId();

  /** The worker holding the task's lock. */
  String workerId();

  /** Retries left, or null on the first delivery. */
  Integer retries();

  /** A process variable visible at the task (its own scope first), or null. */
  <T> T variable(String name);

  /** Keeps the lock while a long step runs; a worker that stops calling this loses the task after its lock expires. */
  void extendLock(Duration duration);
}
