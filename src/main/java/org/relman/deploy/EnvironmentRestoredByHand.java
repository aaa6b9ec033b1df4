package org.relman.deploy;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** A release manager restored an environment by hand after every rollback attempt failed, and said what was done. */
public record EnvironmentRestoredByHand(Long releaseId, String environment, String by, String restoredVersion,
    String actions) implements AuditedEvent {

  @Override
  public String actor() {
    return by;
  }

  @Override
  public String action() {
    return "environment.restored-by-hand";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("environment", environment, "restoredVersion", restoredVersion, "actions", actions);
  }
}
