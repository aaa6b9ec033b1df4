package org.relman.gate;

import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.delegate.ExecutionListener;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.relman.process.ModelBean;
import org.relman.process.BusinessKey;
import org.springframework.stereotype.Component;

/**
 * "Record gate report", before "Gate result in?": takes the gate's latest report if the lifecycle has not acted on it yet (CI may report before
 * the wait begins, or during a re-run) and sets {@code gateResult} for the gateway; otherwise the gate waits, and a
 * gate that is waiting again after a failure shows PENDING.
 */
@ModelBean
@Component("recordGateResult")
class RecordGateResult implements JavaDelegate, ExecutionListener {

  private final Gates gates;

  RecordGateResult(Gates gates) {
    this.gates = gates;
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
    Gate gate = gates.lock(releaseId, name)
        .orElseThrow(() -> new IllegalStateException("release " + releaseId + " has no gate '" + name + "'"));
    GateStatus result;
    if (gate.hasUnconsumedReport()) {
      result = gate.status();
      gates.consume(gate);
    } else {
      result = GateStatus.PENDING;
      if (gate.status() != GateStatus.PENDING) {
        gates.reopen(gate);
      }
    }
    execution.setVariableLocal("gateResult", result.name());
  }
}
