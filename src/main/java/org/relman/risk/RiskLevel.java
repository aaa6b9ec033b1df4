package org.relman.risk;

/** Ordered from least to most risky: the assessment takes the highest level any rule of the policy gives. */
public enum RiskLevel {
  LOW, MEDIUM, HIGH, CRITICAL
}
