package org.relman.release;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A release as the API shows it (API.md, "Releases"); the fields below {@code cancelReason} are additions. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReleaseView(
    long id,
    String version,
    String name,
    List<String> services,
    String requestedBy,
    Instant requestedAt,
    Instant plannedStart,
    boolean hotfix,
    ReleaseStatus status,
    List<String> currentSteps,
    ProcessRef process,
    ChangesRef changes,
    List<GateView> gates,
    RiskView risk,
    List<ApprovalView> approvals,
    List<DeploymentView> deployments,
    List<CheckView> checks,
    String cancelReason,
    String cancelledBy,
    Instant endedAt,
    RepositoryView repository,
    List<EnvironmentView> environments,
    String rollbackPlan,
    Map<String, Object> facts,
    ReviewView review,
    List<IncidentView> incidents,
    List<EscalationView> escalations) {

  public record ProcessRef(String key, int version, String instanceId) {}

  public record ChangesRef(int count) {}

  public record GateView(String name, String status, Instant reportedAt, String url, String summary, Integer testsTotal,
      Integer testsFailed, BigDecimal coverage) {}

  /**
   * The latest risk assessment (null before the risk step): the level, the approvals it asks for, the facts it rested
   * on, and which version of the risk policy decided ({@code risk-policy:3}).
   */
  public record RiskView(String level, List<String> requiredApprovals, Map<String, Object> facts, String policy,
      Instant assessedAt) {}

  public record ApprovalView(String kind, String decision, String by, Instant at, String comment) {}

  public record DeploymentView(String environment, String action, String status, String deploymentId, Instant startedAt,
      Instant finishedAt, String deployer, int attempts, Integer exitCode, String failureReason, String reason,
      String output) {}

  /** One check of a soak: {@code value} null when there was no usable sample ({@code detail} says why). */
  public record CheckView(String environment, String name, Double value, Double threshold, boolean passed, Instant at,
      int round, Double min, Double max, String detail) {}

  /**
   * The promotion path: each environment's state (PENDING, DEPLOYING, VERIFYING, MONITORING, PROMOTED, FAILED,
   * ROLLING_BACK, ROLLED_BACK) and why. Environments promoted before a failing one stay PROMOTED: they keep the version.
   */
  public record EnvironmentView(String name, String state, String reason, Instant changedAt) {}

  public record RepositoryView(String url, String fromRef, String toRef, String fromSha, String toSha) {}

  public record ReviewView(String kind, String summary, String rootCause, String followUps, String by, Instant at) {}

  public record IncidentView(String step, String message) {}

  /** An approval task that was overdue and escalated. */
  public record EscalationView(String kind, String taskId, Instant overdueSince, Instant escalatedAt) {}
}
