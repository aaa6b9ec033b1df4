package org.relman.process;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.relman.shared.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a worker's {@link WorkResult} into the engine's answer, whoever delivered the task: the REST
 * workers, a deployment callback answering for its worker, or the tests' driver.
 */
public final class WorkAnswers {

  private static final Logger log = LoggerFactory.getLogger(WorkAnswers.class);
  /** The least lock a pending step keeps, so a very short remainder does not expire before the answer is stored. */
  private static final long MIN_LOCK_MILLIS = 1000;

  private WorkAnswers() {}

  /**
   * Lets the worker work on the item and answers the task with its result; a thrown exception is a technical fault
   * reported as {@link WorkResult.Failed}. An interrupt (shutting down) answers nothing: the lock expires and the task
   * is delivered again.
   */
  public static WorkResult work(Worker worker, WorkItem item, DeliveredTask task) throws InterruptedException {
    try (LogContext.Scope scope = LogContext.release(item.businessKey())) {
      WorkResult result;
      try {
        result = worker.work(item);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        result = WorkResult.failed(String.valueOf(e.getMessage()), stackTrace(e));
      }
      answer(worker, item.businessKey(), result, task);
      return result;
    }
  }

  /** Answers the task with a result already known (a callback reporting what its target did). */
  public static void answer(Worker worker, String businessKey, WorkResult result, DeliveredTask task) {
    if (result instanceof WorkResult.Completed completed) {
      task.complete(completed.variables());
    } else if (result instanceof WorkResult.BusinessError error) {
      task.bpmnError(error.code(), error.message());
    } else if (result instanceof WorkResult.Pending pending) {
      task.extendLock(Math.max(MIN_LOCK_MILLIS, pending.lockFor().toMillis()));
    } else if (result instanceof WorkResult.Failed failed) {
      int retries = worker.retryPolicy().remainingAfterFailure(task.retries());
      log.warn("{}: release {} failed ({} retries left): {}", worker.topic(), businessKey, retries, failed.message());
      task.failure(failed.message(), failed.details(), retries, worker.retryPolicy().backoff().toMillis());
    } else if (result instanceof WorkResult.NothingToDo nothing) {
      log.info("{}: {}", worker.topic(), nothing.why());
    }
  }

  private static String stackTrace(Throwable e) {
    StringWriter text = new StringWriter();
    e.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
