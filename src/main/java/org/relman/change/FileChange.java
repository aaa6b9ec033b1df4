package org.relman.change;

/** A file the change set touches, with the lines it adds and removes (0 and 0 for binary files). */
public record FileChange(String path, String changeType, int added, int deleted) {}
