package org.relman.deploy;

import java.util.List;

/**
 * Everything a deploy target learns about the deployment it is asked to make: as RELMAN_* variables for a command,
 * as the JSON body of a webhook. {@code reason} says why, for a rollback.
 */
public record DeploymentRequest(long releaseId, String version, List<String> services, String environment,
    DeploymentAction action, String deploymentId, int attempt, String revision, String reason) {}
