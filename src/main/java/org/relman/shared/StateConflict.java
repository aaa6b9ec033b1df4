package org.relman.shared;

/** The request is valid, but not now: the release (or task, or deployment) is in a state that does not allow it. */
public final class StateConflict extends Refusal {

  public StateConflict(String message) {
    super(message);
  }
}
