package org.relman.release;

import java.util.Date;
import java.util.List;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.relman.RelmanProperties;
import org.relman.gate.Gates;
import org.springframework.stereotype.Component;

/**
 * What the lifecycle model reads about a release, as {@code ${releasePlan...}} expressions: the gates to wait for,
 * the promotion path, the gate timeout and the planned start. The values live in relman's tables, so a reschedule or
 * a re-run is seen by the model without copying documents into process variables.
 */
@Component("releasePlan")
public class ReleasePlan {

  private final Releases releases;
  private final Gates gates;
  private final RelmanProperties properties;

  ReleasePlan(Releases releases, Gates gates, RelmanProperties properties) {
    this.releases = releases;
    this.gates = gates;
    this.properties = properties;
  }

  public List<String> gates(DelegateExecution execution) {
    return gates.names(releaseId(execution));
  }

  public List<String> environments(DelegateExecution execution) {
    return release(execution).environments();
  }

  public Date plannedStart(DelegateExecution execution) {
    return Date.from(release(execution).plannedStart());
  }

  /** The pause between two rounds of checks in the environment being watched. */
  public String checkInterval(DelegateExecution execution) {
    String environment = (String) execution.getVariable("environment");
    return properties.environment(environment)
        .orElseThrow(() -> new IllegalStateException("environment '" + environment + "' is not configured"))
        .monitoring().interval().toString();
  }

  public String gateTimeout() {
    return properties.gates().timeout().toString();
  }

  private Release release(DelegateExecution execution) {
    return releases.find(releaseId(execution)).orElseThrow();
  }

  private static long releaseId(DelegateExecution execution) {
    return Long.parseLong(execution.getProcessBusinessKey());
  }
}
