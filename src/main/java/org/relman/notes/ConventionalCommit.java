package org.relman.notes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.relman.change.Commit;

/**
 * A commit read as a Conventional Commit (https://www.conventionalcommits.org/en/v1.0.0/): {@code type(scope)!:
 * description}. A commit is breaking with {@code !} before the colon or with a {@code BREAKING CHANGE:} (or
 * {@code BREAKING-CHANGE:}) footer in its body; the footer's text is the note. A subject that does not follow the form
 * has a null type and keeps its whole subject as description.
 */
public record ConventionalCommit(Commit commit, String type, String scope, boolean breaking, String description,
    List<String> breakingNotes) {

  private static final Pattern HEADER = Pattern.compile("^([A-Za-z][A-Za-z0-9_-]*)(?:\\(([^()\\r\\n]*)\\))?(!)?: ?(\\S.*)$");
  private static final Pattern BREAKING_FOOTER = Pattern.compile("^BREAKING[ -]CHANGE: ?(.*)$");
  private static final Pattern HAS_BREAKING_FOOTER = Pattern.compile("(?m)^BREAKING[ -]CHANGE:");
  /** Any git trailer ({@code Token: value} or {@code Token #value}): it ends a multi-line breaking note. */
  private static final Pattern FOOTER = Pattern.compile("^(?:[A-Za-z][A-Za-z0-9-]*|BREAKING CHANGE)(?:: | #).*$");
  private static final Pattern MERGE = Pattern.compile("^Merge (?:branch|branches|pull request|remote-tracking branch|tag|commit) .*");

  public static ConventionalCommit of(Commit commit) {
    String subject = commit.subject() == null ? "" : commit.subject().strip();
    List<String> notes = breakingNotes(commit.body());
    boolean footer = commit.body() != null && HAS_BREAKING_FOOTER.matcher(commit.body()).find();
    Matcher header = HEADER.matcher(subject);
    if (!header.matches()) {
      return new ConventionalCommit(commit, null, null, footer, subject, notes);
    }
    String scope = header.group(2) == null || header.group(2).isBlank() ? null : header.group(2).strip();
    return new ConventionalCommit(commit, header.group(1).toLowerCase(Locale.ROOT), scope,
        header.group(3) != null || footer, header.group(4).strip(), notes);
  }

  /** A merge commit's subject as git writes it: it brings the branch's commits, which are listed themselves. */
  public boolean merge() {
    return type == null && MERGE.matcher(description).matches();
  }

  private static List<String> breakingNotes(String body) {
    List<String> notes = new ArrayList<>();
    if (body == null || body.isBlank()) {
      return notes;
    }
    StringBuilder current = null;
    for (String line : body.split("\\R")) {
      Matcher breaking = BREAKING_FOOTER.matcher(line);
      if (breaking.matches()) {
        if (current != null) {
          notes.add(current.toString().strip());
        }
        current = new StringBuilder(breaking.group(1).strip());
      } else if (current != null && (line.isBlank() || FOOTER.matcher(line).matches())) {
        notes.add(current.toString().strip());
        current = null;
      } else if (current != null) {
        current.append(current.isEmpty() ? "" : " ").append(line.strip());
      }
    }
    if (current != null) {
      notes.add(current.toString().strip());
    }
    notes.removeIf(String::isEmpty);
    return notes;
  }
}
