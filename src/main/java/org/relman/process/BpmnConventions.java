package org.relman.process;

import static org.relman.process.ModelFiles.BPMN;
import static org.relman.process.ModelFiles.CAMUNDA;
import static org.relman.process.ModelFiles.where;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The modelling conventions of {@code bpmn/} (docs/process-owners.md): every step and flow has a kebab-case id and
 * every step a name; a gateway that forks asks an explicit question (a named condition on every flow and no default,
 * so an unexpected value stops the release with an error instead of taking a default such as "cancel"); every human
 * step names who may take it and its form in {@code forms/}; error boundaries catch a named error code, never everything; every process keeps its
 * history for a set time; everything is drawn, so the Modeler shows what runs.
 */
@Component
class BpmnConventions implements ModelCheck {

  static final Set<String> FLOW_NODES = Set.of("startEvent", "endEvent", "intermediateCatchEvent",
      "intermediateThrowEvent", "boundaryEvent", "serviceTask", "userTask", "receiveTask", "sendTask", "scriptTask",
      "businessRuleTask", "manualTask", "task", "callActivity", "subProcess", "exclusiveGateway", "parallelGateway",
      "inclusiveGateway", "eventBasedGateway");
  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  /** The one form reference that is not a form id: the approvals' shared task takes the form of its approval. */
  static final String FORM_OF_THE_APPROVAL = "${taskKind}";

  @Override
  public List<String> problems(ModelFiles models) {
    List<String> problems = new ArrayList<>();
    for (Document model : models.bpmn().values()) {
      names(model, problems);
      gateways(model, problems);
      userTasks(model, models, problems);
      errorBoundaries(model, problems);
      historyAndDiagram(model, problems);
    }
    return problems;
  }

  private static void names(Document model, List<String> problems) {
    for (String type : FLOW_NODES) {
      for (Element node : ModelFiles.elements(model, BPMN, type)) {
        String id = node.getAttribute("id");
        if (!KEBAB.matcher(id).matches()) {
          problems.add(where(node) + ": the id of a " + type + " must be kebab-case (lower-case words joined by '-')");
        }
        if (!isJoiningGateway(node) && node.getAttribute("name").isBlank()) {
          problems.add(where(node) + ": a " + type + " needs a name that says what it does");
        }
      }
    }
    for (Element flow : ModelFiles.elements(model, BPMN, "sequenceFlow")) {
      if (!KEBAB.matcher(flow.getAttribute("id")).matches()) {
        problems.add(where(flow) + ": the id of a sequence flow must be kebab-case (lower-case words joined by '-')");
      }
    }
  }

  private static void gateways(Document model, List<String> problems) {
    for (Element gateway : ModelFiles.elements(model, BPMN, "exclusiveGateway")) {
      List<Element> outgoing = outgoing(gateway);
      if (outgoing.size() < 2) {
        continue;
      }
      if (!gateway.getAttribute("default").isBlank()) {
        problems.add(where(gateway) + ": a gateway that forks takes no default flow: give flow "
            + gateway.getAttribute("default") + " its own condition, so an unexpected value stops the release"
            + " instead of taking it");
      }
      for (Element flow : outgoing) {
        long conditions = ModelFiles.elements(flow, BPMN, "conditionExpression").stream()
            .filter(condition -> !condition.getTextContent().isBlank()).count();
        if (flow.getAttribute("name").isBlank()) {
          problems.add(where(flow) + ": a flow out of gateway " + gateway.getAttribute("id")
              + " needs a name that says when it is taken");
        }
        if (conditions != 1) {
          problems.add(where(flow) + ": a flow out of gateway " + gateway.getAttribute("id")
              + " needs a condition that says when it is taken");
        }
      }
    }
  }

  private static void userTasks(Document model, ModelFiles models, List<String> problems) {
    for (Element task : ModelFiles.elements(model, BPMN, "userTask")) {
      String id = task.getAttribute("id");
      if (task.getAttributeNS(CAMUNDA, "candidateGroups").isBlank()) {
        problems.add(where(task) + ": a user task needs candidate groups (who may take it)");
      }
      String formRef = task.getAttributeNS(CAMUNDA, "formRef");
      if (!"deployment".equals(task.getAttributeNS(CAMUNDA, "formRefBinding"))) {
        problems.add(where(task) + ": the form binding must be 'deployment', so a task opens the form deployed with"
            + " its model");
      }
      if (formRef.equals(FORM_OF_THE_APPROVAL)) {
        continue;
      }
      // a variant of the task's form, e.g. go-no-go-hotfix, names the task it serves first
      if (!formRef.equals(id) && !formRef.startsWith(id + "-")) {
        problems.add(where(task) + ": the form reference must be the task's id ('" + id + "') or a variant of it ('"
            + id + "-…'), not '" + formRef + "'");
      } else if (models.form(formRef).isEmpty()) {
        problems.add(where(task) + ": there is no form forms/" + formRef + ".form");
      } else if (!formRef.equals(models.form(formRef).get().path("id").asText())) {
        problems.add("forms/" + formRef + ".form (" + models.form(formRef).get().path("id").asText()
            + "): the form's id must be its file name, '" + formRef + "'");
      }
    }
  }

  private static void errorBoundaries(Document model, List<String> problems) {
    for (Element boundary : ModelFiles.elements(model, BPMN, "boundaryEvent")) {
      List<Element> definitions = ModelFiles.elements(boundary, BPMN, "errorEventDefinition");
      if (definitions.isEmpty()) {
        continue;
      }
      String errorRef = definitions.get(0).getAttribute("errorRef");
      Element error = errorRef.isBlank() ? null : ModelFiles.byId(model, errorRef);
      if (error == null || error.getAttribute("errorCode").isBlank()) {
        problems.add(where(boundary) + ": an error boundary event must catch a named error with an error code;"
            + " one that catches everything would swallow the tasks' refusals");
      }
    }
  }

  private static void historyAndDiagram(Document model, List<String> problems) {
    for (Element process : ModelFiles.elements(model, BPMN, "process")) {
      if (process.getAttributeNS(CAMUNDA, "historyTimeToLive").isBlank()) {
        problems.add(where(process) + ": a process needs a history time to live (days its history is kept)");
      }
    }
    Set<String> drawn = new HashSet<>();
    for (Element shape : ModelFiles.elements(model, "*", "*")) {
      if (shape.hasAttribute("bpmnElement")) {
        drawn.add(shape.getAttribute("bpmnElement"));
      }
    }
    List<Element> undrawn = new ArrayList<>();
    FLOW_NODES.forEach(type -> undrawn.addAll(ModelFiles.elements(model, BPMN, type)));
    undrawn.addAll(ModelFiles.elements(model, BPMN, "sequenceFlow"));
    for (Element element : undrawn) {
      if (!drawn.contains(element.getAttribute("id"))) {
        problems.add(where(element) + ": is not drawn in the diagram; open the model in the Camunda Modeler and place it");
      }
    }
  }

  private static boolean isJoiningGateway(Element node) {
    return node.getLocalName().endsWith("Gateway") && count(node, "incoming") > 1 && count(node, "outgoing") == 1;
  }

  private static int count(Element node, String child) {
    int n = 0;
    for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (child.equals(c.getLocalName())) {
        n++;
      }
    }
    return n;
  }

  static List<Element> outgoing(Element node) {
    List<Element> flows = new ArrayList<>();
    for (Element flow : ModelFiles.elements(node.getOwnerDocument(), BPMN, "sequenceFlow")) {
      if (flow.getAttribute("sourceRef").equals(node.getAttribute("id"))) {
        flows.add(flow);
      }
    }
    return flows;
  }
}
