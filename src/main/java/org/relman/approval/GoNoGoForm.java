package org.relman.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.task.CompletedTask;
import org.relman.task.FormValues;
import org.relman.task.TaskForm;
import org.relman.web.FieldProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * "Decide go/no-go": GO, RESCHEDULE to {@code newStart}, or CANCEL, always with written reasoning. Four eyes: the
 * requester of the release cannot make this call.
 */
@Component
class GoNoGoForm implements TaskForm {

  static final String KIND = "go-no-go";
  static final int MIN_REASONING = 10;

  private final Approvals approvals;
  private final Releases releases;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  GoNoGoForm(Approvals approvals, Releases releases, ApplicationEventPublisher events, Clock clock) {
    this.approvals = approvals;
    this.releases = releases;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<String> fields() {
    return List.of("decision", "reasoning", "newStart");
  }

  @Override
  public boolean fourEyes() {
    return true;
  }

  @Override
  public Map<String, Object> validate(FormValues submitted, List<FieldProblem> problems) {
    String decision = submitted.choice("decision", Set.of("GO", "RESCHEDULE", "CANCEL"));
    String reasoning = submitted.text("reasoning", true, MIN_REASONING, 4000);
    Instant newStart = null;
    if ("RESCHEDULE".equals(decision)) {
      newStart = submitted.instant("newStart", true);
      if (newStart != null && !newStart.isAfter(clock.instant())) {
        submitted.problem("newStart", "must be in the future, got " + newStart);
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("decision", decision);
    values.put("reasoning", reasoning);
    values.put("newStart", newStart == null ? null : newStart.toString());
    return values;
  }

  @Override
  public void record(CompletedTask task) {
    String decision = task.text("decision");
    String reasoning = task.text("reasoning");
    approvals.add(task.releaseId(), KIND, decision, task.actor(), task.at(), reasoning, task.taskId());
    if ("GO".equals(decision)) {
      return;
    }
    Release release = releases.lock(task.releaseId()).orElseThrow();
    if ("RESCHEDULE".equals(decision)) {
      events.publishEvent(release.reschedule(Instant.parse(task.text("newStart")), task.actor(), reasoning));
    } else {
      release.stop("No-go: " + reasoning, task.actor());
    }
    releases.save(release);
  }
}
