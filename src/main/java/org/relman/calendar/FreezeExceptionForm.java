package org.relman.calendar;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.relman.approval.Approvals;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.task.CompletedTask;
import org.relman.task.FormValues;
import org.relman.task.TaskForm;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * "Decide on freeze exception": the release's window starts inside a freeze. Approved (with a justification): the
 * release goes on, recorded as an exception. Refused: the release waits for the freeze to end, its planned start moving
 * to the end of the freeze. Four eyes: never the requester.
 */
@Component
class FreezeExceptionForm implements TaskForm {

  static final String KIND = "freeze-exception";

  private final Releases releases;
  private final ReleaseCalendar calendar;
  private final Approvals approvals;
  private final ApplicationEventPublisher events;

  FreezeExceptionForm(Releases releases, ReleaseCalendar calendar, Approvals approvals, ApplicationEventPublisher events) {
    this.releases = releases;
    this.calendar = calendar;
    this.approvals = approvals;
    this.events = events;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<String> fields() {
    return List.of("approved", "justification");
  }

  @Override
  public boolean fourEyes() {
    return true;
  }

  /** An exception granted or refused in so many words: an absent answer is never taken as either. */
  @Override
  public void check(FormValues values) {
    if (values.bool("approved") == null && !values.refused("approved")) {
      values.problem("approved", "is required (true or false)");
    }
  }

  @Override
  public void record(CompletedTask task) {
    boolean approved = Boolean.TRUE.equals(task.values().get("approved"));
    String justification = task.text("justification");
    approvals.add(task.releaseId(), KIND, approved ? "APPROVED" : "REJECTED", task.actor(), task.at(), justification,
        task.taskId());
    Release release = releases.lock(task.releaseId()).orElseThrow();
    List<Freeze.Occurrence> freezes = calendar.freezesAt(release);
    if (approved) {
      events.publishEvent(new FreezeExceptionGranted(release.id(), task.actor(), justification, CheckCalendar.summary(freezes)));
      return;
    }
    Instant freezeEnd = freezes.stream().map(Freeze.Occurrence::end).max(Comparator.naturalOrder())
        .orElse(release.plannedStart());
    events.publishEvent(release.reschedule(freezeEnd, task.actor(), "Freeze exception refused (" + justification
        + "): the release waits for the end of " + CheckCalendar.summary(freezes)));
    releases.save(release);
  }

  @Override
  public Map<String, Object> context(long releaseId) {
    return releases.find(releaseId).map(r -> Map.<String, Object>of("freezes", calendar.freezesAt(r))).orElse(Map.of());
  }
}
