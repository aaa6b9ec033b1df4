package org.relman.gate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.operaton.bpm.engine.RuntimeService;
import org.relman.shared.Db;
import org.relman.process.BusinessKey;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.security.WebhookSignatures;
import org.relman.shared.FieldProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.relman.shared.NotFound;
import org.relman.shared.StateConflict;
import org.relman.shared.InvalidInput;
import org.relman.shared.ServiceScope;

/**
 * Takes a CI report for a gate: stores it (replacing the last one), and wakes the release if it is waiting for that
 * gate. A report that arrives before the wait begins is kept and counts then. Runs with the release row locked, so a
 * report and the lifecycle never pass each other.
 */
@Service
public class GateReports {

  /** The message "Await gate result" waits for. */
  public static final String GATE_RESULT_MESSAGE = "gate-result";

  private final Releases releases;
  private final Gates gates;
  private final RuntimeService runtime;
  private final WebhookSignatures signatures;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  GateReports(Releases releases, Gates gates, RuntimeService runtime, WebhookSignatures signatures,
      ApplicationEventPublisher events, Clock clock) {
    this.releases = releases;
    this.gates = gates;
    this.runtime = runtime;
    this.signatures = signatures;
    this.events = events;
    this.clock = clock;
  }

  /** @return whether the release was waiting for this gate */
  @Transactional
  public boolean report(long releaseId, String gateName, GateReport report, String signature) {
    check(report);
    signatures.accept(signature);
    Release release = releases.lock(releaseId)
        .orElseThrow(() -> new NotFound("Release " + releaseId + " does not exist"));
    ServiceScope.check(release.services(), "a gate report for release " + release.version());
    Gate gate = gates.lock(releaseId, gateName)
        .orElseThrow(() -> new NotFound("Release " + release.version() + " has no gate '" + gateName
            + "'; its gates are " + gates.names(releaseId)));
    if (!release.status().acceptsGateReports()) {
      throw new StateConflict("Release " + release.version() + " is past its gates (status " + release.status() + ")");
    }
    gates.report(gate, GateStatus.valueOf(report.status().name()), Db.now(clock), report);
    String waiting = waitingExecution(release, gateName);
    events.publishEvent(new GateReported(releaseId, gateName, report, waiting != null));
    if (waiting != null) {
      runtime.messageEventReceived(GATE_RESULT_MESSAGE, waiting);
    }
    return waiting != null;
  }

  /** The execution waiting for this gate's result, in whichever process of the release waits for gates. */
  private String waitingExecution(Release release, String gateName) {
    for (var execution : runtime.createExecutionQuery()
        .processInstanceBusinessKey(BusinessKey.of(release.id()))
        .messageEventSubscriptionName(GATE_RESULT_MESSAGE)
        .list()) {
      if (gateName.equals(runtime.getVariable(execution.getId(), "gate"))) {
        return execution.getId();
      }
    }
    return null;
  }

  private static void check(GateReport report) {
    List<FieldProblem> problems = problems(report);
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
  }

  /**
   * What is wrong with a report beyond its fields' own constraints: a url that is not http(s), more failed tests than
   * tests. Null fields are left to whoever reports them, so this runs on a partly bound report too.
   */
  public static List<FieldProblem> problems(GateReport report) {
    List<FieldProblem> problems = new ArrayList<>();
    if (report.url() != null) {
      try {
        var uri = java.net.URI.create(report.url());
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
          problems.add(new FieldProblem("url", "must be an http(s) URL"));
        }
      } catch (IllegalArgumentException e) {
        problems.add(new FieldProblem("url", "must be an http(s) URL"));
      }
    }
    var metrics = report.metrics();
    if (metrics != null && metrics.testsTotal() != null && metrics.testsFailed() != null
        && metrics.testsFailed() > metrics.testsTotal()) {
      problems.add(new FieldProblem("metrics.testsFailed", "cannot exceed metrics.testsTotal"));
    }
    return problems;
  }
}
