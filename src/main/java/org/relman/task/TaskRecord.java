package org.relman.task;

import java.time.Instant;
import java.util.List;

/**
 * What a human step is, as relman recorded it when the engine created the task: its kind (which form, which rules),
 * the groups that may work on it, and who requested the release. Never taken from process variables.
 */
public record TaskRecord(String taskId, long releaseId, String kind, List<String> candidateGroups, String requestedBy,
    Instant createdAt) {

  public TaskRecord {
    candidateGroups = List.copyOf(candidateGroups);
  }

  public boolean offeredTo(List<String> groups) {
    return groups != null && groups.stream().anyMatch(candidateGroups::contains);
  }
}
