package org.relman.gate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/** CI reported a gate result through the signed webhook. */
public record GateReported(Long releaseId, String gate, GateReport report, boolean counted) implements AuditedEvent {

  @Override
  public String actor() {
    return "ci";
  }

  @Override
  public String action() {
    return "gate.reported";
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("gate", gate);
    details.put("status", report.status().name());
    details.put("summary", report.summary());
    details.put("url", report.url());
    if (report.metrics() != null) {
      details.put("testsTotal", report.metrics().testsTotal());
      details.put("testsFailed", report.metrics().testsFailed());
      details.put("coverage", report.metrics().coverage());
    }
    // false: the release is not waiting for this gate yet; the report counts when the wait begins
    details.put("waitingRelease", counted);
    return details;
  }
}
