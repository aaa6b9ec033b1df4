package org.relman.view;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.approval.Approvals;
import org.relman.approval.Escalations;
import org.relman.change.ChangeSet;
import org.relman.change.Changes;
import org.relman.deploy.Deployments;
import org.relman.deploy.EnvironmentStates;
import org.relman.gate.Gates;
import org.relman.monitor.Soak;
import org.relman.monitor.Checks;
import org.relman.monitor.Soaks;
import org.relman.process.ProcessProgress;
import org.relman.release.Release;
import org.relman.review.Reviews;
import org.relman.risk.Assessment;
import org.relman.risk.RiskAssessments;
import org.springframework.stereotype.Component;

/**
 * The read side: reads each part of a release once, from the capability that owns it (what the release is) and from the
 * engine (where it is), as the {@link ReleaseParts} that the release view and the evidence bundle are made of.
 */
@Component
public class ReleaseReader {

  private final Gates gates;
  private final Changes changes;
  private final RiskAssessments risks;
  private final Approvals approvals;
  private final Escalations escalations;
  private final Deployments deployments;
  private final EnvironmentStates environments;
  private final Checks checks;
  private final Soaks soaks;
  private final Reviews reviews;
  private final ProcessProgress progress;
  private final ObjectMapper json;
  private final EvidenceProperties properties;

  ReleaseReader(Gates gates, Changes changes, RiskAssessments risks, Approvals approvals, Escalations escalations,
      Deployments deployments, EnvironmentStates environments, Checks checks, Soaks soaks, Reviews reviews,
      ProcessProgress progress, ObjectMapper json, EvidenceProperties properties) {
    this.gates = gates;
    this.changes = changes;
    this.risks = risks;
    this.approvals = approvals;
    this.escalations = escalations;
    this.deployments = deployments;
    this.environments = environments;
    this.checks = checks;
    this.soaks = soaks;
    this.reviews = reviews;
    this.progress = progress;
    this.json = json;
    this.properties = properties;
  }

  /** Where the release's process is: its model version, current steps and incidents. */
  public ProcessProgress.Progress progress(Release r) {
    return progress.of(r.processInstanceId());
  }

  public ReleaseParts.ProcessRef process(Release r, ProcessProgress.Progress where) {
    return new ReleaseParts.ProcessRef(where.key(), where.version(), r.processInstanceId());
  }

  public List<ReleaseParts.Incident> incidents(ProcessProgress.Progress where) {
    return where.incidents().stream().map(p -> new ReleaseParts.Incident(p.step(), p.message())).toList();
  }

  public ReleaseParts.RepositoryRef repository(Release r) {
    return new ReleaseParts.RepositoryRef(r.repository().url(), r.repository().fromRef(), r.repository().toRef(),
        r.fromSha(), r.toSha());
  }

  public java.util.Map<String, Object> facts(Release r) {
    return r.facts(json);
  }

  public int changeCount(long releaseId) {
    return changes.count(releaseId);
  }

  public ChangeSet changeSet(Release r) {
    return new ChangeSet(r.fromSha(), r.toSha(), changes.list(r.id()), changes.files(r.id()));
  }

  public List<ReleaseParts.Gate> gates(long releaseId) {
    return gates.list(releaseId).stream().map(g -> new ReleaseParts.Gate(g.name(), g.status().name(), g.reportedAt(),
        g.url(), g.summary(), g.testsTotal(), g.testsFailed(), g.coverage())).toList();
  }

  /** Every risk assessment, the latest last. */
  public List<ReleaseParts.Risk> risks(long releaseId) {
    return risks.list(releaseId).stream().map(ReleaseReader::risk).toList();
  }

  public Optional<ReleaseParts.Risk> latestRisk(long releaseId) {
    return risks.latest(releaseId).map(ReleaseReader::risk);
  }

  /** Every recorded decision (approvals, go/no-go, freeze exceptions), oldest first. */
  public List<ReleaseParts.Decision> decisions(long releaseId) {
    return approvals.list(releaseId).stream()
        .map(a -> new ReleaseParts.Decision(a.kind(), a.decision(), a.by(), a.at(), a.comment())).toList();
  }

  public List<ReleaseParts.Escalation> escalations(long releaseId) {
    return escalations.list(releaseId).stream()
        .map(e -> new ReleaseParts.Escalation(e.kind(), e.taskId(), e.overdueSince(), e.escalatedAt())).toList();
  }

  public List<ReleaseParts.Deployment> deployments(long releaseId) {
    int limit = properties.outputExcerpt();
    // the excerpts are cut by the database: however long the outputs, the view never loads them whole
    return deployments.listWithExcerpts(releaseId, limit).stream().map(e -> {
      var d = e.deployment();
      return new ReleaseParts.Deployment(d.environment(), d.action().label(), d.status().name(), d.deploymentId(),
          d.startedAt(), d.finishedAt(), d.deployer().name(), d.attempts(), d.exitCode(), d.failureReason(), d.reason(),
          d.output(), e.outputLength(), e.outputLength() > limit);
    }).toList();
  }

  /** The whole output of one of the release's deployments, if it is one of the release's. */
  public Optional<String> output(long releaseId, String deploymentId) {
    return deployments.find(deploymentId).filter(d -> d.releaseId() == releaseId)
        .map(d -> d.output() == null ? "" : d.output());
  }

  public List<ReleaseParts.Check> checks(long releaseId) {
    return checks.list(releaseId).stream().map(c -> new ReleaseParts.Check(c.environment(), c.name(), c.value(),
        c.threshold(), c.passed(), c.at(), c.round(), c.min(), c.max(), c.detail())).toList();
  }

  public List<Soak> soaks(long releaseId) {
    return soaks.list(releaseId);
  }

  public List<ReleaseParts.Environment> environments(long releaseId) {
    return environments.list(releaseId).stream().map(e -> new ReleaseParts.Environment(e.environment(), e.state().name(),
        e.reason(), e.changedAt())).toList();
  }

  public Optional<ReleaseParts.Review> review(long releaseId) {
    return reviews.latest(releaseId).map(v -> new ReleaseParts.Review(v.kind(), v.summary(), v.rootCause(),
        v.followUps(), v.by(), v.at()));
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

  private static ReleaseParts.Risk risk(Assessment a) {
    return new ReleaseParts.Risk(a.level().name(), a.requiredApprovals(), a.facts(), a.decision(), a.assessedAt());
  }
}
