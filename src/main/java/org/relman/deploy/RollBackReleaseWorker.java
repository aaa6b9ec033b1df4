package org.relman.deploy;

import org.relman.RelmanProperties;
import org.relman.process.WorkItem;
import org.relman.process.WorkResult;
import org.relman.process.Worker;
import org.springframework.stereotype.Component;

/**
 * "Roll back release" in one environment, by command or webhook, after its deploy, verification or soak failed. A
 * failed rollback is retried ({@code relman.deploy.rollback-attempts},
 * {@code relman.deploy.retry-backoff}) under the same deployment id, then becomes an incident for an operator.
 */
@Component
class RollBackReleaseWorker implements Worker {

  static final String TOPIC = "roll-back-release";

  private final DeploymentSteps steps;
  private final RetryPolicy retryPolicy;

  RollBackReleaseWorker(DeploymentSteps steps, RelmanProperties properties) {
    this.steps = steps;
    this.retryPolicy = new RetryPolicy(properties.deploy().rollbackAttempts(), properties.deploy().retryBackoff());
  }

  @Override
  public String topic() {
    return TOPIC;
  }

  @Override
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  @Override
  public WorkResult work(WorkItem item) throws Exception {
    DeploymentSteps.Result result = steps.run(item, DeploymentAction.ROLLBACK);
    if (result instanceof DeploymentSteps.Result.Waiting waiting) {
      return WorkResult.pending(waiting.lockFor());
    }
    if (result instanceof DeploymentSteps.Result.Nothing nothing) {
      return WorkResult.nothingToDo(nothing.why());
    }
    return outcome(((DeploymentSteps.Result.Finished) result).deployment());
  }

  /** A failed rollback is a technical failure on purpose: it is retried, and then an operator must act. */
  WorkResult outcome(Deployment rollback) {
    if (rollback.status() == DeploymentStatus.SUCCEEDED) {
      return WorkResult.completed();
    }
    return WorkResult.failed("Rollback of " + rollback.environment() + " failed: " + rollback.failureReason()
        + " (deployment " + rollback.deploymentId() + ", attempt " + rollback.attempts() + ")", rollback.output());
  }
}
