package org.relman.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.relman.shared.FieldProblem;

/**
 * The values of a task's form after the form's own rules were checked ({@link FormDefinition#check}): text trimmed,
 * instants as ISO strings, null for a field that is absent, hidden or broke a rule of the form. What a task kind checks
 * on top of them spans fields or needs relman's data, and is added here as a problem per field.
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

  public String text(String field) {
    Object value = values.get(field);
    return value == null ? null : value.toString();
  }

  public Boolean bool(String field) {
    return values.get(field) instanceof Boolean b ? b : null;
  }

  public Instant instant(String field) {
    String text = text(field);
    return text == null ? null : Instant.parse(text);
  }

  /** True when the field already broke one of the form's rules (its value is null then). */
  public boolean refused(String field) {
    return problems.stream().anyMatch(p -> p.field().equals(field));
  }

  public void problem(String field, String message) {
    problems.add(new FieldProblem(field, message));
  }
}
