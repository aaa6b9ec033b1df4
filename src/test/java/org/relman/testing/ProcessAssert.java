package org.relman.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.operaton.bpm.engine.HistoryService;
import org.operaton.bpm.engine.RuntimeService;
import org.operaton.bpm.engine.history.HistoricActivityInstance;
import org.operaton.bpm.engine.history.HistoricProcessInstance;

/** Path assertions over the engine's history (operaton-bpm-assert is not available here). */
public final class ProcessAssert {

  private final HistoryService history;
  private final RuntimeService runtime;
  private final String processInstanceId;

  public ProcessAssert(HistoryService history, RuntimeService runtime, String processInstanceId) {
    this.history = history;
    this.runtime = runtime;
    this.processInstanceId = processInstanceId;
  }

  /**
   * Activity ids the instance has entered, in order of entry; the activities of a process it called (gates,
   * promotion) follow the call activity that called them.
   */
  public List<String> passed() {
    List<String> passed = new java.util.ArrayList<>();
    collect(processInstanceId, passed);
    return passed;
  }

  private void collect(String instanceId, List<String> passed) {
    for (HistoricActivityInstance activity : history.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
        .orderPartiallyByOccurrence().asc().list()) {
      if (!activity.getActivityId().endsWith("#multiInstanceBody")) {
        passed.add(activity.getActivityId());
      }
      if (activity.getCalledProcessInstanceId() != null) {
        collect(activity.getCalledProcessInstanceId(), passed);
      }
    }
  }

  public ProcessAssert hasPassedInOrder(String... activityIds) {
    assertThat(passed()).as("activities passed by %s", processInstanceId).containsSubsequence(activityIds);
    return this;
  }

  public ProcessAssert hasPassed(String... activityIds) {
    assertThat(passed()).as("activities passed by %s", processInstanceId).contains(activityIds);
    return this;
  }

  public ProcessAssert hasNotPassed(String... activityIds) {
    assertThat(passed()).as("activities passed by %s", processInstanceId).doesNotContain(activityIds);
    return this;
  }

  public ProcessAssert isWaitingAt(String... activityIds) {
    var tree = runtime.getActivityInstance(processInstanceId);
    assertThat(tree).as("process instance %s is running", processInstanceId).isNotNull();
    List<String> waiting = new java.util.ArrayList<>();
    List<String> instances = new java.util.ArrayList<>(List.of(processInstanceId));
    for (int i = 0; i < instances.size(); i++) {
      history.createHistoricActivityInstanceQuery().processInstanceId(instances.get(i)).unfinished().list().forEach(a -> {
        waiting.add(a.getActivityId());
        if (a.getCalledProcessInstanceId() != null) {
          instances.add(a.getCalledProcessInstanceId());
        }
      });
    }
    assertThat(waiting).contains(activityIds);
    return this;
  }

  /** The instance has ended, through {@code endEventId} (which may sit in an event subprocess). */
  public ProcessAssert isEndedAt(String endEventId) {
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult();
    assertThat(instance.getEndTime()).as("process instance %s has ended", processInstanceId).isNotNull();
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
        .activityId(endEventId).finished().count()).as("ended at %s", endEventId).isEqualTo(1);
    return this;
  }
}
