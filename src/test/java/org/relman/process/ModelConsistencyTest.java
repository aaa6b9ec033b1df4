package org.relman.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relman.gate.GateReports;
import org.relman.approval.ApprovalKinds;
import org.relman.lifecycle.ReleaseService;
import org.relman.release.ReleaseStatus;
import org.relman.task.TaskForm;
import org.relman.task.TaskForms;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The house rules for the models in {@code bpmn/} and {@code forms/}: what the process owner edits must still fit the
 * code. Fails the build when a topic has no worker (or a worker no topic), a form reference does not resolve, a user
 * task has no candidate groups, or an element breaks the modelling conventions.
 */
class ModelConsistencyTest extends RelmanTestBase {

  private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
  private static final Set<String> FLOW_NODES = Set.of("startEvent", "endEvent", "intermediateCatchEvent",
      "intermediateThrowEvent", "boundaryEvent", "serviceTask", "userTask", "receiveTask", "sendTask", "scriptTask",
      "businessRuleTask", "manualTask", "task", "callActivity", "subProcess", "exclusiveGateway", "parallelGateway",
      "inclusiveGateway", "eventBasedGateway");
  private static final Pattern BEAN_REFERENCE = Pattern.compile("\\$\\{(\\w+)[.}]");

  /** Names in expressions that are process variables (or the execution), not beans. */
  private static final Set<String> PROCESS_VARIABLES = Set.of("execution", "gateResult", "action", "decision",
      "approval", "approved", "insideFreeze", "taskKind", "soakResult", "verified");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static List<Document> models;

  @Autowired
  List<Worker> workers;
  @Autowired
  TaskForms taskForms;
  @Autowired
  ApplicationContext context;

  @BeforeAll
  static void readModels() throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    models = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
        Document model = factory.newDocumentBuilder().parse(file.toFile());
        model.setDocumentURI(file.toString());
        models.add(model);
      }
    }
    assertThat(models).as("models in bpmn/").isNotEmpty();
  }

  @Test
  void externalTaskTopicsAndRegisteredWorkersAreTheSameSet() {
    Set<String> topics = new TreeSet<>();
    for (Element task : elements("serviceTask")) {
      if ("external".equals(task.getAttributeNS(CAMUNDA, "type"))) {
        topics.add(task.getAttributeNS(CAMUNDA, "topic"));
      }
    }
    Set<String> workerTopics = new TreeSet<>(workers.stream().map(Worker::topic).toList());
    assertThat(topics).isEqualTo(workerTopics);
  }

  @Test
  void everyUserTaskHasCandidateGroupsAndAFormInFormsThatMatchesItsKind() throws IOException {
    Set<String> referenced = new HashSet<>();
    for (Element task : elements("userTask")) {
      String id = task.getAttribute("id");
      assertThat(task.getAttributeNS(CAMUNDA, "candidateGroups")).as("candidate groups of %s", id).isNotBlank();
      String formRef = task.getAttributeNS(CAMUNDA, "formRef");
      assertThat(task.getAttributeNS(CAMUNDA, "formRefBinding")).as("form binding of %s", id).isEqualTo("deployment");
      List<String> kinds;
      if (formRef.equals("${taskKind}")) {
        // the approvals share one multi-instance task: each instance's kind (and form) is the approval it gives
        assertThat(text(task.getOwnerDocument())).as("%s sets taskKind from the approval", id)
            .contains("releasePlan.approvalTask(approval)");
        kinds = ApprovalKinds.taskKinds();
      } else {
        assertThat(formRef).as("form reference of %s", id).isEqualTo(id);
        kinds = List.of(id);
      }
      for (String kindName : kinds) {
        Path form = Path.of("forms", kindName + ".form");
        assertThat(form).as("form of %s", kindName).exists();
        JsonNode json = JSON.readTree(form.toFile());
        assertThat(json.get("id").asText()).as("id of %s", form).isEqualTo(kindName);
        assertThat(taskForms.find(kindName)).as("task kind %s is known to relman", kindName).isPresent();
        TaskForm kind = taskForms.get(kindName);
        assertThat(keys(json)).as("fields of %s", form).containsExactlyInAnyOrderElementsOf(kind.fields());
        referenced.add(form.getFileName().toString());
      }
    }
    try (Stream<Path> forms = Files.list(Path.of("forms"))) {
      assertThat(forms.map(f -> f.getFileName().toString())).as("every form is used by a task").allMatch(referenced::contains);
    }
  }

  @Test
  void everyElementIsNamedAndHasAnIdInKebabCase() {
    for (String type : FLOW_NODES) {
      for (Element node : elements(type)) {
        String id = node.getAttribute("id");
        assertThat(id).as("id of a %s", type).matches("[a-z0-9]+(-[a-z0-9]+)*");
        if (!isJoiningGateway(node)) {
          assertThat(node.getAttribute("name")).as("name of %s", id).isNotBlank();
        }
      }
    }
    for (Element flow : elements("sequenceFlow")) {
      assertThat(flow.getAttribute("id")).matches("[a-z0-9]+(-[a-z0-9]+)*");
    }
  }

  @Test
  void forkingGatewaysNameEveryFlowAndHaveOneDefault() {
    for (Element gateway : elements("exclusiveGateway")) {
      List<Element> outgoing = outgoing(gateway);
      if (outgoing.size() < 2) {
        continue;
      }
      String id = gateway.getAttribute("id");
      assertThat(gateway.getAttribute("default")).as("default flow of %s", id).isNotBlank();
      for (Element flow : outgoing) {
        assertThat(flow.getAttribute("name")).as("flow %s out of %s is named by its condition", flow.getAttribute("id"), id)
            .isNotBlank();
        boolean isDefault = flow.getAttribute("id").equals(gateway.getAttribute("default"));
        assertThat(flow.getElementsByTagNameNS(BPMN, "conditionExpression").getLength())
            .as("condition on %s", flow.getAttribute("id")).isEqualTo(isDefault ? 0 : 1);
      }
    }
  }

  @Test
  void beansNamedInExpressionsExist() {
    Set<String> beans = new TreeSet<>();
    for (Document model : models) {
      Matcher matcher = BEAN_REFERENCE.matcher(text(model));
      while (matcher.find()) {
        String name = matcher.group(1);
        if (!PROCESS_VARIABLES.contains(name)) {
          beans.add(name);
        }
      }
    }
    assertThat(beans).isNotEmpty().allSatisfy(bean -> assertThat(context.containsBean(bean)).as("bean %s", bean).isTrue());
  }

  @Test
  void statusPropertiesNameReleaseStatusesAndEveryEndEventSetsAFinalOne() {
    Set<String> statuses = new TreeSet<>(Stream.of(ReleaseStatus.values()).map(Enum::name).toList());
    for (Element property : elements(CAMUNDA, "property")) {
      if ("relman.status".equals(property.getAttribute("name"))) {
        assertThat(statuses).contains(property.getAttribute("value"));
      }
    }
    Set<String> called = new TreeSet<>();
    elements("callActivity").forEach(call -> called.add(call.getAttribute("calledElement")));
    assertThat(called).as("processes the lifecycles call").isNotEmpty();
    for (Element end : elements("endEvent")) {
      boolean inSubprocess = "subProcess".equals(end.getParentNode().getLocalName())
          && !"true".equals(((Element) end.getParentNode()).getAttribute("triggeredByEvent"));
      // a called process (gates, promotion) returns to the lifecycle that called it, which sets the final status
      boolean inCalledProcess = called.contains(process(end).getAttribute("id"));
      if (!inSubprocess && !inCalledProcess && !afterNonInterruptingEvent(end)) {
        assertThat(status(end)).as("status set by end event %s", end.getAttribute("id"))
            .isIn("COMPLETED", "ROLLED_BACK", "CANCELLED");
      }
    }
  }

  @Test
  void errorBoundaryEventsCatchANamedErrorCodeNeverEverything() {
    for (Element boundary : elements("boundaryEvent")) {
      NodeList definitions = boundary.getElementsByTagNameNS(BPMN, "errorEventDefinition");
      if (definitions.getLength() == 0) {
        continue;
      }
      String errorRef = ((Element) definitions.item(0)).getAttribute("errorRef");
      assertThat(errorRef).as("errorRef of %s: a catch-all would swallow task refusals", boundary.getAttribute("id"))
          .isNotBlank();
      Element error = byId(boundary.getOwnerDocument(), errorRef);
      assertThat(error.getAttribute("errorCode")).isNotBlank();
    }
  }

  @Test
  void messagesTheApiCorrelatesExistInTheModel() {
    Set<String> messages = new TreeSet<>();
    elements("message").forEach(m -> messages.add(m.getAttribute("name")));
    assertThat(messages).contains(GateReports.GATE_RESULT_MESSAGE, ReleaseService.CANCEL_MESSAGE);
  }

  @Test
  void everyProcessHasAHistoryTimeToLiveAndEveryElementIsDrawn() {
    for (Element process : elements("process")) {
      assertThat(process.getAttributeNS(CAMUNDA, "historyTimeToLive")).isNotBlank();
    }
    for (Document model : models) {
      Set<String> drawn = new HashSet<>();
      NodeList di = model.getElementsByTagNameNS("*", "*");
      for (int i = 0; i < di.getLength(); i++) {
        Element element = (Element) di.item(i);
        if (element.hasAttribute("bpmnElement")) {
          drawn.add(element.getAttribute("bpmnElement"));
        }
      }
      for (String type : FLOW_NODES) {
        for (Element node : elements(model, BPMN, type)) {
          assertThat(drawn).as("diagram of %s", model.getDocumentURI()).contains(node.getAttribute("id"));
        }
      }
      for (Element flow : elements(model, BPMN, "sequenceFlow")) {
        assertThat(drawn).as("diagram of %s", model.getDocumentURI()).contains(flow.getAttribute("id"));
      }
    }
  }

  private static Set<String> keys(JsonNode form) {
    Set<String> keys = new TreeSet<>();
    form.findParents("key").forEach(component -> keys.add(component.get("key").asText()));
    return keys;
  }

  private static String status(Element element) {
    for (Element property : elements(element, CAMUNDA, "property")) {
      if ("relman.status".equals(property.getAttribute("name"))) {
        return property.getAttribute("value");
      }
    }
    return null;
  }

  /** Whether the end event only ends a side path started by a non-interrupting boundary event (an escalation). */
  private static boolean afterNonInterruptingEvent(Element end) {
    Element node = end;
    for (int steps = 0; steps < 20; steps++) {
      if ("boundaryEvent".equals(node.getLocalName())) {
        return "false".equals(node.getAttribute("cancelActivity"));
      }
      List<Element> incoming = new ArrayList<>();
      for (Element flow : elements(node.getOwnerDocument(), BPMN, "sequenceFlow")) {
        if (flow.getAttribute("targetRef").equals(node.getAttribute("id"))) {
          incoming.add(flow);
        }
      }
      if (incoming.size() != 1) {
        return false;
      }
      node = byId(node.getOwnerDocument(), incoming.get(0).getAttribute("sourceRef"));
    }
    return false;
  }

  private static Element process(Element node) {
    Node parent = node.getParentNode();
    while (!"process".equals(parent.getLocalName())) {
      parent = parent.getParentNode();
    }
    return (Element) parent;
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

  private static List<Element> outgoing(Element gateway) {
    List<Element> flows = new ArrayList<>();
    for (Element flow : elements(gateway.getOwnerDocument(), BPMN, "sequenceFlow")) {
      if (flow.getAttribute("sourceRef").equals(gateway.getAttribute("id"))) {
        flows.add(flow);
      }
    }
    return flows;
  }

  private static Element byId(Document model, String id) {
    NodeList all = model.getElementsByTagNameNS(BPMN, "*");
    for (int i = 0; i < all.getLength(); i++) {
      if (id.equals(((Element) all.item(i)).getAttribute("id"))) {
        return (Element) all.item(i);
      }
    }
    throw new AssertionError("no element " + id + " in " + model.getDocumentURI());
  }

  private static String text(Document model) {
    StringBuilder text = new StringBuilder();
    NodeList all = model.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      var attributes = element.getAttributes();
      for (int a = 0; a < attributes.getLength(); a++) {
        text.append(attributes.item(a).getNodeValue()).append('\n');
      }
      if (element.getChildNodes().getLength() == 1 && element.getFirstChild().getNodeType() == Node.TEXT_NODE) {
        text.append(element.getTextContent()).append('\n');
      }
    }
    return text.toString();
  }

  private static List<Element> elements(String localName) {
    return elements(BPMN, localName);
  }

  private static List<Element> elements(String namespace, String localName) {
    List<Element> result = new ArrayList<>();
    models.forEach(model -> result.addAll(elements(model, namespace, localName)));
    return result;
  }

  private static List<Element> elements(Document model, String namespace, String localName) {
    return list(model.getElementsByTagNameNS(namespace, localName));
  }

  private static List<Element> elements(Element parent, String namespace, String localName) {
    return list(parent.getElementsByTagNameNS(namespace, localName));
  }

  private static List<Element> list(NodeList nodes) {
    List<Element> result = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      result.add((Element) nodes.item(i));
    }
    return result;
  }
}
