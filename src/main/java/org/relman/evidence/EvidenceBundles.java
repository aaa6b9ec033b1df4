package org.relman.evidence;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.shared.Db;
import org.relman.approval.Approval;
import org.relman.approval.Approvals;
import org.relman.approval.Escalations;
import org.relman.audit.AuditLog;
import org.relman.change.ChangeSet;
import org.relman.change.Changes;
import org.relman.change.FileChange;
import org.relman.deploy.Deployment;
import org.relman.deploy.Deployments;
import org.relman.deploy.EnvironmentStates;
import org.relman.gate.Gates;
import org.relman.monitor.Checks;
import org.relman.monitor.Soaks;
import org.relman.notes.Audience;
import org.relman.notes.FinalNotes;
import org.relman.process.ProcessProgress;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.review.Reviews;
import org.relman.risk.RiskAssessments;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.relman.shared.NotFound;

/**
 * Assembles a release's evidence bundle from relman's tables, the engine and the audit trail, and records the export.
 * The export's audit event is appended first: that locks the chain's head until the transaction ends, so the bundle is
 * read while no other change can be audited, and its head is the export event itself.
 */
@Service
class EvidenceBundles {

  private static final String APPROVAL_KIND_GO_NO_GO = "go-no-go";
  private static final String APPROVAL_KIND_FREEZE_EXCEPTION = "freeze-exception";

  private final Releases releases;
  private final Changes changes;
  private final Gates gates;
  private final RiskAssessments risks;
  private final Approvals approvals;
  private final Escalations escalations;
  private final Deployments deployments;
  private final EnvironmentStates environments;
  private final Soaks soaks;
  private final Checks checks;
  private final Reviews reviews;
  private final FinalNotes notes;
  private final AuditLog audit;
  private final ProcessProgress progress;
  private final ApplicationEventPublisher events;
  private final ObjectMapper json;
  private final Clock clock;
  private final EvidenceProperties properties;

  EvidenceBundles(Releases releases, Changes changes, Gates gates, RiskAssessments risks, Approvals approvals,
      Escalations escalations, Deployments deployments, EnvironmentStates environments, Soaks soaks, Checks checks,
      Reviews reviews, FinalNotes notes, AuditLog audit, ProcessProgress progress, ApplicationEventPublisher events,
      ObjectMapper json, Clock clock, EvidenceProperties properties) {
    this.releases = releases;
    this.changes = changes;
    this.gates = gates;
    this.risks = risks;
    this.approvals = approvals;
    this.escalations = escalations;
    this.deployments = deployments;
    this.environments = environments;
    this.soaks = soaks;
    this.checks = checks;
    this.reviews = reviews;
    this.notes = notes;
    this.audit = audit;
    this.progress = progress;
    this.events = events;
    this.json = json;
    this.clock = clock;
    this.properties = properties;
  }

  /** Records the export by {@code user} in {@code format} and returns the bundle; 404 for an unknown release. */
  @Transactional
  public EvidenceBundle export(long id, String user, String format) {
    releases.find(id).orElseThrow(() -> new NotFound("Release " + id + " does not exist"));
    events.publishEvent(new EvidenceExported(id, user, format));
    AuditLog.Head head = audit.head();
    Release r = releases.find(id).orElseThrow();
    List<AuditLog.Entry> trail = audit.forRelease(id);
    // the export's own event is the head: its time is the export's
    Instant exportedAt = trail.stream().filter(e -> e.seq() == head.seq()).map(AuditLog.Entry::at).findFirst()
        .orElseGet(() -> Db.now(clock));
    List<Approval> decisions = approvals.list(id);
    return new EvidenceBundle(EvidenceBundle.FORMAT, exportedAt, user,
        release(r, trail),
        changeSet(r),
        gates.list(id).stream().map(g -> new EvidenceBundle.GateSection(g.name(), g.status().name(), g.reportedAt(),
            g.summary(), g.url(), g.testsTotal(), g.testsFailed(), g.coverage(), trail.stream()
                .filter(e -> e.action().equals("gate.reported") || e.action().equals("gate.timed-out"))
                .filter(e -> g.name().equals(e.details().path("gate").asText(null)))
                .toList())).toList(),
        trail.stream().filter(e -> e.action().equals("task.completed"))
            .filter(e -> "gate-failure".equals(e.details().path("kind").asText(null))).toList(),
        risk(id),
        new EvidenceBundle.FreezeSection(
            decisions.stream().filter(a -> a.kind().equals(APPROVAL_KIND_FREEZE_EXCEPTION)).map(EvidenceBundles::decision).toList(),
            trail.stream().filter(e -> e.action().equals("freeze.overridden"))
                .map(e -> new EvidenceBundle.FreezeOverride(e.seq(), e.at(), e.details())).toList()),
        decisions.stream().filter(a -> !a.kind().equals(APPROVAL_KIND_FREEZE_EXCEPTION)
            && !a.kind().equals(APPROVAL_KIND_GO_NO_GO)).map(EvidenceBundles::decision).toList(),
        escalations.list(id),
        decisions.stream().filter(a -> a.kind().equals(APPROVAL_KIND_GO_NO_GO)).map(EvidenceBundles::decision).toList(),
        environments(r),
        reviews.latest(id).map(v -> new EvidenceBundle.ReviewSection(v.kind(), v.summary(), v.rootCause(), v.followUps(),
            v.by(), v.at())).orElse(null),
        java.util.Arrays.stream(Audience.values()).map(a -> notes.find(id, a)
            .map(f -> new EvidenceBundle.NotesSection(a.label(), "final", f.sha256(), f.frozenAt()))
            .orElse(new EvidenceBundle.NotesSection(a.label(), "draft", null, null))).toList(),
        trail,
        new EvidenceBundle.AuditHead(head.seq(), head.hash(), EvidenceExported.ACTION));
  }

  private EvidenceBundle.ReleaseSection release(Release r, List<AuditLog.Entry> trail) {
    var where = progress.of(r.processInstanceId());
    List<EvidenceBundle.Reschedule> moves = trail.stream().filter(e -> e.action().equals("release.rescheduled"))
        .map(e -> new EvidenceBundle.Reschedule(e.seq(), e.at(), e.actor(), instant(e.details().path("previousStart")),
            instant(e.details().path("newStart")), e.details().path("reason").asText(null)))
        .toList();
    return new EvidenceBundle.ReleaseSection(r.id(), r.version(), r.name(), r.services(), r.requestedBy(),
        r.requestedAt(), r.plannedStart(), moves, r.hotfix(), r.status().name(), where.currentSteps(),
        new EvidenceBundle.ProcessRef(where.key(), where.version(), r.processInstanceId()),
        new EvidenceBundle.RepositoryRef(r.repository().url(), r.repository().fromRef(), r.repository().toRef(),
            r.fromSha(), r.toSha()),
        r.rollbackPlan(), r.facts(json), r.cancelReason(), r.cancelledBy(), r.endedAt());
  }

  private EvidenceBundle.ChangeSetSection changeSet(Release r) {
    List<FileChange> files = changes.files(r.id());
    var commits = changes.list(r.id());
    var set = new ChangeSet(r.fromSha(), r.toSha(), commits, files);
    int added = files.stream().mapToInt(FileChange::added).sum();
    return new EvidenceBundle.ChangeSetSection(r.fromSha(), r.toSha(), commits.size(), files.size(), added,
        set.linesChanged() - added, commits, files);
  }

  private EvidenceBundle.RiskSection risk(long id) {
    List<EvidenceBundle.Assessment> all = risks.list(id).stream().map(a -> new EvidenceBundle.Assessment(a.level().name(),
        a.requiredApprovals(), a.decision(), a.assessedAt(), a.facts())).toList();
    return new EvidenceBundle.RiskSection(all.isEmpty() ? null : all.get(all.size() - 1), all);
  }

  private List<EvidenceBundle.EnvironmentSection> environments(Release r) {
    List<Deployment> all = deployments.list(r.id());
    var allSoaks = soaks.list(r.id());
    var allChecks = checks.list(r.id());
    List<EvidenceBundle.EnvironmentSection> result = new ArrayList<>();
    for (var e : environments.list(r.id())) {
      String name = e.environment();
      result.add(new EvidenceBundle.EnvironmentSection(name, e.state().name(), e.reason(), e.changedAt(),
          all.stream().filter(d -> d.environment().equals(name)).map(this::deployment).toList(),
          allSoaks.stream().filter(s -> s.environment().equals(name)).findFirst()
              .map(s -> new EvidenceBundle.SoakEntry(s.status().name(), s.startedAt(), s.endsAt(), s.rounds(),
                  s.consecutiveBreaches(), s.reason(), s.finishedAt())).orElse(null),
          allChecks.stream().filter(c -> c.environment().equals(name))
              .map(c -> new EvidenceBundle.CheckEntry(c.round(), c.name(), c.value(), c.min(), c.max(), c.passed(),
                  c.detail(), c.at())).toList()));
    }
    return result;
  }

  private EvidenceBundle.DeploymentEntry deployment(Deployment d) {
    String output = d.output();
    int length = output == null ? 0 : output.length();
    String excerpt = excerpt(output, properties.outputExcerpt());
    return new EvidenceBundle.DeploymentEntry(d.action().label(), d.status().name(), d.deploymentId(), d.deployer().name(),
        d.attempts(), d.startedAt(), d.finishedAt(), d.exitCode(), d.failureReason(), d.reason(), excerpt, length,
        length > properties.outputExcerpt());
  }

  /** The first quarter and the last three quarters of at most {@code limit} characters: what ran, and how it ended. */
  static String excerpt(String output, int limit) {
    if (output == null || output.length() <= limit) {
      return output;
    }
    int head = limit / 4;
    int tail = limit - head;
    int omitted = output.length() - head - tail;
    return output.substring(0, head) + "\n[... " + omitted + " characters omitted ...]\n"
        + output.substring(output.length() - tail);
  }

  private static EvidenceBundle.Decision decision(Approval a) {
    return new EvidenceBundle.Decision(a.kind(), a.decision(), a.by(), a.at(), a.comment());
  }

  private static Instant instant(JsonNode node) {
    return node.isTextual() ? Instant.parse(node.asText()) : null;
  }
}
