package org.relman.calendar;

import java.time.Instant;
import java.util.List;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.relman.approval.Approval;
import org.relman.approval.Approvals;
import org.relman.process.BusinessKey;
import org.relman.process.ModelBean;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.shared.Markdown;
import org.springframework.stereotype.Component;

/**
 * "Check calendar again", when the window opens: a freeze created after the go/no-go decided GO now covers the
 * window ({@code insideFreeze}), so the release goes back to the calendar instead of deploying into it. Freezes the
 * go/no-go already knew of (an exception was granted, or they were decided on) do not stop it again.
 */
@ModelBean
@Component("recheckCalendar")
class RecheckCalendar implements JavaDelegate {

  private final Releases releases;
  private final ReleaseCalendar calendar;
  private final Approvals approvals;

  RecheckCalendar(Releases releases, ReleaseCalendar calendar, Approvals approvals) {
    this.releases = releases;
    this.calendar = calendar;
    this.approvals = approvals;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Release release = releases.find(BusinessKey.releaseId(execution)).orElseThrow();
    Instant decided = approvals.latest(release.id(), "go-no-go").map(Approval::at).orElse(Instant.MIN);
    List<Freeze.Occurrence> freezes = calendar.freezesAt(release, decided);
    execution.setVariable("insideFreeze", !freezes.isEmpty());
    execution.setVariable("freezeSummary", Markdown.text(CheckCalendar.summary(freezes)));
  }
}
