package org.relman.process;

import static org.relman.process.ModelFiles.CAMUNDA;
import static org.relman.process.ModelFiles.where;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * What ties a step of the models to relman's Java: every external-task topic is served by exactly one worker (a topic
 * nobody serves would wait for ever; two would answer twice), and every bean a delegate, a listener, a collection or a
 * due date names exists (its name is in the Camunda Modeler's templates and docs/process-owners.md).
 */
@Component
class StepBindings implements ModelCheck {

  /** Attributes whose whole value is one bean: {@code ${assessRisk}}. */
  private static final Set<String> DELEGATES = Set.of("delegateExpression");
  /** Attributes whose expression may call beans: {@code ${releasePlan.gates(execution)}}. */
  private static final Set<String> EXPRESSIONS = Set.of("expression", "collection", "dueDate", "followUpDate");
  private static final Pattern CALLED = Pattern.compile("(?<![\\w.'\"])([A-Za-z_]\\w*)\\s*[.(]");
  private static final Pattern WHOLE = Pattern.compile("\\$\\{\\s*([A-Za-z_]\\w*)\\s*}");
  /** Names an expression may use that are the engine's, not beans. */
  private static final Set<String> ENGINE_NAMES = Set.of("execution", "task", "dateTime", "now");

  private final ObjectProvider<Worker> workers;
  private final BeanFactory beans;

  StepBindings(ObjectProvider<Worker> workers, BeanFactory beans) {
    this.workers = workers;
    this.beans = beans;
  }

  @Override
  public List<String> problems(ModelFiles models) {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> served = new TreeMap<>();
    workers.orderedStream().forEach(worker -> served.computeIfAbsent(worker.topic(), t -> new ArrayList<>())
        .add(worker.getClass().getSimpleName().replaceAll("\\$\\$.*", "")));
    for (Element task : models.elements("serviceTask")) {
      if (!"external".equals(task.getAttributeNS(CAMUNDA, "type"))) {
        continue;
      }
      String topic = task.getAttributeNS(CAMUNDA, "topic");
      List<String> servers = served.getOrDefault(topic, List.of());
      if (servers.isEmpty()) {
        problems.add(where(task) + ": no worker serves the topic '" + topic + "'; relman's topics are "
            + served.keySet());
      } else if (servers.size() > 1) {
        problems.add(where(task) + ": the topic '" + topic + "' is served by " + servers.size() + " workers "
            + servers + "; it must be one");
      }
    }
    for (Element element : models.elements("*")) {
      beans(element, problems);
      for (Element listener : ModelFiles.elements(element, CAMUNDA, "*")) {
        if (listener.getParentNode() != null && listener.getParentNode().getParentNode() == element) {
          beans(listener, element, problems);
        }
      }
    }
    return problems;
  }

  private void beans(Element element, List<String> problems) {
    beans(element, element, problems);
  }

  /** The beans named in the attributes of {@code holder}, reported at {@code step}. */
  private void beans(Element holder, Element step, List<String> problems) {
    NamedNodeMap attributes = holder.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
      boolean camunda = CAMUNDA.equals(attribute.getNamespaceURI())
          || (attribute.getNamespaceURI() == null && CAMUNDA.equals(holder.getNamespaceURI()));
      if (!camunda) {
        continue;
      }
      String value = attribute.getValue();
      if (DELEGATES.contains(name)) {
        Matcher whole = WHOLE.matcher(value);
        if (!whole.matches()) {
          problems.add(where(step) + ": the delegate expression '" + value + "' must name one bean, as ${assessRisk}");
        } else if (!beans.containsBean(whole.group(1))) {
          problems.add(where(step) + ": no bean '" + whole.group(1) + "' for the delegate expression " + value);
        }
      } else if (EXPRESSIONS.contains(name) && value.contains("${")) {
        Matcher called = CALLED.matcher(value.substring(value.indexOf("${") + 2));
        while (called.find()) {
          String bean = called.group(1);
          if (!ENGINE_NAMES.contains(bean) && !beans.containsBean(bean)) {
            problems.add(where(step) + ": no bean '" + bean + "' for the expression " + value);
          }
        }
      }
    }
  }
}
