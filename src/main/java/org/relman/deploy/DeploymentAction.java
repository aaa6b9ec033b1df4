package org.relman.deploy;

public enum DeploymentAction {
  DEPLOY, ROLLBACK;

  /** As the API and RELMAN_ACTION spell it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
