package org.relman.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.relman.shared.FieldProblem;
import org.relman.task.CompletedTask;
import org.relman.task.FormValues;
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

  @Override
  public Map<String, Object> validate(FormValues submitted, List<FieldProblem> problems) {
    Map<String, Object> values = new LinkedHashMap<>();
    Boolean restored = submitted.bool("restored", true);
    if (Boolean.FALSE.equals(restored)) {
      submitted.problem("restored", "must be confirmed: submit this once the environment runs the previous version again");
    }
    values.put("restored", restored);
    values.put("restoredVersion", submitted.text("restoredVersion", true, 1, 200));
    values.put("actions", submitted.text("actions", true, 10, 20_000));
    return values;
  }

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
