package org.relman.change;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** The change set of a release was read from git and stored. */
public record ChangeSetCollected(long id, String fromSha, String toSha, int commits) implements AuditedEvent {

  @Override
  public Long releaseId() {
    return id;
  }

  @Override
  public String actor() {
    return "relman";
  }

  @Override
  public String action() {
    return "changes.collected";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("fromSha", fromSha, "toSha", toSha, "commits", commits);
  }
}
