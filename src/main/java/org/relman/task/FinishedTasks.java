package org.relman.task;

import java.util.Optional;

import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.history.HistoricTaskInstance;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Whether a task someone acts on was finished a moment earlier: what every door answers (409, "already done") to the
 * person who lost a race for it, whatever the engine said (a concurrent change, no such task, no grant left).
 */
@Component
class FinishedTasks {

  private final ProcessEngine engine;

  FinishedTasks(ProcessEngine engine) {
    this.engine = engine;
  }

  /**
   * "Task ... is already done (completed at ... by ...)" when the task was open once and is no longer; empty while it
   * is open or when it never existed. Read without the caller's authorizations: the caller's grants went with the task.
   */
  Optional<String> alreadyDone(String taskId) {
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return configuration.getCommandExecutorTxRequired().execute(context -> context.runWithoutAuthorization(() -> {
      if (engine.getTaskService().createTaskQuery().taskId(taskId).count() > 0) {
        return Optional.<String>empty();
      }
      HistoricTaskInstance done = engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(taskId)
          .singleResult();
      if (done == null || done.getEndTime() == null) {
        return Optional.<String>empty();
      }
      return Optional.of("Task " + taskId + " is already done (" + done.getDeleteReason() + " at "
          + done.getEndTime().toInstant()
          + (done.getAssignee() == null ? "" : " by " + done.getAssignee()) + ")");
    }));
  }
}
