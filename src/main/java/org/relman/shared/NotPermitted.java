package org.relman.shared;

/** The caller is known but may not do this: not in the right group, or four eyes. */
public final class NotPermitted extends Refusal {

  public NotPermitted(String message) {
    super(message);
  }
}
