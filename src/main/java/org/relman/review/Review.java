package org.relman.review;

import java.time.Instant;

/** A post-release review or post-mortem ({@code kind} is the task kind). */
public record Review(String kind, String summary, String rootCause, String followUps, String by, Instant at) {}
