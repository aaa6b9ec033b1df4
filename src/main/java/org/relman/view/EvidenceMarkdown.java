package org.relman.view;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.audit.AuditLog;
import org.relman.notes.IssueLinks;
import org.relman.shared.Markdown;

/**
 * The evidence bundle as a Markdown document a person reads top to bottom: the same sections and values as the JSON,
 * in tables; commit bodies and the full risk facts of earlier assessments are left to the JSON. Every value is shown
 * literally ({@link Markdown}): table cells are escaped unless marked as {@link Code}, and so is every value written
 * into a line, so a commit subject, a file name or a reason cannot become a link, an image or HTML.
 */
final class EvidenceMarkdown {

  private final ObjectMapper json;
  private final IssueLinks issues;
  private final StringBuilder md = new StringBuilder();

  /** The release's page in relman, linked under the title; null leaves the line out. */
  private final String page;

  private EvidenceMarkdown(ObjectMapper json, IssueLinks issues, String page) {
    this.json = json;
    this.issues = issues;
    this.page = page;
  }

  static String render(EvidenceBundle b, ObjectMapper json) {
    return render(b, json, IssueLinks.NONE);
  }

  /** The bundle in Markdown; issue keys in commit subjects link to their issues. */
  static String render(EvidenceBundle b, ObjectMapper json, IssueLinks issues) {
    return render(b, json, issues, null);
  }

  /** The bundle in Markdown with a link to the release's page ({@code <base>/releases/{id}}). */
  static String render(EvidenceBundle b, ObjectMapper json, IssueLinks issues, String page) {
    return new EvidenceMarkdown(json, issues, page).bundle(b);
  }

  private String bundle(EvidenceBundle b) {
    var r = b.release();
    line("# Evidence: release " + Markdown.text(r.version()) + " (#" + r.id() + ")");
    line("");
    if (page != null) {
      line("Release page: <" + page + ">");
      line("");
    }
    line("Exported " + b.exportedAt() + " by " + Markdown.text(b.exportedBy()) + " (" + Markdown.text(b.format())
        + "). Audit chain head at export: seq " + b.auditHead().seq() + ", hash " + Markdown.code(b.auditHead().hash())
        + ", recorded after this export's own " + Markdown.code(b.auditHead().recordedAfter())
        + " event; `GET /api/audit/verify` shows the same head until the next event.");

    section("Release");
    table(List.of("field", "value"), List.of(
        List.of("version", r.version()), List.of("name", text(r.name())), List.of("services", String.join(", ", r.services())),
        List.of("status", r.status()), List.of("hotfix", String.valueOf(r.hotfix())),
        List.of("requested by", r.requestedBy()), List.of("requested at", text(r.requestedAt())),
        List.of("planned start", text(r.plannedStart())),
        List.of("process", text(r.process().key()) + " version " + r.process().version() + ", instance "
            + text(r.process().instanceId())),
        List.of("current steps", String.join(", ", r.currentSteps())),
        List.of("repository", r.repository().url()),
        List.of("refs", r.repository().fromRef() + " (" + text(r.repository().fromSha()) + ") → " + r.repository().toRef()
            + " (" + text(r.repository().toSha()) + ")"),
        List.of("rollback plan", text(r.rollbackPlan())), List.of("request facts", toJson(r.facts())),
        List.of("cancel reason", text(r.cancelReason())), List.of("cancelled by", text(r.cancelledBy())),
        List.of("ended at", text(r.endedAt()))));
    sub("Planned start history");
    rows(List.of("audit seq", "at", "by", "from", "to", "reason"), r.plannedStartHistory(), m -> List.of(
        String.valueOf(m.auditSeq()), text(m.at()), text(m.by()), text(m.previousStart()), text(m.newStart()), text(m.reason())));

    var c = b.changeSet();
    section("Change set");
    line(c.commitCount() + " commits, " + c.filesChanged() + " files, +" + c.linesAdded() + " −" + c.linesDeleted()
        + " lines, " + Markdown.text(c.fromSha()) + " → " + Markdown.text(c.toSha()) + ".");
    sub("Commits");
    rows(List.of("sha", "author", "time", "subject"), c.commits(), k -> List.of(new Code(k.sha()),
        k.authorName() + " <" + k.authorEmail() + ">", text(k.committedAt()), new Linked(k.subject())));
    sub("Files");
    rows(List.of("path", "change", "added", "deleted", "previous path"), c.files(), f -> List.of(new Code(f.path()),
        f.changeType(), String.valueOf(f.added()), String.valueOf(f.deleted()), text(f.previousPath())));

    section("Gates");
    rows(List.of("gate", "status", "reported at", "summary", "url", "tests", "coverage"), b.gates().stream()
        .map(EvidenceBundle.GateSection::gate).toList(), g -> List.of(g.name(),
        g.status(), text(g.reportedAt()), text(g.summary()), text(g.url()),
        g.testsTotal() == null ? "" : (g.testsTotal() - (g.testsFailed() == null ? 0 : g.testsFailed())) + "/" + g.testsTotal()
            + " passed", text(g.coverage())));
    sub("Gate reports and timeouts");
    events(b.gates().stream().flatMap(g -> g.history().stream()).sorted(java.util.Comparator.comparingLong(
        AuditLog.Entry::seq)).toList());
    sub("Failed-gate decisions");
    events(b.gateFailureDecisions());

    section("Risk");
    var risk = b.risk().latest();
    if (risk == null) {
      line("Not assessed.");
    } else {
      line("Level **" + Markdown.text(risk.level()) + "**, required approvals: " + (risk.requiredApprovals().isEmpty()
          ? "none" : Markdown.text(String.join(", ", risk.requiredApprovals()))) + "; decided by "
          + Markdown.text(risk.policy()) + " at " + risk.assessedAt() + ".");
      line("");
      rows(List.of("fact", "value"), risk.facts().entrySet().stream().toList(), e -> List.of(e.getKey(), toJson(e.getValue())));
      sub("All assessments");
      rows(List.of("assessed at", "level", "required approvals", "policy"), b.risk().assessments(), a -> List.of(
          text(a.assessedAt()), a.level(), String.join(", ", a.requiredApprovals()), a.policy()));
    }

    section("Freezes");
    sub("Freeze exceptions");
    decisions(b.freezes().exceptions());
    sub("Freezes overridden (hotfix)");
    rows(List.of("audit seq", "at", "freeze"), b.freezes().overrides(), o -> List.of(String.valueOf(o.auditSeq()),
        text(o.at()), toJson(o.freeze())));

    section("Approvals");
    decisions(b.approvals());
    sub("Escalations");
    rows(List.of("kind", "task", "overdue since", "escalated at"), b.escalations(), e -> List.of(e.kind(), e.taskId(),
        text(e.overdueSince()), text(e.escalatedAt())));

    section("Go/no-go");
    decisions(b.goNoGo());

    section("Environments");
    if (b.environments().isEmpty()) {
      line("None.");
    }
    for (var env : b.environments()) {
      sub(Markdown.text(env.environment().name() + ": " + env.environment().state()));
      if (env.environment().reason() != null) {
        line("Reason: " + Markdown.text(env.environment().reason()));
        line("");
      }
      rows(List.of("action", "status", "deployment id", "deployer", "attempts", "started", "finished", "exit code",
          "failure reason", "rollback reason"), env.deployments(), d -> List.of(d.action(), d.status(), new Code(d.deploymentId()),
          d.deployer(), String.valueOf(d.attempts()), text(d.startedAt()), text(d.finishedAt()), text(d.exitCode()),
          text(d.failureReason()), text(d.reason())));
      for (var d : env.deployments()) {
        if (d.output() != null && !d.output().isBlank()) {
          line("");
          line("Output of " + Markdown.text(d.action()) + " " + Markdown.code(d.deploymentId()) + " (" + d.outputLength() + " characters"
              + (d.outputTruncated() ? ", excerpt" : "") + "):");
          line("");
          fenced(d.output());
        }
      }
      line("");
      if (env.soak() != null) {
        var s = env.soak();
        line("Soak " + Markdown.text(s.status()) + ": " + s.startedAt() + " to " + text(s.finishedAt() == null ? s.endsAt()
            : s.finishedAt()) + ", " + s.rounds() + " rounds" + (s.reason() == null ? "" : "; " + Markdown.text(s.reason())) + ".");
        line("");
      }
      rows(List.of("round", "check", "value", "min", "max", "passed", "detail", "at"), env.checks(), k -> List.of(
          String.valueOf(k.round()), k.name(), text(k.value()), text(k.min()), text(k.max()), String.valueOf(k.passed()),
          text(k.detail()), text(k.at())));
    }

    section("Review");
    var v = b.review();
    if (v == null) {
      line("None yet.");
    } else {
      table(List.of("field", "value"), List.of(List.of("kind", v.kind()), List.of("by", v.by()), List.of("at", text(v.at())),
          List.of("summary", v.summary()), List.of("root cause", text(v.rootCause())), List.of("follow-ups", text(v.followUps()))));
    }

    section("Release notes");
    rows(List.of("audience", "state", "sha256", "frozen at"), b.releaseNotes(), n -> List.of(n.audience(), n.state(),
        text(n.sha256()), text(n.frozenAt())));

    section("Audit trail");
    events(b.auditEvents());
    return md.toString();
  }

  private void decisions(List<ReleaseParts.Decision> decisions) {
    rows(List.of("kind", "decision", "by", "at", "comment"), decisions, d -> List.of(d.kind(), d.decision(), d.by(),
        text(d.at()), text(d.comment())));
  }

  private void events(List<AuditLog.Entry> entries) {
    rows(List.of("seq", "at", "actor", "action", "details", "hash"), entries, e -> List.of(String.valueOf(e.seq()),
        text(e.at()), e.actor(), e.action(), toJson(e.details()), new Code(e.hash())));
  }

  private void section(String title) {
    line("");
    line("## " + title);
    line("");
  }

  private void sub(String title) {
    line("");
    line("### " + title);
    line("");
  }

  /** A table cell shown as a code span (shas, hashes, paths, deployment ids), verbatim. */
  private record Code(String value) {}

  private <T> void rows(List<String> header, List<T> items, Function<T, List<?>> cells) {
    if (items.isEmpty()) {
      line("None.");
      return;
    }
    table(header, items.stream().map(cells).toList());
  }

  private void table(List<String> header, List<? extends List<?>> rows) {
    line("| " + String.join(" | ", header) + " |");
    line("|" + " --- |".repeat(header.size()));
    for (List<?> row : rows) {
      line("| " + String.join(" | ", row.stream().map(this::cell).toList()) + " |");
    }
  }

  /** A fence longer than any run of backticks in the text, so no output can close it early. */
  private void fenced(String text) {
    String fence = Markdown.fence(text);
    line(fence + "text");
    line(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    line(fence);
  }

  /**
   * Escaped text; a code span whose pipes are escaped (GFM splits cells before it reads code spans); or escaped text
   * whose issue keys link to their issues.
   */
  private String cell(Object value) {
    if (value instanceof Linked linked) {
      return issues.markdown(linked.text(), Markdown::cell);
    }
    return value instanceof Code code ? Markdown.code(code.value()).replace("|", "\\|") : Markdown.cell(value);
  }

  /** Commit text whose issue keys become links (relman.notes.issue-links). */
  private record Linked(String text) {}

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private String toJson(Object value) {
    if (value instanceof Map<?, ?> map && map.isEmpty()) {
      return "";
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  private void line(String text) {
    md.append(text).append('\n');
  }
}
