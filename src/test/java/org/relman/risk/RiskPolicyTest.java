package org.relman.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.operaton.bpm.dmn.engine.DmnDecision;
import org.operaton.bpm.dmn.engine.DmnDecisionTableResult;
import org.operaton.bpm.dmn.engine.DmnEngine;
import org.operaton.bpm.dmn.engine.DmnEngineConfiguration;
import org.operaton.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationEvent;
import org.operaton.bpm.dmn.engine.delegate.DmnDecisionTableEvaluationListener;
import org.operaton.bpm.dmn.engine.delegate.DmnEvaluatedDecisionRule;
import org.operaton.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.operaton.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.operaton.bpm.model.dmn.Dmn;
import org.operaton.bpm.model.dmn.DmnModelInstance;
import org.operaton.bpm.model.dmn.HitPolicy;
import org.operaton.bpm.model.dmn.instance.DecisionTable;
import org.operaton.bpm.model.dmn.instance.OutputEntry;
import org.operaton.bpm.model.dmn.instance.Rule;
import org.relman.approval.ApprovalKinds;

/**
 * The risk policy (bpmn/risk-policy.dmn) on its own, in a standalone DMN engine built the way the process engine
 * builds its own (the default configuration; the process engine adds history and metrics listeners and its EL
 * provider, which FEEL-only tables do not use). The facts are the names and Java types {@link RiskFacts} hands over.
 * Every rule is hit by a case of its own, flipping one fact of a baseline that matches the catch-all rule only.
 */
class RiskPolicyTest {

  private static final Path POLICY = Path.of("bpmn/risk-policy.dmn");

  /** The rule ids each evaluation matched, in table order (one entry per evaluation). */
  private static final List<List<String>> MATCHED = new ArrayList<>();

  private static DmnEngine engine;
  private static DmnDecision decision;
  private static DmnModelInstance model;

  @BeforeAll
  static void parsePolicy() throws IOException {
    DefaultDmnEngineConfiguration configuration =
        (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
    configuration.customPostDecisionTableEvaluationListeners(List.of(new DmnDecisionTableEvaluationListener() {
      @Override
      public void notify(DmnDecisionTableEvaluationEvent event) {
        MATCHED.add(event.getMatchingRules().stream().map(DmnEvaluatedDecisionRule::getId).toList());
      }
    }));
    engine = configuration.buildEngine();
    try (InputStream in = Files.newInputStream(POLICY)) {
      decision = engine.parseDecision(AssessRisk.DECISION, in);
    }
    model = Dmn.readModelFromFile(POLICY.toFile());
  }

  /** Small, green, in business hours, with a rollback plan and a production track record. */
  static Map<String, Object> baseline() {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("commits", 3);
    facts.put("filesChanged", 4);
    facts.put("linesChanged", 120);
    facts.put("sensitivePaths", 0);
    facts.put("sensitiveFiles", List.of());
    facts.put("testsFailed", 0);
    facts.put("coverage", 82.5);
    facts.put("openCriticalBugs", 0);
    facts.put("outsideBusinessHours", false);
    facts.put("conflicts", 0);
    facts.put("productionDeployments", 12L);
    facts.put("changeFailureRate", 0.0);
    facts.put("hotfix", false);
    facts.put("rollbackPlan", true);
    return facts;
  }

  static Map<String, Object> baselineWith(Consumer<Map<String, Object>> change) {
    Map<String, Object> facts = baseline();
    change.accept(facts);
    return facts;
  }

  /** What the policy decides, as {@link RiskAssessment} reads it, and which rules matched. */
  record Outcome(RiskLevel level, List<String> approvals, List<String> rules) {}

  static Outcome evaluate(Map<String, Object> facts) {
    int before = MATCHED.size();
    DmnDecisionTableResult result = engine.evaluateDecisionTable(decision, facts);
    assertThat(MATCHED).as("one decision table evaluated").hasSize(before + 1);
    RiskLevel level = result.<String>collectEntries("level").stream().filter(Objects::nonNull)
        .map(RiskLevel::valueOf).max(Comparator.naturalOrder()).orElse(RiskLevel.LOW);
    return new Outcome(level, AssessRisk.approvals(result.collectEntries("requiredApprovals")),
        MATCHED.get(before));
  }

  @Test
  void standaloneEngineIsConfiguredLikeTheProcessEngines() {
    DefaultDmnEngineConfiguration standalone = (DefaultDmnEngineConfiguration) engine.getConfiguration();
    // the process engine starts from createDefaultDmnEngineConfiguration() and sets these two from its own settings
    var processEngine = new StandaloneInMemProcessEngineConfiguration();
    assertThat(standalone.isEnableFeelLegacyBehavior()).isEqualTo(processEngine.isDmnFeelEnableLegacyBehavior())
        .isFalse();
    assertThat(standalone.isReturnBlankTableOutputAsNull())
        .isEqualTo(processEngine.isDmnReturnBlankTableOutputAsNull()).isFalse();
    assertThat(model.getModelElementsByType(DecisionTable.class)).singleElement()
        .satisfies(table -> assertThat(table.getHitPolicy()).isEqualTo(HitPolicy.COLLECT));
  }

  @Test
  void smallGreenReleaseInHoursWithRollbackPlanAndTrackRecordIsLowWithoutApprovals() {
    Outcome outcome = evaluate(baseline());

    assertThat(outcome.level()).isEqualTo(RiskLevel.LOW);
    assertThat(outcome.approvals()).isEmpty();
    assertThat(outcome.rules()).containsExactly("rule-14");
  }

  /** One case per rule: the rule it is meant to hit (besides the catch-all), the facts, and what the release gets. */
  static Stream<Arguments> rules() {
    return Stream.of(
        rule("rule-1", f -> f.put("sensitivePaths", 1), RiskLevel.HIGH, "security", "cab"),
        rule("rule-2", f -> f.put("openCriticalBugs", 1), RiskLevel.CRITICAL, "cab"),
        rule("rule-3", f -> f.put("testsFailed", 1), RiskLevel.HIGH, "qa"),
        rule("rule-4", f -> f.put("coverage", 59.9), RiskLevel.MEDIUM, "qa"),
        rule("rule-5", f -> f.put("linesChanged", 1001), RiskLevel.HIGH, "qa"),
        rule("rule-6", f -> f.put("linesChanged", 200), RiskLevel.MEDIUM, "qa"),
        rule("rule-7", f -> f.put("commits", 26), RiskLevel.MEDIUM, "qa"),
        rule("rule-8", f -> f.put("outsideBusinessHours", true), RiskLevel.MEDIUM, "cab"),
        rule("rule-9", f -> f.put("conflicts", 1), RiskLevel.MEDIUM, "cab"),
        rule("rule-10", f -> f.put("changeFailureRate", 0.16), RiskLevel.HIGH, "cab"),
        rule("rule-11", f -> f.put("productionDeployments", 0L), RiskLevel.MEDIUM, "qa"),
        rule("rule-12", f -> f.put("rollbackPlan", false), RiskLevel.MEDIUM, "cab"),
        rule("rule-13", f -> f.put("hotfix", true), RiskLevel.HIGH),
        rule("rule-14", f -> {}, RiskLevel.LOW));
  }

  private static Arguments rule(String rule, Consumer<Map<String, Object>> change, RiskLevel level,
      String... approvals) {
    return Arguments.of(rule, baselineWith(change), level, List.of(approvals));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void eachRuleGivesItsLevelAndApprovals(String rule, Map<String, Object> facts, RiskLevel level,
      List<String> approvals) {
    Outcome outcome = evaluate(facts);

    assertThat(outcome.rules()).as("matched rules").containsExactlyInAnyOrder(
        Stream.of(rule, "rule-14").distinct().toArray(String[]::new));
    assertThat(outcome.level()).isEqualTo(level);
    assertThat(outcome.approvals()).isEqualTo(approvals);
  }

  @Test
  void everyRuleOfThePolicyIsHitByOneOfTheCases() {
    List<String> ruleIds = model.getModelElementsByType(Rule.class).stream().map(Rule::getId).toList();
    Set<String> hit = new LinkedHashSet<>();
    Set<String> meant = new LinkedHashSet<>();
    rules().forEach(arguments -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> facts = (Map<String, Object>) arguments.get()[1];
      meant.add((String) arguments.get()[0]);
      hit.addAll(evaluate(facts).rules());
    });

    assertThat(ruleIds).as("rules in %s", POLICY).hasSize(14).doesNotHaveDuplicates();
    assertThat(hit).as("rules hit by the cases").containsExactlyInAnyOrderElementsOf(ruleIds);
    assertThat(meant).as("one case per rule: a new rule needs a case of its own")
        .containsExactlyInAnyOrderElementsOf(ruleIds);
  }

  @Test
  void everyOutputOfThePolicyIsALevelAndApprovalsRelmanKnows() {
    for (Rule rule : model.getModelElementsByType(Rule.class)) {
      List<String> outputs = rule.getOutputEntries().stream().map(OutputEntry::getTextContent).map(String::strip)
          .toList();
      assertThat(outputs).as("%s: level and requiredApprovals", rule.getId()).hasSize(2);
      assertThat(outputs.get(0)).as("%s level", rule.getId()).matches("\"[A-Z]+\"");
      assertThat(RiskLevel.valueOf(unquote(outputs.get(0)))).isNotNull();
      if (!outputs.get(1).isEmpty()) {
        assertThat(outputs.get(1)).as("%s requiredApprovals", rule.getId()).matches("\"[a-z, ]+\"");
        assertThat(AssessRisk.approvals(List.of(unquote(outputs.get(1))))).as("%s approvals", rule.getId())
            .isNotEmpty().isSubsetOf(ApprovalKinds.approvals());
      }
    }
  }

  private static String unquote(String literal) {
    return literal.substring(1, literal.length() - 1);
  }

  // boundaries

  @Test
  void linesChangedBelow200AreNoConcern() {
    assertThat(evaluate(baselineWith(f -> f.put("linesChanged", 199))).rules()).containsExactly("rule-14");
  }

  @Test
  void linesChanged200And1000AreMediumAndAboveIsLarge() {
    Outcome at200 = evaluate(baselineWith(f -> f.put("linesChanged", 200)));
    Outcome at1000 = evaluate(baselineWith(f -> f.put("linesChanged", 1000)));
    Outcome at1001 = evaluate(baselineWith(f -> f.put("linesChanged", 1001)));

    assertThat(at200.rules()).containsExactly("rule-6", "rule-14");
    assertThat(at200.level()).isEqualTo(RiskLevel.MEDIUM);
    assertThat(at1000.rules()).containsExactly("rule-6", "rule-14");
    assertThat(at1000.level()).isEqualTo(RiskLevel.MEDIUM);
    assertThat(at1001.rules()).as("large, not medium as well").containsExactly("rule-5", "rule-14");
    assertThat(at1001.level()).isEqualTo(RiskLevel.HIGH);
    assertThat(at1001.approvals()).containsExactly("qa");
  }

  @Test
  void commitsUpTo25AreNoConcern() {
    assertThat(evaluate(baselineWith(f -> f.put("commits", 25))).rules()).containsExactly("rule-14");
    assertThat(evaluate(baselineWith(f -> f.put("commits", 26))).rules()).containsExactly("rule-7", "rule-14");
  }

  @Test
  void coverageOfExactly60IsEnough() {
    Outcome at60 = evaluate(baselineWith(f -> f.put("coverage", 60.0)));
    Outcome below = evaluate(baselineWith(f -> f.put("coverage", 59.99)));

    assertThat(at60.rules()).containsExactly("rule-14");
    assertThat(at60.level()).isEqualTo(RiskLevel.LOW);
    assertThat(below.rules()).containsExactly("rule-4", "rule-14");
    assertThat(below.approvals()).containsExactly("qa");
  }

  @Test
  void noCoverageReportedMatchesNoCoverageRule() {
    Outcome outcome = evaluate(baselineWith(f -> f.put("coverage", null)));

    assertThat(outcome.rules()).containsExactly("rule-14");
    assertThat(outcome.level()).isEqualTo(RiskLevel.LOW);
    assertThat(outcome.approvals()).isEmpty();
  }

  @Test
  void changeFailureRateOfExactly15PercentIsTolerated() {
    Outcome atLimit = evaluate(baselineWith(f -> f.put("changeFailureRate", 0.15)));
    // the rate as RiskFacts computes it from history: 3 failures in 20 production deployments
    Outcome computed = evaluate(baselineWith(f -> {
      f.put("productionDeployments", 20L);
      f.put("changeFailureRate", (double) 3 / 20);
    }));
    Outcome above = evaluate(baselineWith(f -> f.put("changeFailureRate", 4.0 / 25)));

    assertThat(atLimit.rules()).containsExactly("rule-14");
    assertThat(computed.rules()).containsExactly("rule-14");
    assertThat(above.rules()).containsExactly("rule-10", "rule-14");
    assertThat(above.level()).isEqualTo(RiskLevel.HIGH);
    assertThat(above.approvals()).containsExactly("cab");
  }

  @Test
  void noTrackRecordMattersOnlyForChangesAbove50Lines() {
    Outcome small = evaluate(baselineWith(f -> {
      f.put("productionDeployments", 0L);
      f.put("changeFailureRate", 0.0);
      f.put("linesChanged", 50);
    }));
    Outcome larger = evaluate(baselineWith(f -> {
      f.put("productionDeployments", 0L);
      f.put("changeFailureRate", 0.0);
      f.put("linesChanged", 51);
    }));
    Outcome withTrackRecord = evaluate(baselineWith(f -> {
      f.put("productionDeployments", 1L);
      f.put("linesChanged", 51);
    }));

    assertThat(small.rules()).containsExactly("rule-14");
    assertThat(small.level()).isEqualTo(RiskLevel.LOW);
    assertThat(larger.rules()).containsExactly("rule-11", "rule-14");
    assertThat(larger.level()).isEqualTo(RiskLevel.MEDIUM);
    assertThat(larger.approvals()).containsExactly("qa");
    assertThat(withTrackRecord.rules()).containsExactly("rule-14");
  }

  @Test
  void aMediumChangeWithoutTrackRecordStillAsksQaOnce() {
    Outcome outcome = evaluate(baselineWith(f -> {
      f.put("productionDeployments", 0L);
      f.put("linesChanged", 500);
    }));

    assertThat(outcome.rules()).containsExactly("rule-6", "rule-11", "rule-14");
    assertThat(outcome.approvals()).containsExactly("qa");
  }

  @Test
  void severalRulesGiveTheHighestLevelAndEveryApprovalAnyOfThemNames() {
    Outcome outcome = evaluate(baselineWith(f -> {
      f.put("sensitivePaths", 2);
      f.put("testsFailed", 3);
      f.put("outsideBusinessHours", true);
      f.put("rollbackPlan", false);
    }));

    assertThat(outcome.rules()).containsExactly("rule-1", "rule-3", "rule-8", "rule-12", "rule-14");
    assertThat(outcome.level()).isEqualTo(RiskLevel.HIGH);
    assertThat(outcome.approvals()).as("union, in relman's order").containsExactly("qa", "security", "cab");

    Outcome critical = evaluate(baselineWith(f -> {
      f.put("openCriticalBugs", 2);
      f.put("hotfix", true);
      f.put("coverage", 10.0);
    }));
    assertThat(critical.rules()).containsExactly("rule-2", "rule-4", "rule-13", "rule-14");
    assertThat(critical.level()).isEqualTo(RiskLevel.CRITICAL);
    assertThat(critical.approvals()).containsExactly("qa", "cab");
  }

  // how RiskAssessment combines the cells of the matching rules

  @Test
  void riskLevelsAreOrderedFromLowToCritical() {
    assertThat(Arrays.stream(RiskLevel.values()).sorted().toList())
        .containsExactly(RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRITICAL);
    assertThat(Stream.of(RiskLevel.MEDIUM, RiskLevel.CRITICAL, RiskLevel.LOW, RiskLevel.HIGH)
        .max(Comparator.naturalOrder())).contains(RiskLevel.CRITICAL);
  }

  @Test
  void approvalsAreTheUnionOfAllCellsInRelmansOrder() {
    assertThat(AssessRisk.approvals(Arrays.asList("cab", null, "security, cab", "", " qa ,cab,", "qa")))
        .containsExactly("qa", "security", "cab");
    assertThat(AssessRisk.approvals(Arrays.asList(null, ""))).isEmpty();
    assertThat(AssessRisk.approvals(List.of())).isEmpty();
  }

  @Test
  void approvalRelmanDoesNotKnowStopsTheAssessment() {
    assertThatThrownBy(() -> AssessRisk.approvals(List.of("qa", "legal")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'legal'")
        .hasMessageContaining("bpmn/risk-policy.dmn");
    assertThatThrownBy(() -> AssessRisk.approvals(List.of("QA")))
        .as("names are case-sensitive").isInstanceOf(IllegalStateException.class);
  }
}
