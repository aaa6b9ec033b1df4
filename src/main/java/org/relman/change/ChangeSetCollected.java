package org.relman.change;

import java.util.Map;

import org.relman.audit.AuditedEvent;

/** The change set of a release was read from git and stored. */
public record ChangeSetCollected(Long releaseId, String fromSha, String toSha, int commits, int files, int linesChanged)
    implements AuditedEvent {

  @Override
  public String action() {
    return "changes.collected";
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("fromSha", fromSha, "toSha", toSha, "commits", commits, "files", files, "linesChanged", linesChanged);
  }
}
