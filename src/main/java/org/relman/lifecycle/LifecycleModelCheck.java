package org.relman.lifecycle;

import static org.relman.process.ModelFiles.BPMN;
import static org.relman.process.ModelFiles.CAMUNDA;
import static org.relman.process.ModelFiles.where;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.relman.gate.GateReports;
import org.relman.process.ModelCheck;
import org.relman.process.ModelFiles;
import org.relman.release.ReleaseStatus;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The release lifecycle as the models carry it: every {@code relman.status} property names a status of API.md, every
 * way a lifecycle ends sets a final one (COMPLETED, ROLLED_BACK, CANCELLED: a release must not stay "deploying" after
 * its process ended), and the messages relman sends (a gate's result, a cancel) have a receiver.
 */
@Component
class LifecycleModelCheck implements ModelCheck {

  private static final String STATUS = "relman.status";

  @Override
  public List<String> problems(ModelFiles models) {
    List<String> problems = new ArrayList<>();
    Set<String> statuses = new TreeSet<>(Stream.of(ReleaseStatus.values()).map(Enum::name).toList());
    for (Document model : models.bpmn().values()) {
      for (Element property : ModelFiles.elements(model, CAMUNDA, "property")) {
        if (STATUS.equals(property.getAttribute("name")) && !statuses.contains(property.getAttribute("value"))) {
          Element step = (Element) property.getParentNode().getParentNode().getParentNode();
          problems.add(where(step) + ": " + STATUS + " '" + property.getAttribute("value") + "' is not a release"
              + " status; it is one of " + statuses);
        }
      }
    }
    Set<String> called = new TreeSet<>();
    models.elements("callActivity").forEach(call -> called.add(call.getAttribute("calledElement")));
    for (Element end : models.elements("endEvent")) {
      Element parent = (Element) end.getParentNode();
      boolean inSubprocess = "subProcess".equals(parent.getLocalName()) && !"true".equals(parent.getAttribute("triggeredByEvent"));
      // a called process (gates, promotion) returns to the lifecycle that called it, which sets the final status
      boolean inCalledProcess = called.contains(ModelFiles.process(end).getAttribute("id"));
      if (!inSubprocess && !inCalledProcess && !afterNonInterruptingEvent(end)) {
        String status = status(end);
        boolean ends = status != null && statuses.contains(status) && ReleaseStatus.valueOf(status).ended();
        if (!ends) {
          problems.add(where(end) + ": a lifecycle that ends here must set " + STATUS + " to COMPLETED, ROLLED_BACK or"
              + " CANCELLED" + (status == null ? "" : ", not " + status));
        }
      }
    }
    Set<String> messages = new TreeSet<>();
    models.elements("message").forEach(message -> messages.add(message.getAttribute("name")));
    if (!models.bpmn().isEmpty()) {
      for (String sent : List.of(GateReports.GATE_RESULT_MESSAGE, ReleaseService.CANCEL_MESSAGE)) {
        if (!messages.contains(sent)) {
          problems.add("bpmn/ (" + sent + "): relman sends the message '" + sent + "', which no model defines");
        }
      }
    }
    return problems;
  }

  private static String status(Element element) {
    for (Element property : ModelFiles.elements(element, CAMUNDA, "property")) {
      if (STATUS.equals(property.getAttribute("name"))) {
        return property.getAttribute("value");
      }
    }
    return null;
  }

  /** Whether the end event only ends a side path started by a non-interrupting boundary event (an escalation). */
  private static boolean afterNonInterruptingEvent(Element end) {
    Element node = end;
    for (int steps = 0; steps < 20 && node != null; steps++) {
      if ("boundaryEvent".equals(node.getLocalName())) {
        return "false".equals(node.getAttribute("cancelActivity"));
      }
      List<Element> incoming = new ArrayList<>();
      for (Element flow : ModelFiles.elements(node.getOwnerDocument(), BPMN, "sequenceFlow")) {
        if (flow.getAttribute("targetRef").equals(node.getAttribute("id"))) {
          incoming.add(flow);
        }
      }
      if (incoming.size() != 1) {
        return false;
      }
      node = ModelFiles.byId(node.getOwnerDocument(), incoming.get(0).getAttribute("sourceRef"));
    }
    return false;
  }
}
