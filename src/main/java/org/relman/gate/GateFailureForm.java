package org.relman.gate;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.relman.release.Releases;
import org.relman.task.CompletedTask;
import org.relman.task.TaskForm;
import org.springframework.stereotype.Component;

/** "Decide on failed gate": wait for a re-run of the gate, or cancel the release. */
@Component
class GateFailureForm implements TaskForm {

  private final Releases releases;

  GateFailureForm(Releases releases) {
    this.releases = releases;
  }

  @Override
  public String kind() {
    return "gate-failure";
  }

  @Override
  public List<String> fields() {
    return List.of("action", "comment");
  }

  @Override
  public Map<String, Set<String>> choices() {
    return Map.of("action", Set.of("RERUN", "CANCEL"));
  }

  @Override
  public void record(CompletedTask task) {
    if ("CANCEL".equals(task.text("action"))) {
      var release = releases.lock(task.releaseId()).orElseThrow();
      String comment = task.text("comment");
      release.stop("Gate '" + task.variable("gate") + "' did not pass" + (comment == null ? "" : ": " + comment), task.actor());
      releases.save(release);
    }
  }
}
