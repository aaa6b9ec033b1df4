package org.relman.deploy;

/** Where a release stands in one environment of its promotion path. */
public enum EnvironmentState {
  /** Not reached (yet): the version was never deployed here. */
  PENDING,
  DEPLOYING,
  VERIFYING,
  MONITORING,
  /** Deployed and healthy through its soak: the environment runs the new version. */
  PROMOTED,
  /** The deploy, its verification or its soak failed; a rollback follows. */
  FAILED,
  ROLLING_BACK,
  /** Back on the previous version. */
  ROLLED_BACK,
  /** Every rollback attempt failed: a release manager restores it by hand (then ROLLED_BACK). */
  ROLLBACK_FAILED
}
