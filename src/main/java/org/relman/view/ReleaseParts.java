package org.relman.view;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The parts of a release that both the release view and the evidence bundle show, so each is described and read once
 * ({@link ReleaseReader}).
 */
public final class ReleaseParts {

  private ReleaseParts() {}

  /** The process instance a release runs as, and the model version. */
  public record ProcessRef(String key, int version, String instanceId) {}

  public record RepositoryRef(String url, String fromRef, String toRef, String fromSha, String toSha) {}

  /** A gate's latest state; {@code coverage} is a percentage. */
  public record Gate(String name, String status, Instant reportedAt, String url, String summary, Integer testsTotal,
      Integer testsFailed, BigDecimal coverage) {}

  /**
   * A risk assessment: the level, the approvals it asks for, the facts it rested on, and which version of the risk
   * policy decided ({@code risk-policy:3}).
   */
  public record Risk(String level, List<String> requiredApprovals, Map<String, Object> facts, String policy,
      Instant assessedAt) {}

  /** A recorded human decision: its kind (the task kind), the decision, who, when, and the comment or reasoning. */
  public record Decision(String kind, String decision, String by, Instant at, String comment) {}

  /** An approval task that was overdue and escalated. */
  public record Escalation(String kind, String taskId, Instant overdueSince, Instant escalatedAt) {}

  /**
   * A deploy or rollback. {@code output} is an excerpt of at most {@code relman.evidence.output-excerpt} characters
   * (the first quarter and the last three quarters); the whole output is at
   * {@code GET /api/releases/{id}/deployments/{deploymentId}/output}.
   */
  public record Deployment(String environment, String action, String status, String deploymentId, Instant startedAt,
      Instant finishedAt, String deployer, int attempts, Integer exitCode, String failureReason, String reason,
      String output, int outputLength, boolean outputTruncated) {}

  /** One check of a soak: {@code value} null when there was no usable sample ({@code detail} says why). */
  public record Check(String environment, String name, Double value, Double threshold, boolean passed, Instant at,
      int round, Double min, Double max, String detail) {}

  /**
   * An environment of the promotion path: its state (PENDING, DEPLOYING, VERIFYING, MONITORING, PROMOTED, FAILED,
   * ROLLING_BACK, ROLLED_BACK) and why. Environments promoted before a failing one stay PROMOTED: they keep the version.
   */
  public record Environment(String name, String state, String reason, Instant changedAt) {}

  /** The post-release review or post-mortem ({@code kind}). */
  public record Review(String kind, String summary, String rootCause, String followUps, String by, Instant at) {}

  /** A step that failed for good and waits for an operator (Cockpit shows and retries it). */
  public record Incident(String step, String message) {}
}
