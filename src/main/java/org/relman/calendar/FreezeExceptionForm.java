package org.relman.calendar;

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
 * release goes on, recorded as an exception. Refused: the model moves the planned start to the end of the freeze
 * ("Move the planned start to the end of the freeze"). Four eyes: never the requester.
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
    if (approved) {
      Release release = releases.find(task.releaseId()).orElseThrow();
      events.publishEvent(new FreezeExceptionGranted(release.id(), task.actor(), justification,
          CheckCalendar.summary(calendar.freezesAt(release))));
    }
    // refused: the model's next step, "Move the planned start to the end of the freeze", moves it
  }

  @Override
  public Map<String, Object> context(long releaseId) {
    return releases.find(releaseId).map(r -> Map.<String, Object>of("freezes", calendar.freezesAt(r))).orElse(Map.of());
  }
}
