package org.relman.view;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.relman.audit.AuditLog;
import org.relman.change.ChangeSet;
import org.relman.change.FileChange;
import org.relman.notes.Audience;
import org.relman.notes.FinalNotes;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.shared.Db;
import org.relman.shared.NotFound;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Assembles a release's evidence bundle from the read side's parts and the audit trail, and records the export. The
 * export's audit event is appended first: that locks the chain's head until the transaction ends, so the bundle is
 * read while no other change can be audited, and its head is the export event itself.
 */
@Service
class EvidenceBundles {

  private static final String GO_NO_GO = "go-no-go";
  private static final String FREEZE_EXCEPTION = "freeze-exception";

  private final Releases releases;
  private final ReleaseReader read;
  private final FinalNotes notes;
  private final AuditLog audit;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  EvidenceBundles(Releases releases, ReleaseReader read, FinalNotes notes, AuditLog audit,
      ApplicationEventPublisher events, Clock clock) {
    this.releases = releases;
    this.read = read;
    this.notes = notes;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
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
    List<ReleaseParts.Decision> decisions = read.decisions(id);
    List<ReleaseParts.Risk> risks = read.risks(id);
    return new EvidenceBundle(EvidenceBundle.FORMAT, exportedAt, user,
        release(r, trail),
        changeSet(r),
        read.gates(id).stream().map(g -> new EvidenceBundle.GateSection(g, trail.stream()
            .filter(e -> e.action().equals("gate.reported") || e.action().equals("gate.timed-out"))
            .filter(e -> g.name().equals(e.details().path("gate").asText(null)))
            .toList())).toList(),
        trail.stream().filter(e -> e.action().equals("task.completed"))
            .filter(e -> "gate-failure".equals(e.details().path("kind").asText(null))).toList(),
        new EvidenceBundle.RiskSection(risks.isEmpty() ? null : risks.get(risks.size() - 1), risks),
        new EvidenceBundle.FreezeSection(
            decisions.stream().filter(d -> d.kind().equals(FREEZE_EXCEPTION)).toList(),
            trail.stream().filter(e -> e.action().equals("freeze.overridden"))
                .map(e -> new EvidenceBundle.FreezeOverride(e.seq(), e.at(), e.details())).toList()),
        decisions.stream().filter(d -> !d.kind().equals(FREEZE_EXCEPTION) && !d.kind().equals(GO_NO_GO)).toList(),
        read.escalations(id),
        decisions.stream().filter(d -> d.kind().equals(GO_NO_GO)).toList(),
        environments(id),
        read.review(id).orElse(null),
        Arrays.stream(Audience.values()).map(a -> notes.find(id, a)
            .map(f -> new EvidenceBundle.NotesSection(a.label(), "final", f.sha256(), f.frozenAt()))
            .orElse(new EvidenceBundle.NotesSection(a.label(), "draft", null, null))).toList(),
        trail,
        new EvidenceBundle.AuditHead(head.seq(), head.hash(), EvidenceExported.ACTION));
  }

  private EvidenceBundle.ReleaseSection release(Release r, List<AuditLog.Entry> trail) {
    var where = read.progress(r);
    List<EvidenceBundle.Reschedule> moves = trail.stream().filter(e -> e.action().equals("release.rescheduled"))
        .map(e -> new EvidenceBundle.Reschedule(e.seq(), e.at(), e.actor(), instant(e.details().path("previousStart")),
            instant(e.details().path("newStart")), e.details().path("reason").asText(null)))
        .toList();
    return new EvidenceBundle.ReleaseSection(r.id(), r.version(), r.name(), r.services(), r.requestedBy(),
        r.requestedAt(), r.plannedStart(), moves, r.hotfix(), r.status().name(), where.currentSteps(),
        read.process(r, where), read.repository(r), r.rollbackPlan(), read.facts(r), r.cancelReason(), r.cancelledBy(),
        r.endedAt());
  }

  private EvidenceBundle.ChangeSetSection changeSet(Release r) {
    ChangeSet set = read.changeSet(r);
    List<FileChange> files = set.files();
    int added = files.stream().mapToInt(FileChange::added).sum();
    return new EvidenceBundle.ChangeSetSection(r.fromSha(), r.toSha(), set.commits().size(), files.size(), added,
        set.linesChanged() - added, set.commits(), files);
  }

  private List<EvidenceBundle.EnvironmentSection> environments(long id) {
    var deployments = read.deployments(id);
    var soaks = read.soaks(id);
    var checks = read.checks(id);
    return read.environments(id).stream().map(e -> new EvidenceBundle.EnvironmentSection(e,
        deployments.stream().filter(d -> d.environment().equals(e.name())).toList(),
        soaks.stream().filter(s -> s.environment().equals(e.name())).findFirst()
            .map(s -> new EvidenceBundle.SoakEntry(s.status().name(), s.startedAt(), s.endsAt(), s.rounds(),
                s.consecutiveBreaches(), s.reason(), s.finishedAt())).orElse(null),
        checks.stream().filter(c -> c.environment().equals(e.name())).toList())).toList();
  }

  private static Instant instant(JsonNode node) {
    return node.isTextual() ? Instant.parse(node.asText()) : null;
  }
}
