package org.relman.testing;

import java.util.List;

import org.operaton.bpm.engine.ExternalTaskService;
import org.operaton.bpm.engine.externaltask.LockedExternalTask;
import org.relman.process.EngineDeliveredTask;
import org.relman.process.WorkAnswers;
import org.relman.process.WorkResult;
import org.relman.process.Worker;

/**
 * Runs the real workers against the engine's Java API, one delivery at a time, so process tests are deterministic:
 * no REST client, no polling, no sleeps; answered by the same {@link WorkAnswers} as the REST workers.
 */
public final class WorkerDriver {

  private static final String WORKER_ID = "test-driver";

  private final ExternalTaskService externalTasks;
  private final List<Worker> workers;
  private final org.operaton.bpm.engine.ManagementService management;

  public WorkerDriver(ExternalTaskService externalTasks, List<Worker> workers) {
    this(externalTasks, workers, null);
  }

  /** With {@code management}: after each delivery, runs the asynchronous continuations it left, as the executor would. */
  public WorkerDriver(ExternalTaskService externalTasks, List<Worker> workers,
      org.operaton.bpm.engine.ManagementService management) {
    this.externalTasks = externalTasks;
    this.workers = workers;
    this.management = management;
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

  /**
   * Delivers a task that was already locked once (a redelivery after a crash, say) to its worker again, answered
   * through production's {@link WorkAnswers}. A technical failure is reported like the REST workers do, then thrown
   * as {@link Failed}.
   */
  public WorkResult deliver(Worker worker, LockedExternalTask task) {
    WorkResult result;
    try {
      result = WorkAnswers.work(worker, new LockedTaskItem(task),
          new EngineDeliveredTask(externalTasks, task.getId(), WORKER_ID, task.getRetries()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while delivering " + task.getTopicName(), e);
    }
    if (result instanceof WorkResult.Failed failed) {
      throw new Failed(failed.message(), worker.retryPolicy().remainingAfterFailure(task.getRetries()));
    }
    if (management != null) {
      AsyncContinuations.runAll(management);
    }
    return result;
  }

  /** The worker threw: reported to the engine as a technical failure (as the REST adapter does), then rethrown. */
  public static final class Failed extends RuntimeException {
    private final int retriesLeft;

    Failed(String message, int retriesLeft) {
      super(message);
      this.retriesLeft = retriesLeft;
    }

    public int retriesLeft() {
      return retriesLeft;
    }
  }
}
