package org.relman.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A release moved on in one environment: deployed, verified, watched, promoted, failed, rolled back. */
public record EnvironmentStateChanged(Long releaseId, String environment, EnvironmentState from, EnvironmentState to,
    String reason) implements AuditedEvent {

  @Override
  public String action() {
    return "environment.state-changed";
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("environment", environment);
    details.put("from", from.name());
    details.put("to", to.name());
    details.put("reason", reason);
    return details;
  }
}
