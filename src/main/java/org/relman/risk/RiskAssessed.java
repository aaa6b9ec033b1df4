package org.relman.risk;

import java.util.LinkedHashMap;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/** The risk policy assessed a release: the level, the approvals asked for, the facts, and which policy version. */
public record RiskAssessed(Assessment assessment) implements AuditedEvent {

  @Override
  public Long releaseId() {
    return assessment.releaseId();
  }

  @Override
  public String action() {
    return "risk.assessed";
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("level", assessment.level().name());
    details.put("requiredApprovals", assessment.requiredApprovals());
    details.put("decision", assessment.decision());
    details.put("facts", assessment.facts());
    return details;
  }
}
