package org.relman.release;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.relman.RelmanProperties;
import org.relman.approval.Approvals;
import org.relman.gate.Gates;
import org.relman.risk.RiskAssessments;
import org.springframework.stereotype.Component;

/**
 * What the lifecycle model reads about a release, as {@code ${releasePlan...}} expressions: the gates to wait for,
 * the promotion path, the gate timeout and the planned start. The values live in relman's tables, so a reschedule or
 * a re-run is seen by the model without copying documents into process variables.
 */
@Component("releasePlan")
public class ReleasePlan {

  /** The risk policy's approval names and the tasks that give them. */
  private static final Map<String, String> APPROVAL_TASKS = orderedMap("qa", "qa-signoff", "security", "security-review",
      "cab", "cab-approval");

  private final Releases releases;
  private final Gates gates;
  private final RiskAssessments risks;
  private final Approvals approvals;
  private final RelmanProperties properties;
  private final Clock clock;

  ReleasePlan(Releases releases, Gates gates, RiskAssessments risks, Approvals approvals, RelmanProperties properties,
      Clock clock) {
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
    return required && approvals.latest(releaseId, APPROVAL_TASKS.get(approval))
        .map(a -> !"APPROVED".equals(a.decision())).orElse(true);
  }

  /** The approvals ({@code qa}, {@code security}, {@code cab}) the release still needs, for "Approve release". */
  public List<String> approvalsNeeded(DelegateExecution execution) {
    return APPROVAL_TASKS.keySet().stream().filter(approval -> needsApproval(execution, approval)).toList();
  }

  /**
   * The approvals the risk policy may ask for, in the order they are listed ({@code qa}, {@code security},
   * {@code cab}), and the task kinds giving them.
   */
  public static Map<String, String> approvalTasks() {
    return APPROVAL_TASKS;
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** The task kind (and form) that gives an approval: qa-signoff, security-review, cab-approval. */
  public String approvalTask(String approval) {
    String task = APPROVAL_TASKS.get(approval);
    if (task == null) {
      throw new IllegalArgumentException("'" + approval + "' is not an approval the risk policy may ask for "
          + APPROVAL_TASKS.keySet() + ": fix the output values of bpmn/risk-policy.dmn");
    }
    return task;
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
    return Long.parseLong(execution.getProcessBusinessKey());
  }
}
