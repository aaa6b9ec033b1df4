package org.relman.approval;

import java.time.Instant;

/** A recorded decision; {@code kind} is the task kind that made it. */
public record Approval(String kind, String decision, String by, Instant at, String comment) {}
