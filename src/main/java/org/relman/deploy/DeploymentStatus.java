package org.relman.deploy;

public enum DeploymentStatus {
  RUNNING, SUCCEEDED, FAILED
}
