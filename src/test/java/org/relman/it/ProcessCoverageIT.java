package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The coverage of the four models by the process tests: which flow nodes and sequence flows the unit and process tests
 * (surefire, earlier in the same build) passed through, recorded by {@code ProcessCoverage}. Writes the report to
 * {@code target/process-coverage/index.html} and {@code summary.txt}, and holds every model at 100 %: a path no test
 * takes is a path nobody knows works.
 */
class ProcessCoverageIT {

  private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  /** Flow elements that are not steps a token passes through. */
  private static final Set<String> NOT_FLOW_NODES = Set.of("sequenceFlow", "dataObject", "dataObjectReference",
      "dataStoreReference", "textAnnotation", "association", "group", "laneSet", "lane");

  record Model(String file, String process, Map<String, String> nodes, Set<String> flows) {}

  record Coverage(Model model, Set<String> nodesMissed, Set<String> flowsMissed) {
    int nodesCovered() {
      return model.nodes().size() - nodesMissed.size();
    }

    int flowsCovered() {
      return model.flows().size() - flowsMissed.size();
    }
  }

  @Test
  void everyFlowNodeAndSequenceFlowOfEveryModelIsPassedByAProcessTest() throws Exception {
    Path recorded = Path.of(System.getProperty("relman.process-coverage.report", "target/process-coverage/none"));
    assertThat(recorded).as("coverage recorded by this build's process tests (surefire runs before this test in"
        + " ./mvnw verify)").isDirectory();
    Set<String> seen = new TreeSet<>();
    try (Stream<Path> files = Files.list(recorded)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".tsv")).toList()) {
        seen.addAll(Files.readAllLines(file));
      }
    }
    List<Coverage> report = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
        for (Model model : models(file)) {
          Set<String> nodesMissed = new TreeSet<>(model.nodes().keySet());
          nodesMissed.removeIf(id -> seen.contains(model.process() + "\tnode\t" + id));
          Set<String> flowsMissed = new TreeSet<>(model.flows());
          flowsMissed.removeIf(id -> seen.contains(model.process() + "\tflow\t" + id));
          report.add(new Coverage(model, nodesMissed, flowsMissed));
        }
      }
    }
    write(report, Path.of("target/process-coverage"));

    assertThat(report).extracting(c -> c.model().file()).contains("bpmn/release.bpmn", "bpmn/hotfix.bpmn",
        "bpmn/gates.bpmn", "bpmn/promotion.bpmn");
    for (Coverage coverage : report) {
      assertThat(coverage.nodesMissed()).as("flow nodes of %s no process test passes (see"
          + " target/process-coverage/index.html)", coverage.model().file()).isEmpty();
      assertThat(coverage.flowsMissed()).as("sequence flows of %s no process test takes (see"
          + " target/process-coverage/index.html)", coverage.model().file()).isEmpty();
    }
  }

  private static List<Model> models(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document document = factory.newDocumentBuilder().parse(file.toFile());
    List<Model> models = new ArrayList<>();
    NodeList processes = document.getElementsByTagNameNS(BPMN, "process");
    for (int i = 0; i < processes.getLength(); i++) {
      Element process = (Element) processes.item(i);
      Map<String, String> nodes = new LinkedHashMap<>();
      Set<String> flows = new TreeSet<>();
      collect(process, nodes, flows);
      models.add(new Model("bpmn/" + file.getFileName(), process.getAttribute("id"), nodes, flows));
    }
    return models;
  }

  /** The flow nodes (id and name) and sequence flows of a process, its sub-processes included. */
  private static void collect(Element scope, Map<String, String> nodes, Set<String> flows) {
    for (Node child = scope.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (!(child instanceof Element element) || !BPMN.equals(element.getNamespaceURI())) {
        continue;
      }
      String type = element.getLocalName();
      if ("sequenceFlow".equals(type)) {
        flows.add(element.getAttribute("id"));
      } else if (!NOT_FLOW_NODES.contains(type) && !element.getAttribute("id").isEmpty() && isFlowNode(type)) {
        nodes.put(element.getAttribute("id"), type + (element.getAttribute("name").isEmpty() ? ""
            : " \"" + element.getAttribute("name").replace('\n', ' ') + "\""));
        if (type.equals("subProcess") || type.equals("transaction")) {
          collect(element, nodes, flows);
        }
      }
    }
  }

  private static boolean isFlowNode(String type) {
    return type.endsWith("Task") || type.endsWith("Event") || type.endsWith("Gateway") || type.equals("task")
        || type.equals("subProcess") || type.equals("callActivity") || type.equals("transaction");
  }

  private static void write(List<Coverage> report, Path directory) throws IOException {
    Files.createDirectories(directory);
    StringBuilder text = new StringBuilder("model                 flow nodes        sequence flows\n");
    StringBuilder html = new StringBuilder("""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Process coverage</title>
        <style>body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;
        padding:.3rem .6rem;text-align:left}.full{color:#17632e}.gap{color:#a4161a}</style></head><body>
        <h1>Process coverage of the models by the process tests</h1>
        <table><tr><th>model</th><th>flow nodes</th><th>sequence flows</th><th>not passed</th></tr>
        """);
    for (Coverage c : report) {
      String nodes = c.nodesCovered() + "/" + c.model().nodes().size() + " (" + percent(c.nodesCovered(),
          c.model().nodes().size()) + ")";
      String flows = c.flowsCovered() + "/" + c.model().flows().size() + " (" + percent(c.flowsCovered(),
          c.model().flows().size()) + ")";
      text.append(String.format("%-21s %-17s %s%n", c.model().file(), nodes, flows));
      List<String> missed = new ArrayList<>();
      c.nodesMissed().forEach(id -> missed.add(id + ": " + c.model().nodes().get(id)));
      c.flowsMissed().forEach(id -> missed.add(id + ": sequence flow"));
      missed.forEach(m -> text.append("  not passed: ").append(m).append('\n'));
      boolean full = missed.isEmpty();
      html.append("<tr><td>").append(c.model().file()).append(" (").append(c.model().process()).append(")</td><td>")
          .append(nodes).append("</td><td>").append(flows).append("</td><td class=\"").append(full ? "full" : "gap")
          .append("\">").append(full ? "none" : String.join("<br>", missed.stream().map(ProcessCoverageIT::escape)
              .toList())).append("</td></tr>\n");
    }
    html.append("</table></body></html>\n");
    Files.writeString(directory.resolve("summary.txt"), text);
    Files.writeString(directory.resolve("index.html"), html);
    System.out.print(text);
  }

  private static String percent(int covered, int total) {
    return total == 0 ? "100 %" : String.format("%.0f %%", Math.floor(100.0 * covered / total));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
