package org.relman.process;

import java.time.Duration;

/**
 * One automated step of the lifecycle: an external-task topic and the code that serves it. A worker reads what it
 * needs, does one thing against one real system, records the outcome and answers with a {@link WorkResult}. It must
 * be idempotent: a task can be delivered twice (lock expiry, crash). A thrown exception is a technical fault and is
 * retried ({@link #retryPolicy()}), ending in an incident an operator sees in Cockpit.
 */
public interface Worker {

  /** The external-task topic in {@code bpmn/}; also the worker's name in logs. */
  String topic();

  /**
   * How long one delivery stays locked to this worker; long-running workers extend it while they work. Null (the
   * default): {@code relman.workers.lock-duration}.
   */
  default Duration lockDuration() {
    return null;
  }

  default RetryPolicy retryPolicy() {
    return RetryPolicy.DEFAULT;
  }

  WorkResult work(WorkItem item) throws Exception;

  /** Attempts for technical faults, and the wait between them. */
  record RetryPolicy(int attempts, Duration backoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(30));

    /** Retries left after a failed delivery that had {@code retries} left (null: the first delivery). */
    public int remainingAfterFailure(Integer retries) {
      int left = retries == null ? attempts : retries;
      return Math.max(0, left - 1);
    }
  }
}
