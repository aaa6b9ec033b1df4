package org.relman.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code relman.tasks.*}: the clock on every human step. Each user task in {@code bpmn/} is due this long after it
 * opens ({@code camunda:dueDate="${taskDue.at('go-no-go')}"} names its entry here); when it is still open at its due
 * time its "Remind and escalate overdue task" step tells the task's candidate groups and the escalation group, and
 * reminds them again every due period, up to {@code reminders} times. The approvals' due time stays
 * {@code relman.approvals.escalate-after}.
 *
 * @param due how long each human step may stay open, by the name its model gives (the task kind, or
 *     {@code hotfix-go-no-go} for a hotfix's go/no-go); entries set here replace the defaults one by one: freeze-exception
 *     PT8H, gate-failure PT8H, go-no-go PT24H, hotfix-go-no-go PT1H, post-release-review P5D, post-mortem P5D,
 *     manual-restore PT1H
 * @param reminders how many times an overdue task is notified: at its due time, then after every further due period
 * @param escalationGroup the group that hears of every overdue task besides the task's own candidate groups
 */
@ConfigurationProperties("relman.tasks")
public record TaskProperties(Map<String, Duration> due, @DefaultValue("3") int reminders,
    @DefaultValue("release-managers") String escalationGroup) {

  /** The defaults of {@link #due}, by name. */
  public static final Map<String, Duration> DEFAULT_DUE = Map.of(
      "freeze-exception", Duration.ofHours(8),
      "gate-failure", Duration.ofHours(8),
      "go-no-go", Duration.ofHours(24),
      "hotfix-go-no-go", Duration.ofHours(1),
      "post-release-review", Duration.ofDays(5),
      "post-mortem", Duration.ofDays(5),
      "manual-restore", Duration.ofHours(1));

  public TaskProperties {
    Map<String, Duration> merged = new TreeMap<>(DEFAULT_DUE);
    if (due != null) {
      merged.putAll(due);
    }
    List<String> bad = merged.entrySet().stream()
        .filter(e -> e.getValue() == null || e.getValue().isNegative() || e.getValue().isZero())
        .map(Map.Entry::getKey).toList();
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("relman.tasks.due." + bad.get(0) + " must be a positive duration, e.g. PT8H");
    }
    if (reminders < 1) {
      throw new IllegalArgumentException("relman.tasks.reminders must be at least 1");
    }
    if (escalationGroup == null || escalationGroup.isBlank()) {
      throw new IllegalArgumentException("relman.tasks.escalation-group must name a group, e.g. release-managers");
    }
    due = Map.copyOf(merged);
    escalationGroup = escalationGroup.strip();
  }
}
