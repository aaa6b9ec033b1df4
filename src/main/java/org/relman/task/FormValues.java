package org.relman.task;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.relman.shared.FieldProblem;

/**
 * Reads submitted form values of any origin (relman's API, Tasklist, {@code /engine-rest}) and names what is wrong
 * with them. Blank text counts as absent.
 */
public final class FormValues {

  private final long releaseId;
  private final Map<String, Object> values;
  private final List<FieldProblem> problems;

  public FormValues(long releaseId, Map<String, Object> values, List<FieldProblem> problems) {
    this.releaseId = releaseId;
    this.values = values;
    this.problems = problems;
  }

  /** The release the task belongs to, for checks that depend on it. */
  public long releaseId() {
    return releaseId;
  }

  public String text(String field, boolean required, int minLength, int maxLength) {
    Object raw = values.get(field);
    if (raw != null && !(raw instanceof String)) {
      problems.add(new FieldProblem(field, "must be text"));
      return null;
    }
    String text = raw == null ? null : ((String) raw).strip();
    if (text == null || text.isEmpty()) {
      if (required) {
        problems.add(new FieldProblem(field, "is required"));
      }
      return null;
    }
    if (text.length() < minLength) {
      problems.add(new FieldProblem(field, "must be at least " + minLength + " characters (has " + text.length() + ")"));
    } else if (text.length() > maxLength) {
      problems.add(new FieldProblem(field, "must be at most " + maxLength + " characters (has " + text.length() + ")"));
    }
    return text;
  }

  public String choice(String field, Set<String> allowed) {
    String value = text(field, true, 1, 64);
    if (value != null && !allowed.contains(value)) {
      problems.add(new FieldProblem(field, "must be one of " + allowed.stream().sorted().toList() + ", got '" + value + "'"));
      return null;
    }
    return value;
  }

  public Boolean bool(String field, boolean required) {
    Object raw = values.get(field);
    if (raw == null) {
      if (required) {
        problems.add(new FieldProblem(field, "is required (true or false)"));
      }
      return null;
    }
    if (!(raw instanceof Boolean b)) {
      problems.add(new FieldProblem(field, "must be true or false"));
      return null;
    }
    return b;
  }

  public Instant instant(String field, boolean required) {
    String text = text(field, required, 1, 64);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(new FieldProblem(field, "must be an ISO-8601 instant such as 2026-12-03T10:00:00Z, got '" + text + "'"));
      return null;
    }
  }

  public void problem(String field, String message) {
    problems.add(new FieldProblem(field, message));
  }
}
