package org.relman.change;

/** The repository or one of the refs does not exist: no change set can be collected, and retrying will not help. */
public class ChangeSetUnavailable extends Exception {

  public ChangeSetUnavailable(String message) {
    super(message);
  }
}
