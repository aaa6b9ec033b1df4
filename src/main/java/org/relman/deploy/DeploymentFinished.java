package org.relman.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A deploy or rollback ended; the output itself stays on the deployment record. */
public record DeploymentFinished(Long releaseId, String deploymentId, String environment, DeploymentAction deploymentAction,
    DeploymentStatus status, Integer exitCode, String failureReason) implements AuditedEvent {

  @Override
  public String action() {
    return deploymentAction == DeploymentAction.DEPLOY ? "deployment.finished" : "rollback.finished";
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("deploymentId", deploymentId);
    details.put("environment", environment);
    details.put("status", status.name());
    details.put("exitCode", exitCode);
    details.put("failureReason", failureReason);
    return details;
  }
}
