package org.relman.task;

/** The caller may not work on this task: not a candidate, the release's own requester (four eyes), or not signed in. */
public class TaskRefused extends RuntimeException {

  public TaskRefused(String message) {
    super(message);
  }
}
