package org.relman.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.relman.audit.AuditLog;
import org.relman.change.Commit;
import org.relman.change.Changes;
import org.relman.lifecycle.ReleaseService;
import org.relman.deploy.Deployments;
import org.relman.notes.Audience;
import org.relman.notes.FinalNotes;
import org.relman.notes.IssueLinks;
import org.relman.notes.CommitLinks;
import org.relman.notes.ConventionalCommit;
import org.relman.notes.ReleaseNotes;
import org.relman.notify.SentNotifications;
import org.relman.process.EngineRetries;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.security.Roles;
import org.relman.shared.NotFound;
import org.relman.shared.Refusal;
import org.relman.view.ReleaseParts;
import org.relman.view.ReleaseReader;
import org.relman.view.ReleaseView;
import org.relman.view.ReleaseViews;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A release's page: everything the API's release view holds, its diagram, its audit trail as a timeline, its change set
 * by kind of change, its soak checks as charts, its notifications, and what the signed-in person may do with it. Reads
 * go through the read side the API uses; the cancel goes through the release service, so the rules are the API's.
 */
@Controller
class ReleasePage {

  private static final int SUMMARY_LIMIT = 240;
  /** The page carries at most this many commits and audit events; the rest are in the release notes and the audit. */
  static final int COMMITS_SHOWN = 300;
  static final int EVENTS_SHOWN = 300;

  private final Releases releases;
  private final ReleaseViews views;
  private final ReleaseReader read;
  private final ReleaseDiagram diagrams;
  private final AuditLog audit;
  private final Changes changes;
  private final SentNotifications notifications;
  private final ReleaseService service;
  private final EngineRetries retries;
  private final ObjectMapper json;
  private final FinalNotes finalNotes;
  private final Deployments deployments;
  private final IssueLinks issues;
  private final org.relman.risk.RiskRulesFired rulesFired;

  ReleasePage(Releases releases, ReleaseViews views, ReleaseReader read, ReleaseDiagram diagrams, AuditLog audit,
      Changes changes, SentNotifications notifications, ReleaseService service, EngineRetries retries, ObjectMapper json,
      FinalNotes finalNotes, Deployments deployments, IssueLinks issues, org.relman.risk.RiskRulesFired rulesFired) {
    this.rulesFired = rulesFired;
    this.finalNotes = finalNotes;
    this.deployments = deployments;
    this.issues = issues;
    this.releases = releases;
    this.views = views;
    this.read = read;
    this.diagrams = diagrams;
    this.audit = audit;
    this.changes = changes;
    this.notifications = notifications;
    this.service = service;
    this.retries = retries;
    this.json = json;
  }

  /** One line of the timeline. */
  record Moment(java.time.Instant at, String actor, String action, String summary) {}

  /** A commit as the change set lists it. */
  record Change(String sha, String link, String scope, String description, boolean breaking, String author) {}

  /** A gate's latest state and every report it had. */
  record GateHistory(ReleaseParts.Gate gate, List<Moment> reports) {}

  /** A soak query's values, round by round, and its threshold, as the page's chart script reads them. */
  record Series(String environment, String name, Double threshold, List<String> labels, List<Double> values) {}

  @GetMapping("/releases/{id}")
  String page(@PathVariable long id, Model model, Authentication caller) {
    Release release = find(id);
    ReleaseView view = views.of(release);
    List<AuditLog.Entry> trail = audit.latestForRelease(id, EVENTS_SHOWN);
    model.addAttribute("r", view);
    model.addAttribute("commitsShown", Math.min(view.changes().count(), COMMITS_SHOWN));
    model.addAttribute("eventsShown", EVENTS_SHOWN);
    model.addAttribute("rulesFired",
        view.risk() == null ? List.of() : rulesFired.of(view.risk().policy(), view.risk().facts()));
    model.addAttribute("timeline", trail.stream().map(ReleasePage::moment).toList());
    model.addAttribute("changeGroups", changeGroups(release));
    model.addAttribute("gates", view.gates().stream().map(g -> new GateHistory(g, trail.stream()
        .filter(e -> e.action().startsWith("gate.") && g.name().equals(e.details().path("gate").asText()))
        .map(ReleasePage::moment).toList())).toList());
    Map<String, List<ReleaseParts.Deployment>> byEnvironment = new LinkedHashMap<>();
    release.environments().forEach(e -> byEnvironment.put(e, new ArrayList<>()));
    view.deployments().forEach(d -> byEnvironment.computeIfAbsent(d.environment(), e -> new ArrayList<>()).add(d));
    model.addAttribute("deploymentsByEnvironment", byEnvironment);
    model.addAttribute("series", series(view.checks()));
    model.addAttribute("seriesJson", write(series(view.checks())));
    model.addAttribute("soaks", read.soaks(id));
    model.addAttribute("notifications", notifications.forRelease(id));
    model.addAttribute("diagramUrl", "/releases/" + id + "/diagram");
    boolean manager = has(caller, Roles.RELEASE_MANAGERS);
    model.addAttribute("mayCancel", manager && !release.status().ended());
    model.addAttribute("mayExport", manager || has(caller, Roles.AUDITORS));
    return "release";
  }

  /** The diagram of the release's process, or of a process it called, with the steps to mark. */
  @GetMapping(path = "/releases/{id}/diagram", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ReleaseDiagram.Diagram diagram(@PathVariable long id, @RequestParam(required = false) String instance) {
    Release release = find(id);
    String instanceId = instance == null || instance.isBlank() ? release.processInstanceId() : instance;
    if (instanceId == null) {
      throw new NotFound("Release " + release.version() + " has no process yet");
    }
    return diagrams.of(id, instanceId);
  }

  /** A deployment's whole output, loaded by htmx when asked for (the page holds an excerpt only). */
  @GetMapping("/releases/{id}/deployments/{deploymentId}/output")
  String output(@PathVariable long id, @PathVariable String deploymentId, Model model) {
    model.addAttribute("output", read.output(id, deploymentId).orElseThrow(() -> new NotFound("Release " + id
        + " has no deployment " + deploymentId)));
    return "release :: output";
  }

  /** The release notes for an audience, as the API writes them, to read in the browser. */
  @GetMapping("/releases/{id}/notes")
  ResponseEntity<String> notes(@PathVariable long id, @RequestParam(required = false) String audience) {
    Release release = find(id);
    Audience who = audience == null ? Audience.ENGINEERING : Audience.of(audience).orElseThrow(() ->
        org.relman.shared.InvalidInput.of("audience", "'" + audience + "' is not one of "
            + String.join(", ", Audience.labels())));
    return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
        .body(notesText(release, who));
  }

  @PostMapping("/releases/{id}/cancel")
  String cancel(@PathVariable long id, @RequestParam(required = false) String reason, Authentication caller,
      RedirectAttributes flash) {
    find(id);
    if (reason == null || reason.isBlank()) {
      flash.addFlashAttribute("cancelProblem", "Reason is required: say why the release is cancelled.");
      return "redirect:/releases/" + id + "#actions";
    }
    if (reason.length() > 4000) {
      flash.addFlashAttribute("cancelProblem", "Reason may hold at most 4000 characters.");
      return "redirect:/releases/" + id + "#actions";
    }
    try {
      retries.onConflict(() -> service.cancel(id, reason, caller.getName()));
      flash.addFlashAttribute("done", "The release is cancelled.");
    } catch (Refusal refusal) {
      flash.addFlashAttribute("cancelProblem", Plain.words(refusal));
    }
    return "redirect:/releases/" + id + "#actions";
  }

  /** The frozen notes once the release has ended, else the draft: as {@code GET /api/releases/{id}/notes}. */
  private String notesText(Release release, Audience who) {
    return finalNotes.find(release.id(), who).map(FinalNotes.Frozen::markdown)
        .orElseGet(() -> ReleaseNotes.render(release, changes.list(release.id()), deployments.list(release.id()), who,
            issues));
  }

  private Map<String, List<Change>> changeGroups(Release release) {
    Optional<CommitLinks> links = CommitLinks.of(release.repository().url());
    Map<String, List<Change>> groups = new LinkedHashMap<>();
    groups.put("Breaking changes", new ArrayList<>());
    ReleaseNotes.GROUPS.values().forEach(heading -> groups.put(heading, new ArrayList<>()));
    groups.put("Other changes", new ArrayList<>());
    for (Commit commit : changes.first(release.id(), COMMITS_SHOWN)) {
      ConventionalCommit c = ConventionalCommit.of(commit);
      if (c.merge()) {
        continue;
      }
      String heading = c.breaking() ? "Breaking changes"
          : c.type() != null && ReleaseNotes.GROUPS.containsKey(c.type()) ? ReleaseNotes.GROUPS.get(c.type())
          : "Other changes";
      groups.get(heading).add(new Change(commit.sha().substring(0, Math.min(10, commit.sha().length())),
          links.map(l -> l.commit(commit.sha())).orElse(null), c.scope(), c.description(), c.breaking(),
          commit.authorName()));
    }
    groups.values().removeIf(List::isEmpty);
    return groups;
  }

  private static List<Series> series(List<ReleaseParts.Check> checks) {
    Map<String, Series> byQuery = new LinkedHashMap<>();
    for (ReleaseParts.Check check : checks) {
      Series s = byQuery.computeIfAbsent(check.environment() + "\u0000" + check.name(), k -> new Series(
          check.environment(), check.name(), check.threshold(), new ArrayList<>(), new ArrayList<>()));
      s.labels().add("round " + check.round());
      s.values().add(check.value());
    }
    return List.copyOf(byQuery.values());
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Moment moment(AuditLog.Entry e) {
    return new Moment(e.at(), e.actor(), e.action(), summary(e.details()));
  }

  /** The scalar details of an audit event in a line: what a reader scans for. */
  static String summary(JsonNode details) {
    if (details == null || !details.isObject()) {
      return details == null ? "" : details.asText();
    }
    List<String> parts = new ArrayList<>();
    details.fields().forEachRemaining(field -> {
      JsonNode value = field.getValue();
      if (value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
        parts.add(field.getKey() + ": " + value.asText());
      } else if (value.isArray() && !value.isEmpty() && value.get(0).isValueNode()) {
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asText()));
        parts.add(field.getKey() + ": " + String.join(", ", items));
      }
    });
    String line = String.join("; ", parts);
    return line.length() > SUMMARY_LIMIT ? line.substring(0, SUMMARY_LIMIT) + "…" : line;
  }

  private Release find(long id) {
    return releases.find(id).orElseThrow(() -> new NotFound("Release " + id + " does not exist"));
  }

  static boolean has(Authentication caller, String role) {
    return caller != null && caller.getAuthorities().stream().anyMatch(a -> role.equals(a.getAuthority()));
  }
}
