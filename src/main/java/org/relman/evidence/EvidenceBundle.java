package org.relman.evidence;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.relman.approval.Escalations;
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
    List<Decision> approvals,
    List<Escalations.Escalation> escalations,
    List<Decision> goNoGo,
    List<EnvironmentSection> environments,
    ReviewSection review,
    List<NotesSection> releaseNotes,
    List<AuditLog.Entry> auditEvents,
    AuditHead auditHead) {

  /** Version of the bundle's layout; a change that removes or renames a field gets a new one. */
  public static final String FORMAT = "relman-evidence/1";

  public record ReleaseSection(long id, String version, String name, List<String> services, String requestedBy,
      Instant requestedAt, Instant plannedStart, List<Reschedule> plannedStartHistory, boolean hotfix, String status,
      List<String> currentSteps, ProcessRef process, RepositoryRef repository, String rollbackPlan,
      Map<String, Object> facts, String cancelReason, String cancelledBy, Instant endedAt) {}

  /** A move of the planned start (a go/no-go reschedule, or a refused freeze exception), from the audit trail. */
  public record Reschedule(long auditSeq, Instant at, String by, Instant previousStart, Instant newStart, String reason) {}

  public record ProcessRef(String key, int version, String instanceId) {}

  public record RepositoryRef(String url, String fromRef, String toRef, String fromSha, String toSha) {}

  public record ChangeSetSection(String fromSha, String toSha, int commitCount, int filesChanged, int linesAdded,
      int linesDeleted, List<Commit> commits, List<FileChange> files) {}

  /** A gate's latest state and every report or timeout it had, from the audit trail (CI reports as {@code ci}). */
  public record GateSection(String name, String status, Instant reportedAt, String summary, String url,
      Integer testsTotal, Integer testsFailed, BigDecimal coverage, List<AuditLog.Entry> history) {}

  public record RiskSection(Assessment latest, List<Assessment> assessments) {}

  /** {@code policy}: the decision and its deployed version that judged the release ({@code risk-policy:3}). */
  public record Assessment(String level, List<String> requiredApprovals, String policy, Instant assessedAt,
      Map<String, Object> facts) {}

  /** Freeze exceptions asked for the release (granted or refused) and freezes a hotfix overrode. */
  public record FreezeSection(List<Decision> exceptions, List<FreezeOverride> overrides) {}

  public record FreezeOverride(long auditSeq, Instant at, JsonNode freeze) {}

  /** A recorded human decision: its kind (the task kind), the decision, who, when, and the comment or reasoning. */
  public record Decision(String kind, String decision, String by, Instant at, String comment) {}

  public record EnvironmentSection(String name, String state, String reason, Instant changedAt,
      List<DeploymentEntry> deployments, SoakEntry soak, List<CheckEntry> checks) {}

  /** A deploy or rollback; {@code output} is an excerpt of at most {@code relman.evidence.output-excerpt} characters. */
  public record DeploymentEntry(String action, String status, String deploymentId, String deployer, int attempts,
      Instant startedAt, Instant finishedAt, Integer exitCode, String failureReason, String reason, String output,
      int outputLength, boolean outputTruncated) {}

  public record SoakEntry(String status, Instant startedAt, Instant endsAt, int rounds, int consecutiveBreaches,
      String reason, Instant finishedAt) {}

  public record CheckEntry(int round, String name, Double value, Double min, Double max, boolean passed, String detail,
      Instant at) {}

  /** The post-release review or post-mortem ({@code kind}). */
  public record ReviewSection(String kind, String summary, String rootCause, String followUps, String by, Instant at) {}

  /** The release notes of an audience: {@code final} with the hash recorded when they froze, or {@code draft}. */
  public record NotesSection(String audience, String state, String sha256, Instant frozenAt) {}

  /**
   * The audit chain's head at export time, {@code recordedAfter} this export's own {@code evidence.exported} event:
   * {@code GET /api/audit/verify} answers the same {@code head} until the next event is appended.
   */
  public record AuditHead(long seq, String hash, String recordedAfter) {}
}
