package org.relman.shared;

import java.util.List;

/** Input that is missing or wrong; names every bad field at once. */
public final class InvalidInput extends Refusal {

  private final List<FieldProblem> problems;

  public InvalidInput(List<FieldProblem> problems) {
    super(FieldProblem.describe(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("invalid input must name at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public static InvalidInput of(String field, String message) {
    return new InvalidInput(List.of(new FieldProblem(field, message)));
  }

  @Override
  public List<FieldProblem> problems() {
    return problems;
  }
}
