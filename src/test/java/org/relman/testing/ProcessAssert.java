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

  /** Activity ids the instance has entered, in order of entry. */
  public List<String> passed() {
    return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
        .orderPartiallyByOccurrence().asc().list().stream()
        .map(HistoricActivityInstance::getActivityId)
        .filter(id -> !id.endsWith("#multiInstanceBody"))
        .toList();
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
    List<String> waiting = history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId)
        .unfinished().list().stream().map(HistoricActivityInstance::getActivityId).toList();
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
