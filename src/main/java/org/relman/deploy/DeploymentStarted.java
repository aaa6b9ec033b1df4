package org.relman.deploy;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A deploy or rollback began (attempt 1) or began again after a crash or failure (attempt 2 and on). */
public record DeploymentStarted(Long releaseId, String deploymentId, String environment, DeploymentAction deploymentAction,
    Deployment.Deployer deployer, int attempt, String reason) implements AuditedEvent {

  @Override
  public String action() {
    return deploymentAction == DeploymentAction.DEPLOY ? "deployment.started" : "rollback.started";
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("deploymentId", deploymentId);
    details.put("environment", environment);
    details.put("deployer", deployer.name());
    details.put("attempt", attempt);
    details.put("reason", reason);
    return details;
  }
}
