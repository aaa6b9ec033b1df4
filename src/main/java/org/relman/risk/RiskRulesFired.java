package org.relman.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.operaton.bpm.dmn.engine.DmnDecision;
import org.operaton.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.operaton.bpm.dmn.engine.delegate.DmnEvaluatedOutput;
import org.operaton.bpm.engine.RepositoryService;
import org.operaton.bpm.engine.repository.DecisionDefinition;
import org.operaton.bpm.model.dmn.DmnModelInstance;
import org.operaton.bpm.model.dmn.instance.Rule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which rules of the risk policy fired for an assessment: the policy version that decided ({@code risk-policy:3}) is
 * evaluated again on the facts recorded with the assessment, outside the engine (no history, no transaction), and the
 * matching rules are named by their description in the DMN table. The same version on the same facts gives the same
 * rules, so this is what the release page shows next to the level.
 */
@Component
public class RiskRulesFired {

  /** A rule that fired: its description (or its position), the level it gave and the approvals it asked for. */
  public record Fired(String rule, String level, String approvals) {}

  private static final Logger log = LoggerFactory.getLogger(RiskRulesFired.class);

  private final RepositoryService repository;
  private final Map<String, Policy> policies = new ConcurrentHashMap<>();

  private record Policy(DmnModelInstance model, DmnDecision decision) {}

  RiskRulesFired(RepositoryService repository) {
    this.repository = repository;
  }

  /** The rules of {@code policy} ({@code key:version}) that match these facts; empty when it cannot be read again. */
  public List<Fired> of(String policy, Map<String, Object> facts) {
    try {
      Policy table = policies.computeIfAbsent(policy, this::load);
      List<DmnEvaluatedDecisionRule> rules = PolicyEngine.matchingRules(table.decision(), facts);
      List<Rule> all = new ArrayList<>(table.model().getModelElementsByType(Rule.class));
      List<Fired> fired = new ArrayList<>();
      for (DmnEvaluatedDecisionRule rule : rules) {
        Rule element = table.model().getModelElementById(rule.getId());
        String name = element != null && element.getDescription() != null
            ? element.getDescription().getTextContent().trim() : "rule " + (all.indexOf(element) + 1);
        fired.add(new Fired(name, output(rule, "level"), output(rule, "requiredApprovals")));
      }
      return fired;
    } catch (RuntimeException e) {
      log.warn("Cannot tell which rules of {} fired: {}", policy, e.getMessage());
      return List.of();
    }
  }

  private Policy load(String policy) {
    int colon = policy.lastIndexOf(':');
    DecisionDefinition definition = repository.createDecisionDefinitionQuery()
        .decisionDefinitionKey(policy.substring(0, colon))
        .decisionDefinitionVersion(Integer.parseInt(policy.substring(colon + 1))).singleResult();
    if (definition == null) {
      throw new IllegalStateException("no decision " + policy + " is deployed");
    }
    DmnModelInstance model = repository.getDmnModelInstance(definition.getId());
    return new Policy(model, PolicyEngine.get().parseDecision(definition.getKey(), model));
  }

  private static String output(DmnEvaluatedDecisionRule rule, String name) {
    DmnEvaluatedOutput output = rule.getOutputEntries().get(name);
    return output == null || output.getValue() == null || output.getValue().getValue() == null ? ""
        : String.valueOf(output.getValue().getValue());
  }
}
