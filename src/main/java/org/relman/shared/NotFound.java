package org.relman.shared;

/** What the request names does not exist (or the caller may not know that it does). */
public final class NotFound extends Refusal {

  public NotFound(String message) {
    super(message);
  }
}
