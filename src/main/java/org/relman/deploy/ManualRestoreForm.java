package org.relman.deploy;

import java.util.List;

import org.relman.task.CompletedTask;
import org.relman.task.TaskForm;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * "Restore environment by hand": every rollback attempt failed, so a release manager restores the environment
 * themselves and confirms it, saying which version runs now and what was done. The environment is then ROLLED_BACK
 * (restored by hand), the confirmation audited, and the release goes on to its post-mortem.
 */
@Component
class ManualRestoreForm implements TaskForm {

  static final String KIND = "manual-restore";

  private final EnvironmentStates environments;
  private final ApplicationEventPublisher events;

  ManualRestoreForm(EnvironmentStates environments, ApplicationEventPublisher events) {
    this.environments = environments;
    this.events = events;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<String> fields() {
    return List.of("restored", "restoredVersion", "actions");
  }

  // the form holds the rules: restored must be checked, the version and what was done (at least 10 characters) given

  @Override
  public void record(CompletedTask task) {
    String environment = String.valueOf(task.variable("environment"));
    String version = task.text("restoredVersion");
    environments.enter(task.releaseId(), environment, EnvironmentState.ROLLED_BACK,
        "restored by hand by " + task.actor() + " to " + version);
    events.publishEvent(new EnvironmentRestoredByHand(task.releaseId(), environment, task.actor(), version,
        task.text("actions")));
  }
}
