package org.relman.gate;

import java.time.Clock;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.ExecutionListener;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.relman.process.ModelBean;
import org.relman.shared.Db;
import org.relman.RelmanProperties;
import org.relman.process.BusinessKey;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** "Record gate timeout", after the timer "Gate timed out": the gate becomes TIMED_OUT and the release manager decides, as for a failed gate. */
@ModelBean
@Component("recordGateTimeout")
class RecordGateTimeout implements JavaDelegate, ExecutionListener {

  private final Gates gates;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final RelmanProperties properties;

  RecordGateTimeout(Gates gates, ApplicationEventPublisher events, Clock clock, RelmanProperties properties) {
    this.gates = gates;
    this.events = events;
    this.clock = clock;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    notify(execution);
  }

  /** Models before 0.3 ran this as a listener (on the gateway, on the timer) instead of as a step of its own. */
  @Override
  public void notify(DelegateExecution execution) {
    long releaseId = BusinessKey.releaseId(execution);
    String name = (String) execution.getVariable("gate");
    Gate gate = gates.lock(releaseId, name).orElseThrow();
    String timeout = properties.gates().timeout().toString();
    gates.timeOut(gate, Db.now(clock), "No result from CI within " + timeout);
    events.publishEvent(new GateTimedOut(releaseId, name, timeout));
  }
}
