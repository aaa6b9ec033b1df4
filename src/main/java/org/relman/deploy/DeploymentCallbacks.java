package org.relman.deploy;

import org.operaton.bpm.engine.ExternalTaskService;
import org.operaton.bpm.engine.externaltask.ExternalTask;
import org.relman.process.EngineDeliveredTask;
import org.relman.process.WorkAnswers;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.relman.security.WebhookSignatures;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.relman.shared.NotFound;
import org.relman.shared.StateConflict;
import org.relman.shared.ServiceScope;

/**
 * Takes a webhook deploy target's callback: records the outcome of a running deployment and answers the waiting
 * task as its worker would have, in one transaction. A fast target may call back before relman has finished sending;
 * a callback for an unknown or finished deployment is refused and changes nothing.
 */
@Service
public class DeploymentCallbacks {

  private static final String CALLBACK_WORKER = "relman-callback";

  private final Releases releases;
  private final Deployments deployments;
  private final DeploymentSteps steps;
  private final ExternalTaskService externalTasks;
  private final WebhookSignatures signatures;
  private final DeployReleaseWorker deployWorker;
  private final RollBackReleaseWorker rollbackWorker;

  DeploymentCallbacks(Releases releases, Deployments deployments, DeploymentSteps steps, ExternalTaskService externalTasks,
      WebhookSignatures signatures, DeployReleaseWorker deployWorker, RollBackReleaseWorker rollbackWorker) {
    this.releases = releases;
    this.deployments = deployments;
    this.steps = steps;
    this.externalTasks = externalTasks;
    this.signatures = signatures;
    this.deployWorker = deployWorker;
    this.rollbackWorker = rollbackWorker;
  }

  @Transactional
  public Deployment report(long releaseId, String environment, DeploymentCallback callback, String signature) {
    signatures.accept(signature);
    Release release = releases.lock(releaseId)
        .orElseThrow(() -> new NotFound("Release " + releaseId + " does not exist"));
    ServiceScope.check(release.services(), "a deployment callback for release " + release.version());
    Deployment deployment = deployments.find(callback.deploymentId())
        .filter(d -> d.releaseId() == releaseId && d.environment().equals(environment))
        .orElseThrow(() -> new StateConflict("Deployment " + callback.deploymentId() + " is not a deployment of release "
            + release.version() + " in " + environment));
    if (deployment.deployer() != Deployment.Deployer.WEBHOOK) {
      throw new StateConflict("Deployment " + deployment.deploymentId() + " runs a command and takes no callback");
    }
    if (!deployment.running()) {
      throw new StateConflict("Deployment " + deployment.deploymentId() + " has already finished "
          + deployment.status());
    }
    boolean succeeded = callback.status() == DeploymentCallback.Outcome.SUCCEEDED;
    String failure = succeeded ? null : "target reported failure" + (callback.details() == null ? "" : ": " + firstLine(callback.details()));
    Deployment finished = steps.finish(deployment, succeeded ? DeploymentStatus.SUCCEEDED : DeploymentStatus.FAILED, null,
        callback.details(), failure);
    answer(finished);
    return finished;
  }

  /** Answers the deployment's task as its worker would have: complete, roll back (a failed deploy), or retry. */
  private void answer(Deployment deployment) {
    ExternalTask task = deployment.externalTaskId() == null ? null
        : externalTasks.createExternalTaskQuery().externalTaskId(deployment.externalTaskId()).singleResult();
    if (task == null) {
      return; // the release was cancelled meanwhile: the outcome is recorded, nobody waits for it
    }
    String worker = task.getWorkerId();
    if (worker == null) {
      externalTasks.lock(task.getId(), CALLBACK_WORKER, 60_000);
      worker = CALLBACK_WORKER;
    }
    var delivered = new EngineDeliveredTask(externalTasks, task.getId(), worker, task.getRetries());
    if (deployment.action() == DeploymentAction.DEPLOY) {
      WorkAnswers.answer(deployWorker, task.getBusinessKey(), deployWorker.outcome(deployment), delivered);
    } else {
      WorkAnswers.answer(rollbackWorker, task.getBusinessKey(), rollbackWorker.outcome(deployment), delivered);
    }
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 500 ? line.substring(0, 500) + "..." : line;
  }
}
