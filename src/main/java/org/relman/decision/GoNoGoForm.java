package org.relman.decision;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.operaton.bpm.engine.delegate.DelegateTask;
import org.relman.approval.Approval;
import org.relman.approval.ApprovalKinds;
import org.relman.approval.Approvals;
import org.relman.gate.GateStatus;
import org.relman.gate.Gates;
import org.relman.risk.Assessment;
import org.relman.risk.RiskAssessments;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.task.CompletedTask;
import org.relman.task.FormValues;
import org.relman.task.TaskForm;
import org.relman.shared.Markdown;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * "Decide go/no-go": GO, RESCHEDULE to {@code newStart}, or CANCEL, always with written reasoning. Four eyes: the
 * requester of the release cannot make this call.
 */
@Component
class GoNoGoForm implements TaskForm {

  static final String KIND = "go-no-go";
  static final int MIN_REASONING = 10;
  private static final Instant YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z");

  private final Approvals approvals;
  private final Releases releases;
  private final Gates gates;
  private final RiskAssessments risks;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  GoNoGoForm(Approvals approvals, Releases releases, Gates gates, RiskAssessments risks, ApplicationEventPublisher events,
      Clock clock) {
    this.approvals = approvals;
    this.releases = releases;
    this.gates = gates;
    this.risks = risks;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** newStart is read only for a RESCHEDULE, which a hotfix's form does not offer. */
  @Override
  public List<String> fields() {
    return List.of("decision", "reasoning");
  }

  @Override
  public Map<String, Set<String>> choices() {
    return Map.of("decision", Set.of("GO", "RESCHEDULE", "CANCEL"));
  }

  @Override
  public boolean fourEyes() {
    return true;
  }

  /** A GO needs every approval and gate in; a RESCHEDULE needs a new start in the future. */
  @Override
  public void check(FormValues values) {
    String decision = values.text("decision");
    if ("GO".equals(decision)) {
      List<String> missing = missingForGo(values.releaseId());
      if (!missing.isEmpty()) {
        boolean hotfix = releases.find(values.releaseId()).map(Release::hotfix).orElse(false);
        values.problem("decision", "GO is not possible: " + String.join("; ", missing)
            + (hotfix ? "; decide CANCEL, or wait and decide again" : "; decide RESCHEDULE or CANCEL"));
      }
    } else if ("RESCHEDULE".equals(decision) && !values.refused("newStart")) {
      Instant newStart = values.instant("newStart");
      if (newStart == null) {
        values.problem("newStart", "is required to RESCHEDULE");
      } else if (!newStart.isAfter(clock.instant())) {
        values.problem("newStart", "must be in the future, got " + newStart);
      } else if (!newStart.isBefore(YEAR_10000)) {
        // +999999999-12-31T23:59:59Z parses, and then overflows the planned_start column (a 500); MySQL stops at 9999
        values.problem("newStart", "must be before the year 10000, got " + newStart);
      }
    }
  }

  /**
   * What stands between the release and a GO: every approval the latest risk assessment asks for must be APPROVED (its
   * latest decision), and every gate PASSED. Empty when everything is in.
   */
  List<String> missingForGo(long releaseId) {
    List<String> missing = new java.util.ArrayList<>();
    List<String> required = risks.latest(releaseId).map(Assessment::requiredApprovals).orElse(List.of());
    for (String approval : required) {
      String kind = ApprovalKinds.taskKind(approval);
      Optional<Approval> latest = approvals.latest(releaseId, kind);
      if (latest.isEmpty()) {
        missing.add(kind + " is not given yet");
      } else if (!"APPROVED".equals(latest.get().decision())) {
        Approval a = latest.get();
        missing.add(kind + " was rejected by " + a.by() + (a.comment() == null ? "" : " (" + a.comment() + ")"));
      }
    }
    gates.list(releaseId).stream().filter(g -> g.status() != GateStatus.PASSED)
        .forEach(g -> missing.add("gate '" + g.name() + "' is " + g.status()));
    return missing;
  }

  /** What the decision rests on: gates, risk and approvals, for the form (markdown) and the task API. */
  @Override
  public Map<String, Object> context(long releaseId) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("gates", gates.list(releaseId).stream().map(g -> {
      Map<String, Object> gate = new LinkedHashMap<>();
      gate.put("name", g.name());
      gate.put("status", g.status().name());
      gate.put("summary", g.summary());
      gate.put("url", g.url());
      return gate;
    }).toList());
    risks.latest(releaseId).ifPresent(risk -> context.put("risk", Map.of("level", risk.level().name(),
        "requiredApprovals", risk.requiredApprovals(), "facts", risk.facts())));
    context.put("approvals", approvals.list(releaseId).stream().filter(a -> !KIND.equals(a.kind())).map(a -> {
      Map<String, Object> approval = new LinkedHashMap<>();
      approval.put("kind", a.kind());
      approval.put("decision", a.decision());
      approval.put("by", a.by());
      approval.put("comment", a.comment());
      return approval;
    }).toList());
    return context;
  }

  @Override
  public void prepare(DelegateTask task, long releaseId) {
    // Markdown the form's text shows: what requests and people wrote (facts, comments) is escaped, never markup
    StringBuilder basis = new StringBuilder("**Gates:** ");
    basis.append(gates.list(releaseId).stream().map(g -> Markdown.text(g.name() + " " + g.status()))
        .collect(Collectors.joining(", ")));
    risks.latest(releaseId).ifPresent(risk -> basis.append("\n\n**Risk:** ").append(Markdown.text(risk.level()))
        .append(risk.requiredApprovals().isEmpty() ? ", no approvals needed"
            : ", needs " + Markdown.text(String.join(", ", risk.requiredApprovals())))
        .append("\n\n**Facts:** ").append(risk.facts().entrySet().stream()
            .filter(fact -> !(fact.getValue() instanceof java.util.Collection<?> list && list.isEmpty()))
            .map(fact -> Markdown.text(fact.getKey() + " " + fact.getValue())).collect(Collectors.joining(", "))));
    List<Approval> decided = approvals.list(releaseId).stream().filter(a -> !KIND.equals(a.kind())).toList();
    if (!decided.isEmpty()) {
      basis.append("\n\n**Approvals:** ").append(decided.stream().map(a -> Markdown.text(a.kind() + " "
          + a.decision().toLowerCase() + " by " + a.by() + (a.comment() == null ? "" : " (" + a.comment() + ")")))
          .collect(Collectors.joining("; ")));
    }
    List<String> missing = missingForGo(releaseId);
    if (!missing.isEmpty()) {
      basis.append("\n\n**GO is not possible yet:** ").append(String.join("; ", missing)).append('.');
    }
    task.setVariableLocal("decisionBasis", basis.toString());
  }

  @Override
  public void record(CompletedTask task) {
    String decision = task.text("decision");
    String reasoning = task.text("reasoning");
    approvals.add(task.releaseId(), KIND, decision, task.actor(), task.at(), reasoning, task.taskId());
    if ("GO".equals(decision)) {
      return;
    }
    Release release = releases.lock(task.releaseId()).orElseThrow();
    if ("RESCHEDULE".equals(decision)) {
      events.publishEvent(release.reschedule(Instant.parse(task.text("newStart")), task.actor(), reasoning));
    } else if ("CANCEL".equals(decision)) {
      release.stop("No-go: " + reasoning, task.actor());
    } else {
      throw new IllegalStateException("go/no-go decision '" + decision + "' is not one relman knows");
    }
    releases.save(release);
  }
}
