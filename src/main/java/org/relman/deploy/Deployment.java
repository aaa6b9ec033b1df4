package org.relman.deploy;

import java.time.Instant;

/**
 * One deploy or rollback of a release in an environment. {@code deploymentId} is what the target sees as
 * RELMAN_DEPLOYMENT_ID: the same on every retry of this deployment, so scripts can be idempotent.
 */
public record Deployment(String deploymentId, long releaseId, String environment, DeploymentAction action,
    DeploymentStatus status, String activityInstanceId, int attempts, Instant startedAt, Instant finishedAt,
    Integer exitCode, String output, String failureReason) {}
