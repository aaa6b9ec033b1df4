package org.relman.change;

/**
 * A file the change set touches, with the lines it adds and removes (0 and 0 for binary files); {@code previousPath} is
 * where a renamed or copied file came from (null otherwise).
 */
public record FileChange(String path, String changeType, int added, int deleted, String previousPath) {

  /** The paths the change touches: the file's, and the one it was renamed or copied from. */
  public java.util.List<String> paths() {
    return previousPath == null ? java.util.List.of(path) : java.util.List.of(path, previousPath);
  }
}
