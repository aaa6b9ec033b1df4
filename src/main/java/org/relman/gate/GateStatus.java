package org.relman.gate;

public enum GateStatus {
  PENDING, PASSED, FAILED, TIMED_OUT
}
