package org.relman.shared;

/** Nobody could be identified: a missing, bad, stale or replayed webhook signature, or no signed-in person. */
public final class NotAuthenticated extends Refusal {

  public NotAuthenticated(String message) {
    super(message);
  }
}
