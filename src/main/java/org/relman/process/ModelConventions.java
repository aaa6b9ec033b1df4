package org.relman.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.operaton.bpm.engine.delegate.ExecutionListener;
import org.operaton.bpm.engine.delegate.TaskListener;
import org.operaton.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.operaton.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.operaton.bpm.engine.impl.pvm.process.ActivityImpl;
import org.operaton.bpm.engine.impl.pvm.process.ScopeImpl;
import org.operaton.bpm.engine.impl.util.xml.Element;
import org.relman.shared.LogContext;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The house rules relman adds to every model at deployment, so a process owner cannot forget or remove them:
 * <ul>
 *   <li>an element with the extension property {@value #STATUS_PROPERTY} moves the release to that status when the
 *   lifecycle enters it;</li>
 *   <li>every user task passes the {@link UserTaskHooks} when it is created and completed (four eyes, candidate groups,
 *   field validation, audit);</li>
 *   <li>every process instance starts only for a release requested through the API.</li>
 * </ul>
 */
final class ModelConventions implements BpmnParseListener {

  static final String STATUS_PROPERTY = "relman.status";

  private final ObjectProvider<LifecycleHooks> lifecycle;
  private final ObjectProvider<UserTaskHooks> tasks;

  ModelConventions(ObjectProvider<LifecycleHooks> lifecycle, ObjectProvider<UserTaskHooks> tasks) {
    this.lifecycle = lifecycle;
    this.tasks = tasks;
  }

  @Override
  public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
    processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START,
        (ExecutionListener) execution -> lifecycle.getObject().starting(execution.getProcessBusinessKey(),
            ((org.operaton.bpm.engine.impl.persistence.entity.ExecutionEntity) execution).getSuperExecution() != null));
  }

  @Override
  public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    var definition = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
    definition.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, task -> {
      try (LogContext.Scope logged = LogContext.release(businessKey(task))) {
        tasks.getObject().created(task);
      }
    });
    definition.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, task -> {
      try (LogContext.Scope logged = LogContext.release(businessKey(task))) {
        tasks.getObject().completing(task);
      }
    });
  }

  private static String businessKey(org.operaton.bpm.engine.delegate.DelegateTask task) {
    return task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey();
  }

  /** Runs once the whole file is parsed: every element with {@value #STATUS_PROPERTY} gets its status listener. */
  @Override
  public void parseRootElement(Element rootElement, List<ProcessDefinitionEntity> processDefinitions) {
    for (ProcessDefinitionEntity definition : processDefinitions) {
      for (Element process : rootElement.elements("process")) {
        if (definition.getKey().equals(process.attribute("id"))) {
          applyStatuses(process, definition);
        }
      }
    }
  }

  private void applyStatuses(Element parent, ProcessDefinitionEntity definition) {
    for (Element element : parent.elements()) {
      String value = properties(element).get(STATUS_PROPERTY);
      if (value != null) {
        ActivityImpl activity = definition.findActivity(element.attribute("id"));
        if (activity == null) {
          throw new IllegalArgumentException("Element '" + element.attribute("id") + "' carries " + STATUS_PROPERTY
              + " but is not a step of process '" + definition.getKey() + "'");
        }
        String status = status(element, value);
        activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) execution -> {
          long releaseId = BusinessKey.releaseId(execution);
          try (LogContext.Scope logged = LogContext.release(releaseId)) {
            lifecycle.getObject().statusReached(releaseId, status);
          }
        });
      }
      applyStatuses(element, definition);
    }
  }

  private String status(Element element, String value) {
    var statuses = lifecycle.getObject().statuses();
    if (!statuses.contains(value.strip())) {
      throw new IllegalArgumentException("Element '" + element.attribute("id") + "': " + STATUS_PROPERTY + " '" + value
          + "' is not a release status " + statuses.stream().sorted().toList());
    }
    return value.strip();
  }

  /** The element's extension properties, in the camunda: or operaton: namespace. */
  static Map<String, String> properties(Element element) {
    Map<String, String> properties = new TreeMap<>();
    Element extensions = element.element("extensionElements");
    if (extensions == null) {
      return properties;
    }
    Element container = extensions.elementNS(BpmnParse.OPERATON_BPMN_EXTENSIONS_NS, "properties");
    if (container == null) {
      return properties;
    }
    for (Element property : new ArrayList<>(container.elementsNS(BpmnParse.OPERATON_BPMN_EXTENSIONS_NS, "property"))) {
      properties.put(property.attribute("name"), property.attribute("value"));
    }
    return properties;
  }
}
