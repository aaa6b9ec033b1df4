package org.relman.deploy;

import java.util.List;

import org.relman.RelmanProperties;

/** The seam to a deployment target. Today: a command; a webhook deployer plugs in here too. */
public interface Deployer {

  /** Everything a target learns about the deployment it is asked to make. */
  record Request(long releaseId, String version, List<String> services, String environment, DeploymentAction action,
      String deploymentId, int attempt, String revision) {}

  /** The target's answer: success, the exit code when there is one, the (bounded) output, and why it failed. */
  record Outcome(boolean succeeded, Integer exitCode, String output, String failureReason) {}

  /** Called while a deployment runs, so the worker keeps its task. */
  interface Heartbeat {
    void beat();
  }

  Outcome run(Request request, RelmanProperties.Step step, Heartbeat heartbeat) throws InterruptedException;
}
