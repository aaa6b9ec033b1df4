package org.relman.risk;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.operaton.bpm.dmn.engine.DmnDecisionTableResult;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.operaton.bpm.engine.repository.DecisionDefinition;
import org.operaton.bpm.engine.repository.ProcessDefinition;
import org.relman.process.ModelBean;
import org.relman.process.BusinessKey;
import org.relman.shared.Db;
import org.relman.release.Release;
import org.relman.approval.ApprovalKinds;
import org.relman.release.Releases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * "Assess risk" (a business rule task): gathers the facts, evaluates the decision {@value #DECISION} deployed with
 * this process version (bpmn/risk-policy.dmn, which the process owner edits), and records the level (the highest any
 * matching rule gives) and the approvals (every one a matching rule names). A hit-policy COLLECT table yields a list,
 * which the engine cannot keep as a variable without an object serializer; this delegate keeps the result in relman's
 * tables instead and leaves {@code riskLevel} and {@code requiredApprovals} as plain text for the model and forms.
 */
@ModelBean
@Component("assessRisk")
class AssessRisk implements JavaDelegate {

  static final String DECISION = "risk-policy";
  private static final List<String> APPROVAL_ORDER = ApprovalKinds.approvals();

  private final RiskFacts riskFacts;
  private final RiskAssessments assessments;
  private final Releases releases;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  AssessRisk(RiskFacts riskFacts, RiskAssessments assessments, Releases releases, ApplicationEventPublisher events,
      Clock clock) {
    this.riskFacts = riskFacts;
    this.assessments = assessments;
    this.releases = releases;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Release release = releases.lock(BusinessKey.releaseId(execution)).orElseThrow();
    Map<String, Object> facts = riskFacts.of(release);
    DecisionDefinition policy = policy(execution);
    DmnDecisionTableResult result = execution.getProcessEngineServices().getDecisionService()
        .evaluateDecisionTableById(policy.getId()).variables(facts).evaluate();
    RiskLevel level = result.<String>collectEntries("level").stream().filter(Objects::nonNull)
        .map(RiskLevel::valueOf).max(Comparator.naturalOrder()).orElse(RiskLevel.LOW);
    // the hotfix lifecycle's one go/no-go stands in for the approvals: none is asked, so none is shown as required
    List<String> approvals = release.hotfix() ? List.of() : approvals(result.<String>collectEntries("requiredApprovals"));
    Assessment assessment = new Assessment(release.id(), level, approvals, facts,
        policy.getKey() + ":" + policy.getVersion(), Db.now(clock));
    assessments.add(assessment);
    events.publishEvent(new RiskAssessed(assessment));
    execution.setVariable("riskLevel", level.name());
    execution.setVariable("requiredApprovals", String.join(",", approvals));
  }

  /**
   * The approvals all matching rules name, each cell a comma-separated list, in the usual order. A name relman does not
   * know stops the release here (an incident naming it) rather than letting it through without that approval.
   */
  static List<String> approvals(List<String> cells) {
    java.util.Set<String> named = new java.util.HashSet<>();
    for (String cell : cells) {
      if (cell == null) {
        continue;
      }
      for (String approval : cell.split(",")) {
        String name = approval.trim();
        if (name.isEmpty()) {
          continue;
        }
        if (!APPROVAL_ORDER.contains(name)) {
          throw new IllegalStateException("the risk policy asks for approval '" + name + "', which is none of "
              + APPROVAL_ORDER + ": fix the requiredApprovals outputs of bpmn/risk-policy.dmn");
        }
        named.add(name);
      }
    }
    return APPROVAL_ORDER.stream().filter(named::contains).toList();
  }

  /** The risk policy deployed with this process version; the latest one if the deployment has none. */
  private static DecisionDefinition policy(DelegateExecution execution) {
    var repository = execution.getProcessEngineServices().getRepositoryService();
    ProcessDefinition process = repository.getProcessDefinition(execution.getProcessDefinitionId());
    DecisionDefinition same = repository.createDecisionDefinitionQuery().deploymentId(process.getDeploymentId())
        .decisionDefinitionKey(DECISION).singleResult();
    if (same != null) {
      return same;
    }
    DecisionDefinition latest = repository.createDecisionDefinitionQuery().decisionDefinitionKey(DECISION)
        .latestVersion().singleResult();
    if (latest == null) {
      throw new IllegalStateException("no decision '" + DECISION + "' is deployed: bpmn/risk-policy.dmn is missing");
    }
    return latest;
  }
}
