package org.relman.calendar;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.relman.approval.Approval;
import org.relman.approval.Approvals;
import org.relman.process.BusinessKey;
import org.relman.process.ModelBean;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * "Move the planned start to the end of the freeze": after a refused freeze exception, the release's planned start
 * moves to the end of the freezes it falls in (the latest end), on behalf of whoever refused it and with their
 * justification; the calendar is checked again after it.
 */
@ModelBean
@Component("movePlannedStartToFreezeEnd")
class MovePlannedStartToFreezeEnd implements JavaDelegate {

  private final Releases releases;
  private final ReleaseCalendar calendar;
  private final Approvals approvals;
  private final ApplicationEventPublisher events;

  MovePlannedStartToFreezeEnd(Releases releases, ReleaseCalendar calendar, Approvals approvals,
      ApplicationEventPublisher events) {
    this.releases = releases;
    this.calendar = calendar;
    this.approvals = approvals;
    this.events = events;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Release release = releases.lock(BusinessKey.releaseId(execution)).orElseThrow();
    List<Freeze.Occurrence> freezes = calendar.freezesAt(release);
    if (freezes.isEmpty()) {
      return; // the freeze was deleted meanwhile: the calendar check after this finds the window free
    }
    Instant freezeEnd = freezes.stream().map(Freeze.Occurrence::end).max(Comparator.naturalOrder()).orElseThrow();
    Approval refusal = approvals.latest(release.id(), FreezeExceptionForm.KIND).orElse(null);
    String by = refusal == null ? "relman" : refusal.by();
    String why = refusal == null || refusal.comment() == null ? "" : " (" + refusal.comment() + ")";
    events.publishEvent(release.reschedule(freezeEnd, by, "Freeze exception refused" + why
        + ": the release waits for the end of " + CheckCalendar.summary(freezes)));
    releases.save(release);
  }
}
