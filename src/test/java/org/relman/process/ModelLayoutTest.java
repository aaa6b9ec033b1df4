package org.relman.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The diagrams stay readable, so a process owner understands them at a glance: no label drawn over a step, an event
 * or a gateway, no label over another label, and no two steps drawn over each other (a boundary event sits on the
 * edge of its step, and a sub-process contains its steps: those are meant to overlap).
 */
class ModelLayoutTest {

  private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  private static final String BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI";
  private static final String DC = "http://www.omg.org/spec/DD/20100524/DC";

  record Box(String owner, double x, double y, double width, double height) {
    boolean overlaps(Box other) {
      return x < other.x + other.width && other.x < x + width && y < other.y + other.height && other.y < y + height;
    }

    @Override
    public String toString() {
      return owner + String.format(" at (%.0f, %.0f) %.0f×%.0f", x, y, width, height);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"release", "hotfix", "gates", "promotion"})
  void noLabelSitsOnAShapeOrAnotherLabelAndNoStepsOverlap(String model) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document document = factory.newDocumentBuilder().parse(Path.of("bpmn", model + ".bpmn").toFile());
    Set<String> containers = new HashSet<>();
    Set<String> boundaries = new HashSet<>();
    for (String type : List.of("subProcess", "transaction", "participant", "lane")) {
      ids(document, type).forEach(containers::add);
    }
    ids(document, "boundaryEvent").forEach(boundaries::add);

    List<Box> shapes = new ArrayList<>();
    List<Box> labels = new ArrayList<>();
    NodeList shapeElements = document.getElementsByTagNameNS(BPMNDI, "BPMNShape");
    for (int i = 0; i < shapeElements.getLength(); i++) {
      Element shape = (Element) shapeElements.item(i);
      String element = shape.getAttribute("bpmnElement");
      Box bounds = bounds(element, shape);
      if (!containers.contains(element) && !boundaries.contains(element)) {
        shapes.add(bounds);
      }
      label(element, shape).ifPresent(labels::add);
    }
    NodeList edges = document.getElementsByTagNameNS(BPMNDI, "BPMNEdge");
    for (int i = 0; i < edges.getLength(); i++) {
      Element edge = (Element) edges.item(i);
      label(edge.getAttribute("bpmnElement"), edge).ifPresent(labels::add);
    }

    List<String> problems = new ArrayList<>();
    for (Box label : labels) {
      shapes.stream().filter(label::overlaps).forEach(shape -> problems.add("label of " + label + " is over " + shape));
    }
    for (int i = 0; i < labels.size(); i++) {
      for (int j = i + 1; j < labels.size(); j++) {
        if (labels.get(i).overlaps(labels.get(j))) {
          problems.add("label of " + labels.get(i) + " is over the label of " + labels.get(j));
        }
      }
    }
    for (int i = 0; i < shapes.size(); i++) {
      for (int j = i + 1; j < shapes.size(); j++) {
        if (shapes.get(i).overlaps(shapes.get(j))) {
          problems.add(shapes.get(i) + " is drawn over " + shapes.get(j));
        }
      }
    }
    assertThat(problems).as("bpmn/%s.bpmn: move these in the Camunda Modeler", model).isEmpty();
  }

  private static List<String> ids(Document document, String type) {
    List<String> ids = new ArrayList<>();
    NodeList elements = document.getElementsByTagNameNS(BPMN, type);
    for (int i = 0; i < elements.getLength(); i++) {
      ids.add(((Element) elements.item(i)).getAttribute("id"));
    }
    return ids;
  }

  private static Box bounds(String owner, Element parent) {
    for (org.w3c.dom.Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e && DC.equals(e.getNamespaceURI()) && "Bounds".equals(e.getLocalName())) {
        return new Box(owner, Double.parseDouble(e.getAttribute("x")), Double.parseDouble(e.getAttribute("y")),
            Double.parseDouble(e.getAttribute("width")), Double.parseDouble(e.getAttribute("height")));
      }
    }
    throw new AssertionError(owner + " is drawn without bounds");
  }

  private static java.util.Optional<Box> label(String owner, Element diagramElement) {
    NodeList labels = diagramElement.getElementsByTagNameNS(BPMNDI, "BPMNLabel");
    if (labels.getLength() == 0) {
      return java.util.Optional.empty();
    }
    Element label = (Element) labels.item(0);
    return label.getElementsByTagNameNS(DC, "Bounds").getLength() == 0 ? java.util.Optional.empty()
        : java.util.Optional.of(bounds(owner, label));
  }
}
