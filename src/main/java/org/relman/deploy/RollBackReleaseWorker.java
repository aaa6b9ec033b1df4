package org.relman.deploy;

import org.relman.RelmanProperties;
import org.relman.process.WorkItem;
import org.relman.process.WorkResult;
import org.relman.process.Worker;
import org.springframework.stereotype.Component;

/**
 * "Roll back release" in one environment, by command or webhook, after its deploy, verification or soak failed. A
 * failed rollback is retried ({@code relman.deploy.rollback-attempts}, {@code relman.deploy.retry-backoff}) under the
 * same deployment id; when the last attempt fails too, the model's "Rollback failed" ({@value #ROLLBACK_FAILED}) asks a
 * release manager to restore the environment by hand.
 */
@Component
class RollBackReleaseWorker implements Worker {

  static final String TOPIC = "roll-back-release";
  /** The error code of a rollback that failed on every attempt. */
  static final String ROLLBACK_FAILED = "rollback-failed";

  private final DeploymentSteps steps;
  private final RetryPolicy retryPolicy;
  private final int attempts;

  RollBackReleaseWorker(DeploymentSteps steps, RelmanProperties properties) {
    this.steps = steps;
    this.attempts = properties.deploy().rollbackAttempts();
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

  /**
   * A failed rollback is a technical failure on purpose: it is retried; once every attempt has failed it is the
   * model's to handle (a release manager restores the environment by hand), not an incident nobody is asked about.
   */
  WorkResult outcome(Deployment rollback) {
    if (rollback.status() == DeploymentStatus.SUCCEEDED) {
      return WorkResult.completed();
    }
    if (rollback.attempts() >= attempts) {
      return WorkResult.businessError(ROLLBACK_FAILED, "Rollback of " + rollback.environment() + " failed on all "
          + rollback.attempts() + " attempts, the last: " + rollback.failureReason() + " (deployment "
          + rollback.deploymentId() + ")");
    }
    return WorkResult.failed("Rollback of " + rollback.environment() + " failed: " + rollback.failureReason()
        + " (deployment " + rollback.deploymentId() + ", attempt " + rollback.attempts() + ")", rollback.output());
  }
}
