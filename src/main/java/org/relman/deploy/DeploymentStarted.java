package org.relman.deploy;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A deploy or rollback began (attempt 1) or began again after a crash or failure (attempt 2 and on). */
public record DeploymentStarted(Long releaseId, String deploymentId, String environment, DeploymentAction deploymentAction,
    int attempt) implements AuditedEvent {

  @Override
  public String action() {
    return deploymentAction == DeploymentAction.DEPLOY ? "deployment.started" : "rollback.started";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("deploymentId", deploymentId, "environment", environment, "attempt", attempt);
  }
}
