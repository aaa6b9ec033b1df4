package org.relman.deploy;

import org.relman.process.WorkItem;
import org.relman.process.WorkResult;
import org.relman.process.Worker;
import org.springframework.stereotype.Component;

/**
 * "Deploy release" to one environment, by command or webhook. A failed deployment raises
 * {@value #ENVIRONMENT_FAILED}: the model rolls the environment back.
 */
@Component
class DeployReleaseWorker implements Worker {

  static final String TOPIC = "deploy-release";
  /** The error every step of a promotion raises when the environment must be rolled back. */
  static final String ENVIRONMENT_FAILED = "environment-failed";

  private final DeploymentSteps steps;

  DeployReleaseWorker(DeploymentSteps steps) {
    this.steps = steps;
  }

  @Override
  public String topic() {
    return TOPIC;
  }

  @Override
  public WorkResult work(WorkItem item) throws Exception {
    DeploymentSteps.Result result = steps.run(item, DeploymentAction.DEPLOY);
    if (result instanceof DeploymentSteps.Result.Waiting waiting) {
      return WorkResult.pending(waiting.lockFor());
    }
    if (result instanceof DeploymentSteps.Result.Nothing nothing) {
      return WorkResult.nothingToDo(nothing.why());
    }
    return outcome(((DeploymentSteps.Result.Finished) result).deployment());
  }

  /** What a finished deployment means for the model: go on, or roll the environment back. */
  WorkResult outcome(Deployment deployment) {
    if (deployment.status() == DeploymentStatus.SUCCEEDED) {
      return WorkResult.completed();
    }
    return WorkResult.businessError(ENVIRONMENT_FAILED, "Deploy to " + deployment.environment() + " failed: "
        + deployment.failureReason() + " (deployment " + deployment.deploymentId() + ")");
  }
}
