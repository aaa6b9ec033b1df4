package org.relman.risk;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
    return problems;
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
