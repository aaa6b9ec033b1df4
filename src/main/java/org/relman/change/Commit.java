package org.relman.change;

import java.time.Instant;

/** One commit of a change set. */
public record Commit(String sha, String authorName, String authorEmail, Instant committedAt, String subject, String body) {}
