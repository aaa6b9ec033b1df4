package org.relman.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.operaton.bpm.engine.HistoryService;
import org.operaton.bpm.engine.ManagementService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.RuntimeService;
import org.operaton.bpm.engine.exception.NullValueException;
import org.operaton.bpm.engine.history.HistoricProcessInstance;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.interceptor.CommandExecutor;
import org.operaton.bpm.engine.repository.ProcessDefinition;
import org.operaton.bpm.engine.runtime.ActivityInstance;
import org.operaton.bpm.engine.runtime.Incident;
import org.operaton.bpm.engine.runtime.TransitionInstance;
import org.springframework.stereotype.Component;

/** Where a release's process instance is: the model version it runs, the steps it is at now, its incidents. */
@Component
public class ProcessProgress {

  /** Variables that say which gate or environment a step of a multi-instance subprocess is about. */
  private static final List<String> STEP_SUBJECTS = List.of("gate", "environment", "approval");

  private final RuntimeService runtime;
  private final HistoryService history;
  private final RepositoryService repository;
  private final ManagementService management;
  private final CommandExecutor oneCommand;
  private final Map<String, ProcessDefinition> definitions = new ConcurrentHashMap<>();

  ProcessProgress(RuntimeService runtime, HistoryService history, RepositoryService repository,
      ManagementService management, ProcessEngine engine) {
    this.runtime = runtime;
    this.history = history;
    this.repository = repository;
    this.management = management;
    this.oneCommand = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
        .getCommandExecutorTxRequired();
  }

  public record Progress(String key, int version, List<String> currentSteps, List<Problem> incidents) {}

  /** An incident: a step that failed for good and waits for an operator (Cockpit shows and retries it). */
  public record Problem(String step, String message) {}

  /**
   * Read in one engine command: the queries share one session and one view of the release (a dozen commands before,
   * each with its own session and flush, and a step that ended between two of them).
   */
  public Progress of(String processInstanceId) {
    if (processInstanceId == null) {
      return new Progress(null, 0, List.of(), List.of());
    }
    return oneCommand.execute(context -> read(processInstanceId));
  }

  /**
   * A running release is read from its activity tree, which names its model version too; only a release whose process
   * has ended (no tree) is looked up in the history.
   */
  private Progress read(String processInstanceId) {
    ActivityInstance tree = runtime.getActivityInstance(processInstanceId);
    if (tree == null) {
      HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery()
          .processInstanceId(processInstanceId).singleResult();
      if (ended == null) {
        return new Progress(null, 0, List.of(), List.of());
      }
      ProcessDefinition definition = definition(ended.getProcessDefinitionId());
      return new Progress(definition.getKey(), definition.getVersion(), List.of(), List.of());
    }
    ProcessDefinition definition = definition(tree.getProcessDefinitionId());
    List<String> steps = new ArrayList<>();
    collect(tree, steps);
    return new Progress(definition.getKey(), definition.getVersion(), steps, incidents(processInstanceId));
  }

  private ProcessDefinition definition(String id) {
    return definitions.computeIfAbsent(id, repository::getProcessDefinition);
  }

  private void collect(ActivityInstance instance, List<String> steps) {
    if (instance.getChildActivityInstances().length == 0 && instance.getChildTransitionInstances().length == 0) {
      if (instance.getParentActivityInstanceId() != null && !called(instance, steps)) {
        steps.add(describe(instance.getActivityName(), instance.getExecutionIds()));
      }
      return;
    }
    for (ActivityInstance child : instance.getChildActivityInstances()) {
      collect(child, steps);
    }
    for (TransitionInstance transition : instance.getChildTransitionInstances()) {
      // an asynchronous continuation about to run has a job; a finished instance of a parallel multi-instance
      // subprocess (a gate that passed) waits for its siblings without one and is no current step
      if (management.createJobQuery().executionId(transition.getExecutionId()).count() > 0) {
        steps.add(describe(transition.getActivityName(), new String[] {transition.getExecutionId()}));
      }
    }
  }

  /** A call activity's current steps are those of the process it called (gates, promotion). */
  private boolean called(ActivityInstance instance, List<String> steps) {
    if (!"callActivity".equals(instance.getActivityType())) {
      return false;
    }
    var sub = runtime.createProcessInstanceQuery().superProcessInstanceId(instance.getProcessInstanceId()).list();
    for (var called : sub) {
      ActivityInstance tree = runtime.getActivityInstance(called.getId());
      if (tree != null) {
        collect(tree, steps);
      }
    }
    return !sub.isEmpty();
  }

  /**
   * Incidents of the release's process and of the processes it called, each named by its cause: the engine raises an
   * incident in a called process on the call activity above it too, pointing at the cause, so the release's own
   * incidents are all there is to read, and a called process is only looked at when one of them points there.
   */
  private List<Problem> incidents(String processInstanceId) {
    List<Problem> problems = new ArrayList<>();
    for (Incident incident : runtime.createIncidentQuery().processInstanceId(processInstanceId).list()) {
      Incident cause = incident;
      if (!incident.getId().equals(incident.getRootCauseIncidentId())) {
        cause = runtime.createIncidentQuery().incidentId(incident.getRootCauseIncidentId()).singleResult();
      }
      if (cause != null) {
        problems.add(new Problem(cause.getActivityId(), cause.getIncidentMessage()));
      }
    }
    return problems;
  }

  /**
   * The step's name, with what it works on (a gate, an environment) when its execution says. The progress is read in
   * several commands while the release moves on: an execution that ended in between leaves the name alone (it was the
   * release view's 500 under load, seen in the cluster test).
   */
  String describe(String modelled, String[] executionIds) {
    String name = stepName(modelled);
    if (executionIds.length > 0) {
      Map<String, Object> variables;
      try {
        variables = runtime.getVariables(executionIds[0], STEP_SUBJECTS);
      } catch (NullValueException ended) {
        return name;
      }
      for (String subject : STEP_SUBJECTS) {
        if (variables.get(subject) != null) {
          return name + " (" + variables.get(subject) + ")";
        }
      }
    }
    return name;
  }

  private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("\\s*:?\\s*\\$\\{[^}]*}");

  /**
   * A step's name as the release's own pages show it: without the expression that tells releases apart in a task list
   * ({@code "Decide go/no-go: ${releaseLabel}"} is "Decide go/no-go" here, where the release is known).
   */
  public static String stepName(String modelled) {
    return modelled == null ? null : LABEL.matcher(modelled).replaceAll("").strip();
  }

  /** Scopes around the steps: their history rows stay open while a step inside them runs. */
  private static final java.util.Set<String> SCOPES = java.util.Set.of("subProcess", "callActivity",
      "multiInstanceBody", "transaction", "processDefinition");

  /**
   * The current steps of many running releases at once, for lists (the board): one query over the engine's history for
   * every process the releases run and called, then the subject of each step (which gate, which environment). Cheaper
   * than {@link #of} per release; a step waiting for an asynchronous continuation is not listed until it runs.
   */
  public Map<String, List<String>> currentSteps(java.util.Collection<String> processInstanceIds) {
    Map<String, List<String>> steps = new java.util.LinkedHashMap<>();
    if (processInstanceIds.isEmpty()) {
      return steps;
    }
    List<String> ids = List.copyOf(processInstanceIds);
    StringBuilder in = new StringBuilder();
    var query = history.createNativeHistoricActivityInstanceQuery();
    for (int i = 0; i < ids.size(); i++) {
      in.append(i == 0 ? "" : ", ").append("#{p").append(i).append('}');
      query.parameter("p" + i, ids.get(i));
    }
    String table = management.getTableName(org.operaton.bpm.engine.history.HistoricActivityInstance.class);
    query.sql("SELECT * FROM " + table + " WHERE END_TIME_ IS NULL AND ROOT_PROC_INST_ID_ IN (" + in + ")"
        + " ORDER BY START_TIME_, ID_");
    for (var step : query.list()) {
      if (SCOPES.contains(step.getActivityType()) || step.getActivityName() == null) {
        continue;
      }
      String described = describe(step.getActivityName(), new String[] {step.getExecutionId()});
      List<String> list = steps.computeIfAbsent(step.getRootProcessInstanceId(), k -> new ArrayList<>());
      if (!list.contains(described)) {
        list.add(described);
      }
    }
    return steps;
  }
}
