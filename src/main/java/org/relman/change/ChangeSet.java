package org.relman.change;

import java.util.List;

/**
 * The commits reachable from {@code toSha} but not from {@code fromSha}, newest first, and the files that differ
 * between the two.
 */
public record ChangeSet(String fromSha, String toSha, List<Commit> commits, List<FileChange> files) {

  public int linesChanged() {
    return files.stream().mapToInt(f -> f.added() + f.deleted()).sum();
  }
}
