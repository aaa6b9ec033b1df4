package org.relman.shared;

import java.util.List;

/**
 * A request relman refuses, for a reason of its own domain: the thing does not exist, the release's state does not
 * allow it, the caller may not, or the input is wrong. Thrown before anything is written (or it rolls back what was),
 * so a refused request changes nothing. The HTTP layer answers each kind with its status as an RFC 9457 problem.
 */
public abstract sealed class Refusal extends RuntimeException
    permits NotFound, StateConflict, NotPermitted, InvalidInput, NotAuthenticated {

  protected Refusal(String message) {
    super(message);
  }

  /** The invalid fields, when the refusal is about input; empty otherwise. */
  public List<FieldProblem> problems() {
    return List.of();
  }
}
