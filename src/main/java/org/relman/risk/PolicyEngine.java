package org.relman.risk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.operaton.bpm.dmn.engine.DmnDecision;
import org.operaton.bpm.dmn.engine.DmnDecisionResult;
import org.operaton.bpm.dmn.engine.DmnEngine;
import org.operaton.bpm.dmn.engine.DmnEngineConfiguration;
import org.operaton.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.operaton.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;

/**
 * The one DMN engine relman runs the risk policy on outside the process engine (no history, no transaction): the check
 * before deployment evaluates it on sample releases, the release page asks it which rules fired. Built once, on first
 * use: building one (with its FEEL engine) takes a while.
 */
final class PolicyEngine {

  /** The rules that matched in the evaluation running on this thread, when someone asked for them. */
  private static final ThreadLocal<List<DmnEvaluatedDecisionRule>> MATCHED = new ThreadLocal<>();
  private static DmnEngine engine;

  private PolicyEngine() {}

  static synchronized DmnEngine get() {
    if (engine == null) {
      DefaultDmnEngineConfiguration configuration =
          (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
      configuration.customPostDecisionTableEvaluationListeners(List.of(event -> {
        List<DmnEvaluatedDecisionRule> rules = MATCHED.get();
        if (rules != null) {
          rules.addAll(event.getMatchingRules());
        }
      }));
      engine = configuration.buildEngine();
    }
    return engine;
  }

  static DmnDecisionResult evaluate(DmnDecision decision, Map<String, Object> facts) {
    return get().evaluateDecision(decision, new HashMap<>(facts));
  }

  /** Evaluates the decision and returns the rules that matched, in the table's order. */
  static List<DmnEvaluatedDecisionRule> matchingRules(DmnDecision decision, Map<String, Object> facts) {
    List<DmnEvaluatedDecisionRule> rules = new ArrayList<>();
    MATCHED.set(rules);
    try {
      evaluate(decision, facts);
    } finally {
      MATCHED.remove();
    }
    return rules;
  }
}
