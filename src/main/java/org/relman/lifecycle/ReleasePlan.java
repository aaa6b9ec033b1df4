package org.relman.lifecycle;

import java.time.Clock;
import java.util.Date;
import java.util.List;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.relman.process.ModelBean;
import org.relman.RelmanProperties;
import org.relman.approval.ApprovalKinds;
import org.relman.approval.Approvals;
import org.relman.gate.Gates;
import org.relman.process.BusinessKey;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.risk.RiskAssessments;
import org.springframework.stereotype.Component;

/**
 * What the lifecycle model reads about a release, as {@code ${releasePlan...}} expressions: the gates to wait for,
 * the promotion path, the gate timeout and the planned start. The values live in relman's tables, so a reschedule or
 * a re-run is seen by the model without copying documents into process variables.
 */
@ModelBean
@Component("releasePlan")
public class ReleasePlan {

  private final Releases releases;
  private final Gates gates;
  private final RiskAssessments risks;
  private final Approvals approvals;
  private final RelmanProperties properties;
  private final Clock clock;
  private final org.relman.deploy.EnvironmentStates environmentStates;

  ReleasePlan(Releases releases, Gates gates, RiskAssessments risks, Approvals approvals, RelmanProperties properties,
      Clock clock, org.relman.deploy.EnvironmentStates environmentStates) {
    this.environmentStates = environmentStates;
    this.releases = releases;
    this.gates = gates;
    this.risks = risks;
    this.approvals = approvals;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Whether the release still needs this approval ({@code qa}, {@code security}, {@code cab}): the latest risk
   * assessment asks for it, and it has not been given yet. An approval once given stays valid when the release is
   * rescheduled; a rejection is asked again.
   */
  public boolean needsApproval(DelegateExecution execution, String approval) {
    long releaseId = releaseId(execution);
    boolean required = risks.latest(releaseId).map(r -> r.requiredApprovals().contains(approval)).orElse(false);
    return required && approvals.latest(releaseId, ApprovalKinds.taskKind(approval))
        .map(a -> !"APPROVED".equals(a.decision())).orElse(true);
  }

  /** The approvals ({@code qa}, {@code security}, {@code cab}) the release still needs, for "Approve release". */
  public List<String> approvalsNeeded(DelegateExecution execution) {
    return ApprovalKinds.approvals().stream().filter(approval -> needsApproval(execution, approval)).toList();
  }

  /** The task kind (and form) that gives an approval: qa-signoff, security-review, cab-approval. */
  public String approvalTask(String approval) {
    return ApprovalKinds.taskKind(approval);
  }

  /** When an approval task becomes overdue: {@code relman.approvals.escalate-after} from now. */
  public Date approvalDue() {
    return Date.from(clock.instant().plus(properties.approvals().escalateAfter()));
  }

  public String escalateAfter() {
    return properties.approvals().escalateAfter().toString();
  }

  public List<String> gates(DelegateExecution execution) {
    return gates.names(releaseId(execution));
  }

  public List<String> environments(DelegateExecution execution) {
    return release(execution).environments();
  }

  /**
   * The environments a cancelled release must be rolled back in, the last reached first: every one it was deployed
   * to (or began to be) and that is not back on the previous version already. Empty before the first deployment.
   */
  public List<String> deployedEnvironments(DelegateExecution execution) {
    long releaseId = releaseId(execution);
    java.util.Set<org.relman.deploy.EnvironmentState> untouched = java.util.EnumSet.of(
        org.relman.deploy.EnvironmentState.PENDING, org.relman.deploy.EnvironmentState.ROLLED_BACK);
    List<String> reached = new java.util.ArrayList<>(environmentStates.list(releaseId).stream()
        .filter(environment -> !untouched.contains(environment.state())).map(e -> e.environment()).toList());
    java.util.Collections.reverse(reached);
    return reached;
  }

  public Date plannedStart(DelegateExecution execution) {
    return Date.from(release(execution).plannedStart());
  }

  /** The pause between two rounds of checks in the environment being watched. */
  public String checkInterval(DelegateExecution execution) {
    String environment = (String) execution.getVariable("environment");
    return properties.configuredEnvironment(environment).monitoring().interval().toString();
  }

  public String gateTimeout() {
    return properties.gates().timeout().toString();
  }

  private Release release(DelegateExecution execution) {
    return releases.find(releaseId(execution)).orElseThrow();
  }

  private static long releaseId(DelegateExecution execution) {
    return BusinessKey.releaseId(execution);
  }
}
