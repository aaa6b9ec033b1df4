package org.relman.notes;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.relman.change.Commit;
import org.relman.deploy.Deployment;
import org.relman.deploy.DeploymentAction;
import org.relman.deploy.DeploymentStatus;
import org.relman.release.Release;
import org.relman.release.ReleaseStatus;
import org.relman.shared.Markdown;

/**
 * Renders a release's notes in Markdown from its change set: breaking changes first, then the conventional-commit
 * groups in {@link #GROUPS} order, then "Other changes" (subjects that are not conventional commits, and unknown types);
 * oldest commit first within a group; merge commits left out (the commits they bring are listed). The head says where
 * the release stands and which environments run it, from its deployments. A pure function of its inputs, so the notes
 * frozen at the end are exactly what a draft rendered at that moment would have been. What people and commits wrote
 * (the release's name, subjects, scopes, authors, refs, the cancel reason) is shown literally ({@link Markdown}).
 */
public final class ReleaseNotes {

  /** Conventional-commit types and their headings, in the order the notes list them (after breaking changes). */
  public static final Map<String, String> GROUPS = groups();

  static final String BREAKING = "Breaking changes";
  static final String OTHER = "Other changes";

  private ReleaseNotes() {}

  private static Map<String, String> groups() {
    Map<String, String> groups = new LinkedHashMap<>();
    groups.put("feat", "Features");
    groups.put("fix", "Bug fixes");
    groups.put("perf", "Performance");
    groups.put("revert", "Reverts");
    groups.put("docs", "Documentation");
    groups.put("refactor", "Refactoring");
    groups.put("style", "Style");
    groups.put("test", "Tests");
    groups.put("build", "Build");
    groups.put("ci", "CI");
    groups.put("chore", "Chores");
    return java.util.Collections.unmodifiableMap(groups);
  }

  /** What a release left in one environment of its promotion path, as its deployments tell it. */
  public enum Outcome {
    /** The last deploy succeeded and was not rolled back: the environment runs this version. */
    RUNS_VERSION,
    /** Deployed (or tried to) and rolled back to the previous version. */
    ROLLED_BACK,
    /** The deploy failed and no rollback succeeded (yet). */
    FAILED,
    /** Being deployed right now. */
    DEPLOYING,
    /** Never deployed here. */
    NOT_DEPLOYED
  }

  /** Each environment of the release's promotion path, in order, with what the release left there. */
  public static Map<String, Outcome> outcomes(Release release, List<Deployment> deployments) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    release.environments().forEach(e -> outcomes.put(e, Outcome.NOT_DEPLOYED));
    for (Deployment d : deployments) {
      Outcome now;
      if (d.action() == DeploymentAction.DEPLOY) {
        now = switch (d.status()) {
          case SUCCEEDED -> Outcome.RUNS_VERSION;
          case FAILED -> Outcome.FAILED;
          case RUNNING -> Outcome.DEPLOYING;
        };
      } else if (d.status() == DeploymentStatus.SUCCEEDED) {
        now = Outcome.ROLLED_BACK;
      } else {
        continue;
      }
      outcomes.put(d.environment(), now);
    }
    return outcomes;
  }

  /** The notes of the release for the audience, as they stand now, without issue links. */
  public static String render(Release release, List<Commit> commits, List<Deployment> deployments, Audience audience) {
    return render(release, commits, deployments, audience, IssueLinks.NONE);
  }

  /** The notes of the release for the audience, as they stand now; issue keys in commit messages link to the issues. */
  public static String render(Release release, List<Commit> commits, List<Deployment> deployments, Audience audience,
      IssueLinks issues) {
    StringBuilder md = new StringBuilder();
    md.append("# Release notes: ").append(Markdown.text(release.version())).append("\n\n");
    if (release.name() != null && !release.name().isBlank()) {
      md.append(Markdown.block(release.name())).append("\n\n");
    }
    md.append("Services: ").append(Markdown.text(String.join(", ", release.services()))).append("\n\n");
    md.append(standing(release, outcomes(release, deployments), audience));

    Optional<CommitLinks> links = CommitLinks.of(release.repository().url());
    List<ConventionalCommit> parsed = new ArrayList<>();
    // the change set is stored newest first; notes read oldest first
    for (int i = commits.size() - 1; i >= 0; i--) {
      ConventionalCommit c = ConventionalCommit.of(commits.get(i));
      if (!c.merge() && audience.shows(c)) {
        parsed.add(c);
      }
    }
    Map<String, List<ConventionalCommit>> sections = new LinkedHashMap<>();
    sections.put(BREAKING, new ArrayList<>());
    GROUPS.values().forEach(heading -> sections.put(heading, new ArrayList<>()));
    sections.put(OTHER, new ArrayList<>());
    for (ConventionalCommit c : parsed) {
      String heading = c.breaking() ? BREAKING : c.type() != null && GROUPS.containsKey(c.type()) ? GROUPS.get(c.type()) : OTHER;
      sections.get(heading).add(c);
    }
    if (parsed.isEmpty()) {
      md.append("\nNo changes.\n");
    }
    sections.forEach((heading, entries) -> {
      if (entries.isEmpty()) {
        return;
      }
      md.append("\n## ").append(heading).append("\n\n");
      for (ConventionalCommit c : entries) {
        md.append(entry(c, heading.equals(OTHER), links, audience, issues)).append("\n");
        if (heading.equals(BREAKING)) {
          c.breakingNotes().forEach(note -> md.append("  - ").append(issues.markdown(note, Markdown::block)).append("\n"));
        }
      }
    });
    if (audience == Audience.ENGINEERING) {
      md.append("\n---\n\n");
      md.append(commits.size()).append(commits.size() == 1 ? " commit" : " commits").append(" from ")
          .append(Markdown.code(release.repository().fromRef())).append(shortSha(release.fromSha()))
          .append(" to ").append(Markdown.code(release.repository().toRef())).append(shortSha(release.toSha()));
      links.ifPresent(l -> md.append(" in ").append(Markdown.text(l.repository())));
      md.append(".\n");
      Set<String> authors = new LinkedHashSet<>();
      parsed.forEach(c -> authors.add(c.commit().authorName()));
      if (!authors.isEmpty()) {
        md.append("\nAuthors: ").append(Markdown.text(String.join(", ", authors.stream().sorted().toList()))).append(".\n");
      }
    }
    return md.toString();
  }

  private static String shortSha(String sha) {
    return sha == null ? "" : " (" + sha.substring(0, Math.min(7, sha.length())) + ")";
  }

  private static String entry(ConventionalCommit c, boolean other, Optional<CommitLinks> links, Audience audience,
      IssueLinks issues) {
    StringBuilder line = new StringBuilder("- ");
    if (other && c.type() != null) {
      // an unknown type is shown as it was written
      line.append(issues.markdown(c.commit().subject(), Markdown::block));
    } else {
      if (c.scope() != null) {
        line.append("**").append(Markdown.text(c.scope())).append(":** ");
        line.append(issues.markdown(c.description(), Markdown::text));
      } else {
        line.append(issues.markdown(c.description(), Markdown::block));
      }
    }
    String sha = c.commit().sha();
    String shortSha = sha.substring(0, Math.min(7, sha.length()));
    // a link's address is built from a checked host and path (CommitLinks) and a hex sha: nothing in it to escape
    line.append(" (").append(links.map(l -> "[" + shortSha + "](" + l.commit(sha) + ")").orElse(Markdown.text(shortSha)))
        .append(")");
    if (audience == Audience.ENGINEERING) {
      line.append(" — ").append(Markdown.text(c.commit().authorName()));
    }
    return line.toString();
  }

  /** Where the release stands, and which environments run it. */
  static String standing(Release release, Map<String, Outcome> outcomes, Audience audience) {
    List<String> running = names(outcomes, Outcome.RUNS_VERSION).stream().map(Markdown::text).toList();
    String runningText = running.isEmpty() ? "" : " Running this version: " + String.join(", ", running) + ".";
    ReleaseStatus status = release.status();
    if (!status.ended()) {
      return "_Draft: the release is " + status + "; these notes are final when it ends._"
          + (running.isEmpty() ? "" : " Deployed so far: " + String.join(", ", running) + ".") + "\n";
    }
    String date = release.endedAt() == null ? "" : " on " + release.endedAt().atZone(ZoneOffset.UTC).toLocalDate();
    return switch (status) {
      case COMPLETED -> "Released" + date + (running.isEmpty() ? "" : " to " + String.join(", ", running)) + ".\n";
      case ROLLED_BACK -> {
        List<String> back = names(outcomes, Outcome.ROLLED_BACK).stream().map(Markdown::text).toList();
        List<String> failed = names(outcomes, Outcome.FAILED).stream().map(Markdown::text).toList();
        String text = "Rolled back" + date + ":";
        text += back.isEmpty() ? "" : " " + String.join(", ", back) + " went back to the previous version.";
        text += failed.isEmpty() ? "" : " The deployment to " + String.join(", ", failed) + " failed.";
        yield text + (running.isEmpty() ? " No environment runs this version." : runningText) + "\n";
      }
      default -> {
        String reason = audience == Audience.ENGINEERING && release.cancelReason() != null
            ? ": " + Markdown.text(release.cancelReason().strip().replaceAll("\\.+$", "")) : "";
        yield "Cancelled" + date + reason + "." + (running.isEmpty() ? " Never deployed." : runningText) + "\n";
      }
    };
  }

  private static List<String> names(Map<String, Outcome> outcomes, Outcome outcome) {
    return outcomes.entrySet().stream().filter(e -> e.getValue() == outcome).map(Map.Entry::getKey).toList();
  }
}
