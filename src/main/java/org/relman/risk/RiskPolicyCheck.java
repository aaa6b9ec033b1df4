package org.relman.risk;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.operaton.bpm.dmn.engine.DmnDecision;
import org.operaton.bpm.dmn.engine.DmnDecisionResult;
import org.operaton.bpm.model.dmn.Dmn;
import org.operaton.bpm.model.dmn.DmnModelInstance;
import org.operaton.bpm.model.dmn.instance.Decision;
import org.operaton.bpm.model.dmn.instance.DecisionTable;
import org.operaton.bpm.model.dmn.instance.Input;
import org.operaton.bpm.model.dmn.instance.Output;
import org.operaton.bpm.model.dmn.instance.OutputEntry;
import org.operaton.bpm.model.dmn.instance.Rule;
import org.operaton.bpm.model.xml.ModelException;
import org.relman.process.ModelCheck;
import org.relman.approval.ApprovalKinds;
import org.springframework.stereotype.Component;

/**
 * What the engine accepts in {@code bpmn/risk-policy.dmn} but relman could not act on: an input reading a fact relman
 * does not supply (a typo such as {@code lineChanged} would silently never match), a level that is not LOW, MEDIUM,
 * HIGH or CRITICAL, or an approval nobody can give. Checked before the models are deployed.
 */
@Component
class RiskPolicyCheck implements ModelCheck {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  private static final Map<String, Map<String, Object>> SAMPLES = samples();

  @Override
  public List<String> problems(String name, byte[] model) {
    if (!name.endsWith(".dmn")) {
      return List.of();
    }
    DmnModelInstance dmn;
    try {
      dmn = Dmn.readModelFromStream(new ByteArrayInputStream(model));
    } catch (ModelException e) {
      return List.of("is not a DMN 1.3 model the engine can read: " + e.getMessage());
    }
    if (!(dmn.getModelElementById(AssessRisk.DECISION) instanceof Decision decision)) {
      return List.of();
    }
    if (!(decision.getExpression() instanceof DecisionTable table)) {
      return List.of("decision '" + AssessRisk.DECISION + "' must be a decision table");
    }
    List<String> problems = new ArrayList<>();
    for (Input input : table.getInputs()) {
      String expression = input.getInputExpression() == null || input.getInputExpression().getText() == null ? ""
          : input.getInputExpression().getText().getTextContent().trim();
      if (NAME.matcher(expression).matches() && !RiskFacts.NAMES.contains(expression)) {
        problems.add("input '" + label(input.getLabel(), expression) + "' reads '" + expression
            + "', which is no fact relman supplies " + RiskFacts.NAMES);
      }
    }
    int level = output(table, "level", problems);
    int approvals = output(table, "requiredApprovals", problems);
    int row = 0;
    for (Rule rule : table.getRules()) {
      row++;
      List<OutputEntry> entries = new ArrayList<>(rule.getOutputEntries());
      String where = "rule " + row + (rule.getDescription() == null ? "" : " (" + rule.getDescription().getTextContent() + ")");
      if (level >= 0 && level < entries.size()) {
        String text = text(entries.get(level));
        if (!text.isEmpty() && !levels().contains(text)) {
          problems.add(where + " gives level " + text + "; it must be one of " + levels());
        }
      }
      if (approvals >= 0 && approvals < entries.size()) {
        String text = text(entries.get(approvals));
        var quoted = QUOTED.matcher(text);
        if (!text.isEmpty() && !quoted.matches()) {
          problems.add(where + " gives requiredApprovals " + text + "; write them as one quoted, comma-separated list"
              + " such as \"security,cab\"");
        } else if (!text.isEmpty()) {
          for (String approval : quoted.group(1).split(",")) {
            if (!approval.isBlank() && !ApprovalKinds.isApproval(approval.trim())) {
              problems.add(where + " asks for approval '" + approval.trim() + "'; relman knows "
                  + ApprovalKinds.approvals());
            }
          }
        }
      }
    }
    if (problems.isEmpty()) {
      problems.addAll(evaluated(dmn));
    }
    return problems;
  }

  /**
   * The policy evaluated as {@code AssessRisk} will, on a few releases relman could send it: a small quiet change, a
   * big risky hotfix, and one whose gates reported no coverage and whose bugs nobody counted (null facts). A rule that
   * compares a fact with a value of the wrong type, or an expression FEEL cannot evaluate, fails here rather than in the
   * first release that reaches "Assess risk".
   */
  private static List<String> evaluated(DmnModelInstance dmn) {
    List<String> problems = new ArrayList<>();
    DmnDecision decision;
    try {
      decision = PolicyEngine.get().parseDecision(AssessRisk.DECISION, dmn);
    } catch (RuntimeException e) {
      return List.of("the decision '" + AssessRisk.DECISION + "' cannot be parsed: " + e.getMessage());
    }
    for (Map.Entry<String, Map<String, Object>> sample : SAMPLES.entrySet()) {
      try {
        DmnDecisionResult result = PolicyEngine.evaluate(decision, sample.getValue());
        for (String level : result.<String>collectEntries("level")) {
          if (level != null && java.util.Arrays.stream(RiskLevel.values()).noneMatch(l -> l.name().equals(level))) {
            problems.add("on " + sample.getKey() + " the policy gives level '" + level + "'; it must be one of " + levels());
          }
        }
      } catch (RuntimeException e) {
        problems.add("the policy cannot be evaluated on " + sample.getKey() + ": " + e.getMessage());
      }
    }
    return problems;
  }

  private static Map<String, Map<String, Object>> samples() {
    Map<String, Object> quiet = new java.util.HashMap<>();
    quiet.put("commits", 1L);
    quiet.put("filesChanged", 1);
    quiet.put("linesChanged", 12);
    quiet.put("sensitivePaths", 0);
    quiet.put("sensitiveFiles", List.of());
    quiet.put("testsFailed", 0);
    quiet.put("coverage", 0.92);
    quiet.put("openCriticalBugs", 0);
    quiet.put("outsideBusinessHours", false);
    quiet.put("conflicts", 0);
    quiet.put("productionDeployments", 20L);
    quiet.put("changeFailureRate", 0.0);
    quiet.put("hotfix", false);
    quiet.put("rollbackPlan", true);
    Map<String, Object> risky = new java.util.HashMap<>(quiet);
    risky.putAll(Map.of("commits", 240L, "filesChanged", 310, "linesChanged", 25_000, "sensitivePaths", 4,
        "sensitiveFiles", List.of("db/migration/V9__drop.sql"), "testsFailed", 3, "coverage", 0.31,
        "openCriticalBugs", 2, "outsideBusinessHours", true, "conflicts", 2));
    risky.putAll(Map.of("productionDeployments", 0L, "changeFailureRate", 0.0, "hotfix", true, "rollbackPlan", false));
    Map<String, Object> unknown = new java.util.HashMap<>(quiet);
    unknown.put("coverage", null);
    unknown.put("openCriticalBugs", null);
    unknown.put("productionDeployments", 3L);
    unknown.put("changeFailureRate", 2.0 / 3);
    Map<String, Map<String, Object>> samples = new java.util.LinkedHashMap<>();
    samples.put("a small quiet change", quiet);
    samples.put("a big risky hotfix outside business hours", risky);
    samples.put("a release without coverage or a bug count", unknown);
    return samples;
  }

  private static int output(DecisionTable table, String name, List<String> problems) {
    List<Output> outputs = new ArrayList<>(table.getOutputs());
    for (int i = 0; i < outputs.size(); i++) {
      if (name.equals(outputs.get(i).getName())) {
        return i;
      }
    }
    problems.add("the decision table has no output named '" + name + "'");
    return -1;
  }

  private static List<String> levels() {
    return java.util.Arrays.stream(RiskLevel.values()).map(level -> "\"" + level.name() + "\"").toList();
  }

  private static String text(OutputEntry entry) {
    return entry.getText() == null || entry.getText().getTextContent() == null ? "" : entry.getText().getTextContent().trim();
  }

  private static String label(String label, String expression) {
    return label == null || label.isBlank() ? expression : label;
  }
}
