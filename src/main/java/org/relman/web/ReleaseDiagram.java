package org.relman.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.operaton.bpm.engine.HistoryService;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.RuntimeService;
import org.operaton.bpm.engine.history.HistoricActivityInstance;
import org.operaton.bpm.engine.history.HistoricProcessInstance;
import org.operaton.bpm.engine.repository.ProcessDefinition;
import org.relman.process.BusinessKey;
import org.relman.shared.NotFound;
import org.springframework.stereotype.Component;

/**
 * A release's process as the engine's history tells it: the model version an instance runs under (its BPMN XML), the
 * steps it finished, the steps it is at, the steps with an incident, and the processes it called (gates, promotion),
 * each reachable as a diagram of its own. Only instances of the release itself: their business key is its id.
 */
@Component
class ReleaseDiagram {

  private final HistoryService history;
  private final RepositoryService repository;
  private final RuntimeService runtime;

  ReleaseDiagram(HistoryService history, RepositoryService repository, RuntimeService runtime) {
    this.history = history;
    this.repository = repository;
    this.runtime = runtime;
  }

  /** What the page's script draws: the model, and the element ids to mark. */
  record Diagram(String instanceId, String process, int version, String xml, List<String> passed,
      List<String> current, List<String> failed, List<Called> called) {}

  /** A process the instance called, with the call activity that called it. */
  record Called(String instanceId, String process, String calledFrom, boolean running) {}

  Diagram of(long releaseId, String instanceId) {
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(instanceId)
        .singleResult();
    if (instance == null || !BusinessKey.of(releaseId).equals(instance.getBusinessKey())) {
      throw new NotFound("Release " + releaseId + " has no process instance " + instanceId);
    }
    ProcessDefinition definition = repository.getProcessDefinition(instance.getProcessDefinitionId());
    Set<String> passed = new LinkedHashSet<>();
    Set<String> current = new LinkedHashSet<>();
    List<Called> called = new ArrayList<>();
    List<HistoricActivityInstance> steps = history.createHistoricActivityInstanceQuery().processInstanceId(instanceId)
        .orderByHistoricActivityInstanceStartTime().asc().list();
    for (HistoricActivityInstance step : steps) {
      if (step.getEndTime() == null) {
        current.add(step.getActivityId());
      } else if (!step.isCanceled()) {
        passed.add(step.getActivityId());
      }
      if (step.getCalledProcessInstanceId() != null) {
        HistoricProcessInstance sub = history.createHistoricProcessInstanceQuery()
            .processInstanceId(step.getCalledProcessInstanceId()).singleResult();
        if (sub != null) {
          called.add(new Called(sub.getId(), sub.getProcessDefinitionName() != null ? sub.getProcessDefinitionName()
              : sub.getProcessDefinitionKey(), step.getActivityName(), sub.getEndTime() == null));
        }
      }
    }
    // a step run again (a retried gate) is current, not passed; a multi-instance body is its own element
    passed.removeAll(current);
    List<String> failed = runtime.createIncidentQuery().processInstanceId(instanceId).list().stream()
        .map(i -> i.getActivityId()).distinct().toList();
    called.sort(Comparator.comparing(Called::calledFrom, Comparator.nullsLast(Comparator.naturalOrder())));
    return new Diagram(instanceId, definition.getName() != null ? definition.getName() : definition.getKey(),
        definition.getVersion(), xml(definition.getId()), List.copyOf(passed), List.copyOf(current), failed, called);
  }

  private String xml(String definitionId) {
    try (InputStream in = repository.getProcessModel(definitionId)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
