package org.relman.view;

import org.relman.release.Release;
import org.springframework.stereotype.Component;

/** Assembles the release view from the read side's parts. */
@Component
public class ReleaseViews {

  private final ReleaseReader read;

  ReleaseViews(ReleaseReader read) {
    this.read = read;
  }

  public ReleaseView of(Release r) {
    var where = read.progress(r);
    long id = r.id();
    return new ReleaseView(id, r.version(), r.name(), r.services(), r.requestedBy(), r.requestedAt(), r.plannedStart(),
        r.hotfix(), r.status(), where.currentSteps(), read.process(r, where),
        new ReleaseView.ChangesRef(read.changeCount(id)), read.gates(id), read.latestRisk(id).orElse(null),
        read.decisions(id), read.deployments(id), read.checks(id), r.cancelReason(), r.cancelledBy(), r.endedAt(),
        read.repository(r), read.environments(id), r.rollbackPlan(), read.facts(r), read.review(id).orElse(null),
        read.incidents(where), read.escalations(id));
  }
}
