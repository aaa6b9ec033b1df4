package org.relman.deploy;

import java.time.Instant;

/**
 * One deploy or rollback of a release in an environment. {@code deploymentId} is what the target sees as
 * RELMAN_DEPLOYMENT_ID: the same on every retry of this deployment, so scripts can be idempotent. {@code reason} says
 * why a rollback happened. The remaining fields let a redelivery or a callback find the deployment in flight: the
 * external task and its worker, the callback deadline of a webhook, the process of a command.
 */
public record Deployment(String deploymentId, long releaseId, String environment, DeploymentAction action,
    Deployer deployer, DeploymentStatus status, String activityInstanceId, int attempts, Instant startedAt,
    Instant finishedAt, Integer exitCode, String output, String failureReason, String reason, String externalTaskId,
    String workerId, Instant callbackDeadline, Long pid, Instant pidStartedAt, String pidHost) {

  /** How a deployment reaches its target. */
  public enum Deployer { COMMAND, WEBHOOK }

  public boolean running() {
    return status == DeploymentStatus.RUNNING;
  }
}
