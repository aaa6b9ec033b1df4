package org.relman.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.approval.Approvals;
import org.relman.approval.Escalations;
import org.relman.change.Changes;
import org.relman.deploy.Deployments;
import org.relman.deploy.EnvironmentStates;
import org.relman.monitor.Checks;
import org.relman.gate.Gates;
import org.relman.process.ProcessProgress;
import org.relman.review.Reviews;
import org.relman.risk.RiskAssessments;
import org.springframework.stereotype.Component;

/** Assembles the release view from relman's tables (what the release is) and the engine (where it is). */
@Component
class ReleaseViews {

  private final Gates gates;
  private final Changes changes;
  private final Approvals approvals;
  private final Deployments deployments;
  private final Reviews reviews;
  private final EnvironmentStates environments;
  private final Checks checks;
  private final ProcessProgress progress;
  private final ObjectMapper json;
  private final RiskAssessments risks;
  private final Escalations escalations;

  ReleaseViews(Gates gates, Changes changes, Approvals approvals, Deployments deployments, Reviews reviews,
      EnvironmentStates environments, Checks checks, ProcessProgress progress, ObjectMapper json, RiskAssessments risks,
      Escalations escalations) {
    this.risks = risks;
    this.escalations = escalations;
    this.environments = environments;
    this.checks = checks;
    this.gates = gates;
    this.changes = changes;
    this.approvals = approvals;
    this.deployments = deployments;
    this.reviews = reviews;
    this.progress = progress;
    this.json = json;
  }

  ReleaseView of(Release r) {
    var where = progress.of(r.processInstanceId());
    return new ReleaseView(
        r.id(), r.version(), r.name(), r.services(), r.requestedBy(), r.requestedAt(), r.plannedStart(), r.hotfix(),
        r.status(), where.currentSteps(),
        new ReleaseView.ProcessRef(where.key(), where.version(), r.processInstanceId()),
        new ReleaseView.ChangesRef(changes.count(r.id())),
        gates.list(r.id()).stream().map(g -> new ReleaseView.GateView(g.name(), g.status().name(), g.reportedAt(), g.url(),
            g.summary(), g.testsTotal(), g.testsFailed(), g.coverage())).toList(),
        risks.latest(r.id()).map(a -> new ReleaseView.RiskView(a.level().name(), a.requiredApprovals(), a.facts(),
            a.decision(), a.assessedAt())).orElse(null),
        approvals.list(r.id()).stream().map(a -> new ReleaseView.ApprovalView(a.kind(), a.decision(), a.by(), a.at(),
            a.comment())).toList(),
        deployments.list(r.id()).stream().map(d -> new ReleaseView.DeploymentView(d.environment(), d.action().label(),
            d.status().name(), d.deploymentId(), d.startedAt(), d.finishedAt(), d.deployer().name(), d.attempts(),
            d.exitCode(), d.failureReason(), d.reason(), d.output())).toList(),
        checks.list(r.id()).stream().map(c -> new ReleaseView.CheckView(c.environment(), c.name(), c.value(), c.threshold(),
            c.passed(), c.at(), c.round(), c.min(), c.max(), c.detail())).toList(),
        r.cancelReason(), r.cancelledBy(), r.endedAt(),
        new ReleaseView.RepositoryView(r.repository().url(), r.repository().fromRef(), r.repository().toRef(), r.fromSha(),
            r.toSha()),
        environments.list(r.id()).stream().map(e -> new ReleaseView.EnvironmentView(e.environment(), e.state().name(),
            e.reason(), e.changedAt())).toList(),
        r.rollbackPlan(), r.facts(json),
        reviews.latest(r.id()).map(v -> new ReleaseView.ReviewView(v.kind(), v.summary(), v.rootCause(), v.followUps(),
            v.by(), v.at())).orElse(null),
        where.incidents().stream().map(p -> new ReleaseView.IncidentView(p.step(), p.message())).toList(),
        escalations.list(r.id()).stream().map(e -> new ReleaseView.EscalationView(e.kind(), e.taskId(), e.overdueSince(),
            e.escalatedAt())).toList());
  }
}
