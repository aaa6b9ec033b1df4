package org.relman.risk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The outcome of the risk policy for a release: its level, the approvals it asks for, and the facts it rested on. */
public record Assessment(long releaseId, RiskLevel level, List<String> requiredApprovals, Map<String, Object> facts,
    String decision, Instant assessedAt) {}
