package org.relman.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import org.relman.audit.AuditLog;
import org.relman.change.Commit;
import org.relman.change.FileChange;

/**
 * Everything an auditor asks about one release, as of one moment: {@code auditHead} is the head of the audit chain
 * right after this export's own {@code evidence.exported} event, which is the last of {@code auditEvents}; every other
 * section was read in the same transaction, while the chain was locked, so nothing in it is newer than that head.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EvidenceBundle(
    String format,
    Instant exportedAt,
    String exportedBy,
    ReleaseSection release,
    ChangeSetSection changeSet,
    List<GateSection> gates,
    List<AuditLog.Entry> gateFailureDecisions,
    RiskSection risk,
    FreezeSection freezes,
    List<ReleaseParts.Decision> approvals,
    List<ReleaseParts.Escalation> escalations,
    List<ReleaseParts.Decision> goNoGo,
    List<EnvironmentSection> environments,
    ReleaseParts.Review review,
    List<NotesSection> releaseNotes,
    List<AuditLog.Entry> auditEvents,
    AuditHead auditHead) {

  /** Version of the bundle's layout; a change that removes or renames a field gets a new one. */
  public static final String FORMAT = "relman-evidence/1";

  public record ReleaseSection(long id, String version, String name, List<String> services, String requestedBy,
      Instant requestedAt, Instant plannedStart, List<Reschedule> plannedStartHistory, boolean hotfix, String status,
      List<String> currentSteps, ReleaseParts.ProcessRef process, ReleaseParts.RepositoryRef repository, String rollbackPlan,
      Map<String, Object> facts, String cancelReason, String cancelledBy, Instant endedAt) {}

  /** A move of the planned start (a go/no-go reschedule, or a refused freeze exception), from the audit trail. */
  public record Reschedule(long auditSeq, Instant at, String by, Instant previousStart, Instant newStart, String reason) {}

  public record ChangeSetSection(String fromSha, String toSha, int commitCount, int filesChanged, int linesAdded,
      int linesDeleted, List<Commit> commits, List<FileChange> files) {}

  /** A gate's latest state and every report or timeout it had, from the audit trail (CI reports as {@code ci}). */
  public record GateSection(@JsonUnwrapped ReleaseParts.Gate gate, List<AuditLog.Entry> history) {}

  /** The latest risk assessment and every one before it, oldest first. */
  public record RiskSection(ReleaseParts.Risk latest, List<ReleaseParts.Risk> assessments) {}

  /** Freeze exceptions asked for the release (granted or refused) and freezes a hotfix overrode. */
  public record FreezeSection(List<ReleaseParts.Decision> exceptions, List<FreezeOverride> overrides) {}

  public record FreezeOverride(long auditSeq, Instant at, JsonNode freeze) {}

  /** An environment with everything that happened in it. */
  public record EnvironmentSection(@JsonUnwrapped ReleaseParts.Environment environment,
      List<ReleaseParts.Deployment> deployments, SoakEntry soak, List<ReleaseParts.Check> checks) {}

  public record SoakEntry(String status, Instant startedAt, Instant endsAt, int rounds, int consecutiveBreaches,
      String reason, Instant finishedAt) {}

  /** The release notes of an audience: {@code final} with the hash recorded when they froze, or {@code draft}. */
  public record NotesSection(String audience, String state, String sha256, Instant frozenAt) {}

  /**
   * The audit chain's head at export time, {@code recordedAfter} this export's own {@code evidence.exported} event:
   * {@code GET /api/audit/verify} answers the same {@code head} until the next event is appended.
   */
  public record AuditHead(long seq, String hash, String recordedAfter) {}
}
