package org.relman.task;

import java.util.List;

/** Who is working on tasks: the signed-in person and their groups (relman's roles), whichever door they came in by. */
public record Caller(String user, List<String> groups) {

  public Caller {
    groups = List.copyOf(groups);
  }

  boolean inAnyOf(List<String> candidateGroups) {
    return candidateGroups.stream().anyMatch(groups::contains);
  }
}
