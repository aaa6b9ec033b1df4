package org.relman.release;

import java.util.EnumSet;
import java.util.Set;

/** Where a release stands (API.md). Set by the lifecycle model through the {@code relman.status} element property. */
public enum ReleaseStatus {
  PLANNING, GATING, AWAITING_APPROVAL, SCHEDULED, DEPLOYING, MONITORING, IN_REVIEW, COMPLETED, ROLLED_BACK, CANCELLED,
  /** A rollback failed for good: a release manager restores the environment by hand and confirms what was done. */
  ROLLBACK_FAILED;

  private static final Set<ReleaseStatus> ENDED = EnumSet.of(COMPLETED, ROLLED_BACK, CANCELLED);

  public boolean ended() {
    return ENDED.contains(this);
  }

  /** CI gate reports are accepted until the release has left its gates. */
  public boolean acceptsGateReports() {
    return this == PLANNING || this == GATING;
  }
}
