package org.relman.task;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Set;

import org.relman.RelmanProperties;
import org.relman.process.ModelBean;
import org.springframework.stereotype.Component;

/**
 * The clock of the human steps, as the models read it: {@code camunda:dueDate="${taskDue.at('go-no-go')}"} on the
 * task and {@code ${taskDue.reminders('go-no-go')}} on its "overdue" timer, both naming the setting
 * {@code relman.tasks.due.go-no-go}. The name {@value #APPROVAL} reads {@code relman.approvals.escalate-after}.
 */
@ModelBean
@Component("taskDue")
public class TaskDue {

  /** The approvals' due time: {@code relman.approvals.escalate-after}. */
  public static final String APPROVAL = "approval";

  private final TaskProperties tasks;
  private final RelmanProperties relman;
  private final Clock clock;

  TaskDue(TaskProperties tasks, RelmanProperties relman, Clock clock) {
    this.tasks = tasks;
    this.relman = relman;
    this.clock = clock;
  }

  /** When a task of this name opened now is due. */
  public Date at(String name) {
    return Date.from(clock.instant().plus(after(name)));
  }

  /** The overdue timer's cycle: at the due time, then every further due period, {@code relman.tasks.reminders} times. */
  public String reminders(String name) {
    return "R" + tasks.reminders() + "/" + after(name);
  }

  /** How long a task of this name may stay open. */
  public Duration after(String name) {
    if (APPROVAL.equals(name)) {
      return relman.approvals().escalateAfter();
    }
    Duration due = tasks.due().get(name);
    if (due == null) {
      throw new IllegalArgumentException("no relman.tasks.due." + name + " setting; there are " + names());
    }
    return due;
  }

  /** The names a model may use: the entries of {@code relman.tasks.due} and {@value #APPROVAL}. */
  public Set<String> names() {
    Set<String> names = new java.util.TreeSet<>(tasks.due().keySet());
    names.add(APPROVAL);
    return names;
  }

  public String escalationGroup() {
    return tasks.escalationGroup();
  }

  public int reminderCount() {
    return tasks.reminders();
  }
}
