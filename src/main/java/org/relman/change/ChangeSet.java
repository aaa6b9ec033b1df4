package org.relman.change;

import java.util.List;

/** The commits reachable from {@code toSha} but not from {@code fromSha}, newest first. */
public record ChangeSet(String fromSha, String toSha, List<Commit> commits) {}
