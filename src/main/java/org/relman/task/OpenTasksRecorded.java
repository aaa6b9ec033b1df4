package org.relman.task;

import java.time.Clock;

import org.operaton.bpm.engine.RuntimeService;
import org.operaton.bpm.engine.TaskService;
import org.operaton.bpm.engine.runtime.ProcessInstance;
import org.operaton.bpm.engine.task.IdentityLink;
import org.operaton.bpm.engine.task.IdentityLinkType;
import org.operaton.bpm.engine.task.Task;
import org.relman.process.BusinessKey;
import org.relman.release.Releases;
import org.relman.shared.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Tasks created before relman kept {@link TaskRecord}s (an upgrade with releases under way) get theirs at start-up,
 * from the engine's state as it is then; every task created afterwards is recorded when it is created.
 */
@Component
class OpenTasksRecorded implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(OpenTasksRecorded.class);

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final TaskRecords records;
  private final Releases releases;
  private final Clock clock;

  OpenTasksRecorded(TaskService tasks, RuntimeService runtime, TaskRecords records, Releases releases, Clock clock) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.records = records;
    this.releases = releases;
    this.clock = clock;
  }

  @Override
  public void afterSingletonsInstantiated() {
    int recorded = 0;
    for (Task task : tasks.createTaskQuery().active().list()) {
      if (records.find(task.getId()).isPresent()) {
        continue;
      }
      ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
          .singleResult();
      if (instance == null || instance.getBusinessKey() == null) {
        continue;
      }
      long releaseId = BusinessKey.releaseId(instance.getBusinessKey());
      var release = releases.find(releaseId);
      if (release.isEmpty()) {
        continue;
      }
      String kind = TaskForms.kindOf(task.getTaskDefinitionKey(), runtime.getVariableLocal(task.getExecutionId(), "taskKind"));
      var groups = tasks.getIdentityLinksForTask(task.getId()).stream()
          .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
          .map(IdentityLink::getGroupId).sorted().toList();
      records.add(new TaskRecord(task.getId(), releaseId, kind, groups, release.get().requestedBy(), Db.now(clock)));
      recorded++;
    }
    if (recorded > 0) {
      log.info("Recorded {} open tasks created before relman kept task records", recorded);
    }
  }
}
