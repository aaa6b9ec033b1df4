package org.relman.deploy;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.relman.Db;
import org.relman.RelmanProperties;
import org.relman.process.WorkItem;
import org.relman.process.WorkResult;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What deploying and rolling back have in common. The deployment record is written and committed before the target is
 * touched, and its outcome before the task is answered, so a redelivered task (lock expiry, crash) finds it: a
 * finished deployment is reported again without running twice; an unfinished one runs again under the same
 * deployment id.
 */
@Component
class DeploymentSteps {

  private final Releases releases;
  private final Deployments deployments;
  private final Deployer deployer;
  private final RelmanProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final Clock clock;

  DeploymentSteps(Releases releases, Deployments deployments, Deployer deployer, RelmanProperties properties,
      ApplicationEventPublisher events, TransactionTemplate tx, Clock clock) {
    this.releases = releases;
    this.deployments = deployments;
    this.deployer = deployer;
    this.properties = properties;
    this.events = events;
    this.tx = tx;
    this.clock = clock;
  }

  /** What the worker should do once the deployment record is settled. */
  private sealed interface Start {
    record Run(Release release, Deployment deployment) implements Start {}
    record Replay(Deployment deployment) implements Start {}
    record Gone(String why) implements Start {}
  }

  /** Deploys or rolls back; returns the finished deployment, or null when the release ended meanwhile. */
  Deployment run(WorkItem item, DeploymentAction action) throws InterruptedException {
    String environment = item.variable("environment");
    RelmanProperties.Environment config = properties.environment(environment)
        .orElseThrow(() -> new IllegalStateException("environment '" + environment
            + "' is not configured: add it to relman.environments or move the release on in Cockpit"));
    RelmanProperties.Step step = action == DeploymentAction.DEPLOY ? config.deploy() : config.rollback();
    Start start = tx.execute(s -> begin(item, environment, action));
    if (start instanceof Start.Gone) {
      return null;
    }
    if (start instanceof Start.Replay replay) {
      return replay.deployment();
    }
    Start.Run run = (Start.Run) start;
    Release release = run.release();
    Deployment deployment = run.deployment();
    var request = new Deployer.Request(release.id(), release.version(), release.services(), environment, action,
        deployment.deploymentId(), deployment.attempts(), release.toSha());
    Deployer.Outcome outcome = deployer.run(request, step, () -> item.extendLock(Duration.ofMinutes(1)));
    DeploymentStatus status = outcome.succeeded() ? DeploymentStatus.SUCCEEDED : DeploymentStatus.FAILED;
    tx.executeWithoutResult(s -> {
      deployments.finish(deployment.deploymentId(), status, Db.now(clock), outcome.exitCode(), outcome.output(),
          outcome.failureReason());
      events.publishEvent(new DeploymentFinished(release.id(), deployment.deploymentId(), environment, action, status,
          outcome.exitCode(), outcome.failureReason()));
    });
    return deployments.findStep(release.id(), environment, action, item.activityInstanceId()).orElseThrow();
  }

  private Start begin(WorkItem item, String environment, DeploymentAction action) {
    Release release = releases.lock(item.releaseId()).orElse(null);
    if (release == null || release.status().ended()) {
      return new Start.Gone("release " + item.releaseId() + " has ended");
    }
    var existing = deployments.findStep(release.id(), environment, action, item.activityInstanceId());
    if (existing.isPresent()) {
      Deployment previous = existing.get();
      boolean finished = previous.status() != DeploymentStatus.RUNNING;
      // a finished deploy is reported again; a rollback that failed is tried again (rollbacks are retried)
      if (finished && (action == DeploymentAction.DEPLOY || previous.status() == DeploymentStatus.SUCCEEDED)) {
        return new Start.Replay(previous);
      }
      int attempt = previous.attempts() + 1;
      deployments.restart(previous.deploymentId(), attempt, Db.now(clock));
      events.publishEvent(new DeploymentStarted(release.id(), previous.deploymentId(), environment, action, attempt));
      return new Start.Run(release, deployments.findStep(release.id(), environment, action, item.activityInstanceId()).orElseThrow());
    }
    Deployment deployment = new Deployment(UUID.randomUUID().toString(), release.id(), environment, action,
        DeploymentStatus.RUNNING, item.activityInstanceId(), 1, Db.now(clock), null, null, null, null);
    deployments.insert(deployment);
    events.publishEvent(new DeploymentStarted(release.id(), deployment.deploymentId(), environment, action, 1));
    return new Start.Run(release, deployment);
  }

  static WorkResult gone(WorkItem item) {
    return WorkResult.nothingToDo("release " + item.releaseId() + " has ended");
  }
}
