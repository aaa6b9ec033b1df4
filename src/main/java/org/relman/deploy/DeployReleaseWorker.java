package org.relman.deploy;

import org.relman.process.WorkItem;
import org.relman.process.WorkResult;
import org.relman.process.Worker;
import org.springframework.stereotype.Component;

/** "Deploy release" to one environment; a failed deploy raises {@value #DEPLOY_FAILED} and the model rolls back. */
@Component
class DeployReleaseWorker implements Worker {

  static final String TOPIC = "deploy-release";
  static final String DEPLOY_FAILED = "deploy-failed";

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
    Deployment deployment = steps.run(item, DeploymentAction.DEPLOY);
    if (deployment == null) {
      return DeploymentSteps.gone(item);
    }
    if (deployment.status() == DeploymentStatus.SUCCEEDED) {
      return WorkResult.completed();
    }
    return WorkResult.businessError(DEPLOY_FAILED, "Deploy to " + deployment.environment() + " failed: "
        + deployment.failureReason() + " (deployment " + deployment.deploymentId() + ")");
  }
}
