package org.relman.gate;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** No result arrived within {@code relman.gates.timeout}. */
public record GateTimedOut(Long releaseId, String gate, String timeout) implements AuditedEvent {

  @Override
  public String action() {
    return "gate.timed-out";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("gate", gate, "timeout", timeout);
  }
}
