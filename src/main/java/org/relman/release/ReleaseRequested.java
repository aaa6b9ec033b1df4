package org.relman.release;

import java.util.LinkedHashMap;
import java.util.Map;

import org.relman.audit.AuditedEvent;

/** Someone asked for a release; everything they asked for is in the audit record. */
public record ReleaseRequested(Release release) implements AuditedEvent {

  @Override
  public Long releaseId() {
    return release.id();
  }

  @Override
  public String actor() {
    return release.requestedBy();
  }

  @Override
  public String action() {
    return "release.requested";
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", release.version());
    details.put("name", release.name());
    details.put("services", release.services());
    details.put("environments", release.environments());
    details.put("plannedStart", release.plannedStart().toString());
    details.put("hotfix", release.hotfix());
    details.put("rollbackPlan", release.rollbackPlan());
    details.put("repository", Map.of("url", release.repository().url(), "fromRef", release.repository().fromRef(),
        "toRef", release.repository().toRef()));
    details.put("facts", release.factsJson());
    return details;
  }
}
