package org.relman.task;

import java.util.List;

import org.relman.web.ApiException;
import org.relman.web.FieldProblem;

/** Submitted form values are missing or invalid; names each field. */
public class TaskInputRejected extends RuntimeException {

  private final List<FieldProblem> problems;

  public TaskInputRejected(List<FieldProblem> problems) {
    super(ApiException.describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
