package org.relman.testing;

import java.util.List;

import org.operaton.bpm.engine.ExternalTaskService;
import org.operaton.bpm.engine.externaltask.LockedExternalTask;
import org.relman.process.WorkItem;
import org.relman.process.WorkResult;
import org.relman.process.Worker;

/**
 * Runs the real workers against the engine's Java API, one delivery at a time, so process tests are deterministic:
 * no REST client, no polling, no sleeps. Technical failures are reported like the REST adapter does.
 */
public final class WorkerDriver {

  private static final String WORKER_ID = "test-driver";

  private final ExternalTaskService externalTasks;
  private final List<Worker> workers;

  public WorkerDriver(ExternalTaskService externalTasks, List<Worker> workers) {
    this.externalTasks = externalTasks;
    this.workers = workers;
  }

  /** Delivers the release's next task of {@code topic} to its worker; fails the test if there is none. */
  public WorkResult run(String topic, long releaseId) {
    WorkResult result = tryRun(topic, releaseId);
    if (result == null) {
      throw new AssertionError("release " + releaseId + " has no '" + topic + "' task to run");
    }
    return result;
  }

  /** Like {@link #run}, or null when no task is there. */
  public WorkResult tryRun(String topic, long releaseId) {
    Worker worker = workers.stream().filter(w -> w.topic().equals(topic)).findFirst().orElseThrow();
    List<LockedExternalTask> locked = externalTasks.fetchAndLock(1, WORKER_ID)
        .topic(topic, worker.lockDuration() == null ? 60_000 : worker.lockDuration().toMillis())
        .businessKey(String.valueOf(releaseId))
        .execute();
    if (locked.isEmpty()) {
      return null;
    }
    return deliver(worker, locked.get(0));
  }

  /** Delivers a task that was already locked once (a redelivery after a crash, say) to its worker again. */
  public WorkResult deliver(Worker worker, LockedExternalTask task) {
    WorkItem item = new LockedTaskItem(task);
    try {
      WorkResult result = worker.work(item);
      if (result instanceof WorkResult.Completed completed) {
        externalTasks.complete(task.getId(), WORKER_ID, completed.variables());
      } else if (result instanceof WorkResult.BusinessError error) {
        externalTasks.handleBpmnError(task.getId(), WORKER_ID, error.code(), error.message());
      } else if (result instanceof WorkResult.Pending pending) {
        externalTasks.extendLock(task.getId(), WORKER_ID, Math.max(1000, pending.lockFor().toMillis()));
      }
      return result;
    } catch (Exception e) {
      int retries = worker.retryPolicy().remainingAfterFailure(task.getRetries());
      externalTasks.handleFailure(task.getId(), WORKER_ID, e.getMessage(), e.toString(), retries, 0);
      throw new Failed(e, retries);
    }
  }

  /** The worker threw: reported to the engine as a technical failure (as the REST adapter does), then rethrown. */
  public static final class Failed extends RuntimeException {
    private final int retriesLeft;

    Failed(Exception cause, int retriesLeft) {
      super(cause.getMessage(), cause);
      this.retriesLeft = retriesLeft;
    }

    public int retriesLeft() {
      return retriesLeft;
    }
  }
}
