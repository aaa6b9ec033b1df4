package org.relman.deploy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.relman.shared.Db;
import org.relman.RelmanProperties;
import org.relman.process.WorkItem;
import org.relman.release.Release;
import org.relman.release.Releases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What deploying and rolling back have in common, for commands and webhooks. The deployment record is written and
 * committed before the target is touched, and its outcome before the task is answered, so a task delivered again
 * (lock expiry, crash) finds it: a finished deployment is reported again without running twice; an unfinished one
 * runs again under the same deployment id (after stopping what a crashed attempt left running); a webhook deployment
 * goes on waiting for its callback until its deadline.
 */
@Component
class DeploymentSteps {

  private final Releases releases;
  private final Deployments deployments;
  private final EnvironmentStates environments;
  private final CommandDeployer commands;
  private final WebhookDeployer webhooks;
  private final RelmanProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Environment springEnvironment;

  DeploymentSteps(Releases releases, Deployments deployments, EnvironmentStates environments, CommandDeployer commands,
      WebhookDeployer webhooks, RelmanProperties properties, ApplicationEventPublisher events, TransactionTemplate tx,
      Clock clock, Environment springEnvironment) {
    this.releases = releases;
    this.deployments = deployments;
    this.environments = environments;
    this.commands = commands;
    this.webhooks = webhooks;
    this.properties = properties;
    this.events = events;
    this.tx = tx;
    this.clock = clock;
    this.springEnvironment = springEnvironment;
  }

  /** How a delivery of a deploy or rollback task ends. */
  sealed interface Result {
    /** The deployment has an outcome: report it. */
    record Finished(Deployment deployment) implements Result {}

    /** A webhook target is working on it: keep the task for this long. */
    record Waiting(Duration lockFor) implements Result {}

    /** Nothing to report: the release ended, or the callback has already answered the task. */
    record Nothing(String why) implements Result {}
  }

  private sealed interface Start {
    record Run(Release release, Deployment deployment) implements Start {}

    record Done(Result result) implements Start {}
  }

  Result run(WorkItem item, DeploymentAction action) throws InterruptedException {
    String environment = item.variable("environment");
    RelmanProperties.Environment config = properties.configuredEnvironment(environment);
    RelmanProperties.Step step = action == DeploymentAction.DEPLOY ? config.deploy() : config.rollback();
    Start start = tx.execute(s -> begin(item, environment, action, step));
    if (start instanceof Start.Done done) {
      return done.result();
    }
    Release release = ((Start.Run) start).release();
    Deployment deployment = ((Start.Run) start).deployment();
    var request = new DeploymentRequest(release.id(), release.version(), release.services(), environment, action,
        deployment.deploymentId(), deployment.attempts(), release.toSha(), deployment.reason());
    return step.byWebhook() ? send(request, deployment, step) : execute(request, deployment, step, item);
  }

  private Result send(DeploymentRequest request, Deployment deployment, RelmanProperties.Step step) throws InterruptedException {
    WebhookDeployer.Delivery delivery = webhooks.send(request, step.webhook(), callbackUrl(request));
    if (!delivery.delivered()) {
      return new Result.Finished(tx.execute(s -> finish(deployment, DeploymentStatus.FAILED, null, delivery.detail(),
          "webhook not delivered: " + delivery.detail())));
    }
    Duration timeout = step.webhook().timeout();
    return tx.execute(s -> {
      Deployment now = deployments.find(deployment.deploymentId()).orElseThrow();
      if (!now.running()) {
        // a fast target called back while relman was still sending: that callback answered the task
        return new Result.Nothing("deployment " + now.deploymentId() + " was answered by its callback");
      }
      deployments.awaitCallbackUntil(deployment.deploymentId(), Db.now(clock).plus(timeout));
      return new Result.Waiting(timeout);
    });
  }

  private Result execute(DeploymentRequest request, Deployment deployment, RelmanProperties.Step step, WorkItem item)
      throws InterruptedException {
    if (deployment.pid() != null && host().equals(deployment.pidHost())) {
      CommandDeployer.stopLeftover(deployment.pid(), deployment.pidStartedAt());
    }
    if (deployment.attempts() > 1) {
      // relman may have died between starting the command and recording its pid
      CommandDeployer.stopLeftovers(deployment.deploymentId());
    }
    CommandDeployer.Outcome outcome = commands.run(request, step, new CommandDeployer.Watch() {
      @Override
      public void started(ProcessHandle process) {
        Instant started = process.info().startInstant().orElse(clock.instant());
        tx.executeWithoutResult(s -> deployments.processStarted(deployment.deploymentId(), process.pid(), started, host()));
      }

      @Override
      public void heartbeat() {
        item.extendLock(properties.workers().lockDuration());
      }
    });
    DeploymentStatus status = outcome.succeeded() ? DeploymentStatus.SUCCEEDED : DeploymentStatus.FAILED;
    return new Result.Finished(tx.execute(s -> finish(deployment, status, outcome.exitCode(), outcome.output(),
        outcome.failureReason())));
  }

  private Start begin(WorkItem item, String environment, DeploymentAction action, RelmanProperties.Step step) {
    Release release = releases.lock(item.releaseId()).orElse(null);
    if (release == null || release.status().ended()) {
      return new Start.Done(new Result.Nothing("release " + item.releaseId() + " has ended"));
    }
    var existing = deployments.findStep(release.id(), environment, action, item.activityInstanceId());
    if (existing.isEmpty()) {
      String reason = action == DeploymentAction.ROLLBACK ? environments.get(release.id(), environment).reason() : null;
      Deployment deployment = new Deployment(UUID.randomUUID().toString(), release.id(), environment, action,
          step.byWebhook() ? Deployment.Deployer.WEBHOOK : Deployment.Deployer.COMMAND, DeploymentStatus.RUNNING,
          item.activityInstanceId(), 1, Db.now(clock), null, null, null, null, reason, item.externalTaskId(),
          item.workerId(), null, null, null, null);
      deployments.insert(deployment);
      started(deployment, 1);
      return new Start.Run(release, deployment);
    }
    Deployment previous = existing.get();
    if (previous.running() && previous.callbackDeadline() != null) {
      Instant now = Db.now(clock);
      if (!now.isBefore(previous.callbackDeadline())) {
        Duration waited = step.byWebhook() ? step.webhook().timeout()
            : Duration.between(previous.startedAt(), previous.callbackDeadline());
        return new Start.Done(new Result.Finished(finish(previous, DeploymentStatus.FAILED, null, previous.output(),
            "no callback from the target within " + waited)));
      }
      deployments.heldBy(previous.deploymentId(), item.externalTaskId(), item.workerId());
      return new Start.Done(new Result.Waiting(Duration.between(now, previous.callbackDeadline())));
    }
    boolean finished = !previous.running();
    // a finished deploy is reported again; a rollback that failed is tried again (rollbacks are retried)
    if (finished && (action == DeploymentAction.DEPLOY || previous.status() == DeploymentStatus.SUCCEEDED)) {
      return new Start.Done(new Result.Finished(previous));
    }
    int attempt = previous.attempts() + 1;
    deployments.restart(previous.deploymentId(), attempt, item.externalTaskId(), item.workerId());
    Deployment restarted = deployments.find(previous.deploymentId()).orElseThrow();
    started(restarted, attempt);
    return new Start.Run(release, restarted);
  }

  private void started(Deployment deployment, int attempt) {
    events.publishEvent(new DeploymentStarted(deployment.releaseId(), deployment.deploymentId(), deployment.environment(),
        deployment.action(), deployment.deployer(), attempt, deployment.reason()));
    environments.enter(deployment.releaseId(), deployment.environment(),
        deployment.action() == DeploymentAction.DEPLOY ? EnvironmentState.DEPLOYING : EnvironmentState.ROLLING_BACK, null);
  }

  /** Records a deployment's outcome and what it means for its environment; the caller answers the task. */
  Deployment finish(Deployment deployment, DeploymentStatus status, Integer exitCode, String output, String failureReason) {
    deployments.finish(deployment.deploymentId(), status, Db.now(clock), exitCode, output, failureReason);
    events.publishEvent(new DeploymentFinished(deployment.releaseId(), deployment.deploymentId(), deployment.environment(),
        deployment.action(), status, exitCode, failureReason));
    long release = deployment.releaseId();
    String environment = deployment.environment();
    if (deployment.action() == DeploymentAction.DEPLOY && status == DeploymentStatus.FAILED) {
      environments.enter(release, environment, EnvironmentState.FAILED, "deploy failed: " + failureReason);
    } else if (deployment.action() == DeploymentAction.ROLLBACK && status == DeploymentStatus.SUCCEEDED) {
      // the reason stays why the environment was rolled back, not how the last rollback attempt went
      environments.enter(release, environment, EnvironmentState.ROLLED_BACK, deployment.reason());
    } else if (deployment.action() == DeploymentAction.ROLLBACK
        && deployment.attempts() >= properties.deploy().rollbackAttempts()) {
      environments.enter(release, environment, EnvironmentState.ROLLBACK_FAILED, "all " + deployment.attempts()
          + " rollback attempts failed, the last: " + failureReason + "; a release manager restores it by hand");
    } else if (deployment.action() == DeploymentAction.ROLLBACK) {
      environments.enter(release, environment, EnvironmentState.ROLLING_BACK,
          "rollback attempt " + deployment.attempts() + " failed: " + failureReason);
    }
    return deployments.find(deployment.deploymentId()).orElseThrow();
  }

  private String callbackUrl(DeploymentRequest request) {
    String base = properties.publicUrl();
    if (base == null || base.isBlank()) {
      base = "http://localhost:" + springEnvironment.getProperty("local.server.port", "8080");
    }
    return base.replaceAll("/+$", "") + "/api/releases/" + request.releaseId() + "/deployments/" + request.environment();
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
