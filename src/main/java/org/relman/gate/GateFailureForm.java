package org.relman.gate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.relman.release.Releases;
import org.relman.task.CompletedTask;
import org.relman.task.FormValues;
import org.relman.task.TaskForm;
import org.relman.shared.FieldProblem;
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
  public Map<String, Object> validate(FormValues submitted, List<FieldProblem> problems) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("action", submitted.choice("action", Set.of("RERUN", "CANCEL")));
    values.put("comment", submitted.text("comment", false, 0, 4000));
    return values;
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
