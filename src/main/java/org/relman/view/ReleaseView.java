package org.relman.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.relman.release.ReleaseStatus;

/** A release as the API shows it (API.md, "Releases"); the fields below {@code cancelReason} are additions. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReleaseView(
    long id,
    String version,
    String name,
    List<String> services,
    String requestedBy,
    Instant requestedAt,
    Instant plannedStart,
    boolean hotfix,
    ReleaseStatus status,
    List<String> currentSteps,
    ReleaseParts.ProcessRef process,
    ChangesRef changes,
    List<ReleaseParts.Gate> gates,
    ReleaseParts.Risk risk,
    List<ReleaseParts.Decision> approvals,
    List<ReleaseParts.Deployment> deployments,
    List<ReleaseParts.Check> checks,
    String cancelReason,
    String cancelledBy,
    Instant endedAt,
    ReleaseParts.RepositoryRef repository,
    List<ReleaseParts.Environment> environments,
    String rollbackPlan,
    Map<String, Object> facts,
    ReleaseParts.Review review,
    List<ReleaseParts.Incident> incidents,
    List<ReleaseParts.Escalation> escalations) {

  public record ChangesRef(int count) {}
}
