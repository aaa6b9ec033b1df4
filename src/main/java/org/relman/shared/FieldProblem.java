package org.relman.shared;

import java.util.List;

/** One invalid field of a request, as listed in a problem detail's {@code errors}. */
public record FieldProblem(String field, String message) {

  /** The problems in one line: {@code field: message; field: message}. */
  public static String describe(List<FieldProblem> problems) {
    return String.join("; ", problems.stream().map(p -> p.field() + ": " + p.message()).toList());
  }
}
