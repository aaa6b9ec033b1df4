package org.relman.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.operaton.bpm.engine.externaltask.LockedExternalTask;
import org.operaton.bpm.engine.runtime.Incident;
import org.relman.RelmanProperties;
import org.relman.process.WorkResult;
import org.relman.release.Releases;
import org.relman.testing.Api;
import org.relman.testing.LockedTaskItem;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.TestProperties;
import org.relman.testing.WorkerDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "A task may be delivered twice, a deployment must still happen once": deploys and rollbacks redelivered after a
 * crash, interrupted mid-run, failed, and failing for good. Where a test needs a target that sleeps or refuses, it
 * builds the deploy workers with environments of its own on the shared context's database and engine.
 */
class DeploymentIdempotenceTest extends RelmanTestBase {

  /** Where the demo deploy script of the test profile writes (application-test.yml). */
  @org.springframework.beans.factory.annotation.Value("target/test-targets-${relman.test.fork:1}-${relman.test.lane:0}")
  Path demoTargets;

  @Autowired
  DeployReleaseWorker deployWorker;
  @Autowired
  RollBackReleaseWorker rollbackWorker;
  @Autowired
  RelmanProperties properties;
  @Autowired
  Releases releases;
  @Autowired
  Deployments deployments;
  @Autowired
  ApplicationEventPublisher events;
  @Autowired
  TransactionTemplate tx;
  @Autowired
  java.time.Clock clock;
  @Autowired
  EnvironmentStates environmentStates;
  @Autowired
  WebhookDeployer webhookDeployer;
  @Autowired
  org.springframework.core.env.Environment springEnvironment;

  @Test
  void redeliveredFinishedDeployIsReportedAgainWithoutRunningTheCommandTwice() throws Exception {
    long id = releaseAtFirstDeploy(version("2026.12"));
    LockedExternalTask task = lock(DeployReleaseWorker.TOPIC, id);

    // the first delivery deploys, then its worker dies before it can answer
    WorkResult first = deployWorker.work(new LockedTaskItem(task));
    // the lock expires and the same task is delivered again
    WorkResult second = workers().deliver(deployWorker, task);

    assertThat(first).isInstanceOf(WorkResult.Completed.class);
    assertThat(second).isEqualTo(first);
    Deployment staging = only(deployments.list(id));
    assertThat(staging.environment()).isEqualTo("staging");
    assertThat(staging.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    assertThat(staging.attempts()).isEqualTo(1);
    assertThat(staging.output()).doesNotContain("already done");
    assertThat(auditActions(id)).containsOnlyOnce("deployment.started", "deployment.finished");
    assertThat(historyLines("staging", staging.deploymentId())).hasSize(1);
    assertThat(release(id).get("currentSteps").toString()).contains("Verify deployment (staging)");
  }

  @Test
  void redeliveredFailedDeployReportsTheSameFailureWithoutRunningTheCommandTwice() throws Exception {
    long id = releaseAtFirstDeploy(version("2026.12") + "-fail-staging");
    LockedExternalTask task = lock(DeployReleaseWorker.TOPIC, id);

    WorkResult first = deployWorker.work(new LockedTaskItem(task));
    WorkResult second = workers().deliver(deployWorker, task);

    assertThat(first).isInstanceOf(WorkResult.BusinessError.class);
    assertThat(((WorkResult.BusinessError) first).code()).isEqualTo("environment-failed");
    assertThat(second).isEqualTo(first);
    Deployment staging = only(deployments.list(id));
    assertThat(staging.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(staging.attempts()).isEqualTo(1);
    assertThat(((WorkResult.BusinessError) first).message()).contains(staging.deploymentId(), "exit code 1");
    assertThat(auditActions(id)).containsOnlyOnce("deployment.started", "deployment.finished");
    assertThat(release(id).get("currentSteps").toString()).contains("Roll back release (staging)");
  }

  @Test
  void deployDeliveredAfterTheReleaseWasCancelledTouchesNoTarget() throws Exception {
    long id = releaseAtFirstDeploy(version("2026.12"));
    LockedExternalTask task = lock(DeployReleaseWorker.TOPIC, id);
    assertThat(api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "customer freeze")).status())
        .isEqualTo(202);

    WorkResult late = deployWorker.work(new LockedTaskItem(task));

    assertThat(late).isInstanceOf(WorkResult.NothingToDo.class);
    assertThat(deployments.list(id)).isEmpty();
    assertThat(auditActions(id)).doesNotContain("deployment.started");
    assertThat(status(id)).isEqualTo("CANCELLED");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void interruptedDeployRunsAgainUnderTheSameDeploymentIdAsAttemptTwo() throws Exception {
    Path runs = temp.resolve("runs.log");
    Path childPid = temp.resolve("child.pid");
    Path started = fifo("started");
    String command = "echo \"$RELMAN_DEPLOYMENT_ID $RELMAN_ATTEMPT\" >> '" + runs + "'\n"
        + "if [ \"$RELMAN_ATTEMPT\" = 1 ]; then\n"
        + "  sleep 300 & echo $! > '" + childPid + "'; echo running > '" + started + "'; wait\n"
        + "fi\n"
        + "echo deployed";
    DeployReleaseWorker worker = new DeployReleaseWorker(steps(environments(command, "exit 0")));
    long id = releaseAtFirstDeploy(version("2026.12"));
    LockedExternalTask task = lock(DeployReleaseWorker.TOPIC, id);

    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread delivery = new Thread(() -> {
      try {
        worker.work(new LockedTaskItem(task));
      } catch (Throwable e) {
        thrown.set(e);
      }
    }, "first-delivery");
    delivery.start();
    assertThat(CommandDeployerTest.readLine(started)).isEqualTo("running");
    Deployment running = only(deployments.list(id));
    delivery.interrupt();
    delivery.join(15_000);

    assertThat(delivery.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(CommandDeployerTest.running(Long.parseLong(Files.readString(childPid).strip())))
        .as("the command's child after the interrupt").isFalse();
    Deployment interrupted = only(deployments.list(id));
    assertThat(interrupted.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(interrupted.finishedAt()).isNull();
    assertThat(interrupted.attempts()).isEqualTo(1);
    assertThat(interrupted.deploymentId()).isEqualTo(running.deploymentId());

    WorkResult next = workers().deliver(worker, task);

    assertThat(next).isInstanceOf(WorkResult.Completed.class);
    String deploymentId = interrupted.deploymentId();
    assertThat(Files.readAllLines(runs)).containsExactly(deploymentId + " 1", deploymentId + " 2");
    Deployment finished = only(deployments.list(id));
    assertThat(finished.deploymentId()).isEqualTo(deploymentId);
    assertThat(finished.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    assertThat(finished.attempts()).isEqualTo(2);
    assertThat(finished.output()).contains("deployed");
    List<Map<String, Object>> starts = jdbc.queryForList("SELECT details FROM audit_events WHERE release_id = ?"
        + " AND action = 'deployment.started' ORDER BY seq", id);
    assertThat(starts).hasSize(2);
    assertThat(starts.get(0).get("details").toString()).contains("\"attempt\":1", deploymentId);
    assertThat(starts.get(1).get("details").toString()).contains("\"attempt\":2", deploymentId);
    assertThat(auditActions(id)).containsOnlyOnce("deployment.finished");
    assertThat(release(id).get("currentSteps").toString()).contains("Verify deployment (staging)");
  }

  @Test
  void failedProductionDeployIsRolledBackAndEndsRolledBackAfterThePostMortem() {
    long id = releaseAtFirstDeploy(version("2026.12") + "-fail-production");
    shipToNextEnvironment(id);
    WorkResult production = workers().run(DeployReleaseWorker.TOPIC, id);
    assertThat(production).isInstanceOf(WorkResult.BusinessError.class);
    assertThat(workers().run(RollBackReleaseWorker.TOPIC, id)).isInstanceOf(WorkResult.Completed.class);

    JsonNode review = release(id);
    assertThat(review.get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(review.get("currentSteps").toString()).contains("Write post-mortem");
    JsonNode deployed = review.get("deployments");
    assertThat(deployed.findValuesAsText("environment")).containsExactly("staging", "production", "production");
    assertThat(deployed.findValuesAsText("action")).containsExactly("deploy", "deploy", "rollback");
    assertThat(deployed.findValuesAsText("status")).containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED");
    assertThat(deployed.get(1).get("failureReason").asText()).isEqualTo("exit code 1");
    assertThat(deployed.get(1).get("output").asText()).contains("error: health check of " + services(id) + " failed in production");
    assertThat(deployed.get(2).get("deploymentId").asText()).isNotEqualTo(deployed.get(1).get("deploymentId").asText());

    String postMortem = task(id, "post-mortem").getId();
    Api.Response refused = complete("rita", postMortem, Map.of("summary", "Payments did not come up"));
    assertThat(refused.status()).as("%s", refused).isEqualTo(400);
    assertThat(refused.json().get("errors").findValuesAsText("field")).contains("variables.rootCause");
    assertThat(status(id)).isEqualTo("IN_REVIEW");

    assertThat(complete("rita", postMortem, Map.of("rootCause", "Health check hit the old database",
        "summary", "Payments did not come up; rolled back in minutes")).status()).isEqualTo(204);

    JsonNode ended = release(id);
    assertThat(ended.get("status").asText()).isEqualTo("ROLLED_BACK");
    assertThat(ended.get("review").get("rootCause").asText()).isEqualTo("Health check hit the old database");
    assertThat(ended.get("currentSteps")).isEmpty();
    process(id)
        .hasPassedInOrder("deploy-release", "deploy-release", "shipping-failed", "roll-back-release",
            "environment-rolled-back", "promotion-rolled-back", "post-mortem", "release-rolled-back")
        .hasNotPassed("post-release-review", "release-completed")
        .isEndedAt("release-rolled-back");
    assertThat(auditActions(id)).containsSubsequence("deployment.finished", "deployment.started",
        "deployment.finished", "rollback.started", "rollback.finished", "task.completed");
  }

  /**
   * A rollback failing on every attempt (relman.deploy.rollback-attempts) keeps its deployment id and its first start,
   * then leaves no incident but a task: a release manager restores the environment by hand and confirms what was done
   * (the release is ROLLBACK_FAILED meanwhile), the confirmation is audited, and the release ends ROLLED_BACK after its
   * post-mortem.
   */
  @Test
  void failingRollbackIsRetriedUnderTheSameDeploymentIdThenAReleaseManagerRestoresByHand() throws Exception {
    int attempts = properties.deploy().rollbackAttempts();
    assertThat(attempts).as("relman.deploy.rollback-attempts").isEqualTo(3);
    Path runs = temp.resolve("rollbacks.log");
    String refusingRollback = "echo \"$RELMAN_DEPLOYMENT_ID $RELMAN_ATTEMPT\" >> '" + runs + "'\n"
        + "echo 'rollback refused: target locked' >&2\n"
        + "exit 4";
    RelmanProperties own = ownProperties(environments("exit 0", refusingRollback));
    RollBackReleaseWorker worker = new RollBackReleaseWorker(steps(own), own);
    long id = releaseAtFirstDeploy(version("2026.12") + "-fail-production");
    shipToNextEnvironment(id);
    assertThat(workers().run(DeployReleaseWorker.TOPIC, id)).isInstanceOf(WorkResult.BusinessError.class);

    java.time.Instant firstStart = null;
    for (int attempt = 1; attempt < attempts; attempt++) {
      LockedExternalTask task = lock(RollBackReleaseWorker.TOPIC, id);
      int left = attempts - attempt;
      assertThatThrownBy(() -> workers().deliver(worker, task))
          .isInstanceOfSatisfying(WorkerDriver.Failed.class, failed -> assertThat(failed.retriesLeft()).isEqualTo(left))
          .hasMessageContaining("Rollback of production failed: exit code 4")
          .hasMessageContaining("attempt " + attempt);
      java.time.Instant started = rollbackOf(id).startedAt();
      firstStart = firstStart == null ? started : firstStart;
      assertThat(started).as("a retried rollback keeps its first start").isEqualTo(firstStart);
    }
    assertThat(workers().deliver(worker, lock(RollBackReleaseWorker.TOPIC, id)))
        .isInstanceOfSatisfying(WorkResult.BusinessError.class, error -> {
          assertThat(error.code()).isEqualTo("rollback-failed");
          assertThat(error.message()).contains("failed on all 3 attempts", "exit code 4");
        });

    List<String> lines = Files.readAllLines(runs);
    String deploymentId = lines.get(0).split(" ")[0];
    assertThat(lines).containsExactly(deploymentId + " 1", deploymentId + " 2", deploymentId + " 3");
    Deployment rollback = rollbackOf(id);
    assertThat(rollback.deploymentId()).isEqualTo(deploymentId);
    assertThat(rollback.status()).isEqualTo(DeploymentStatus.FAILED);
    assertThat(rollback.attempts()).isEqualTo(attempts);
    assertThat(rollback.startedAt()).isEqualTo(firstStart);
    assertThat(rollback.output()).contains("rollback refused: target locked");
    assertThat(auditActions(id).stream().filter("rollback.started"::equals)).hasSize(attempts);

    // no incident nobody is asked about: a task for the release managers, the release ROLLBACK_FAILED meanwhile
    assertThat(processInstanceIds(id).stream()
        .flatMap(instance -> runtime.createIncidentQuery().processInstanceId(instance).list().stream())).isEmpty();
    JsonNode waiting = release(id);
    assertThat(waiting.get("status").asText()).isEqualTo("ROLLBACK_FAILED");
    assertThat(waiting.get("currentSteps").toString()).contains("Restore environment by hand (production)");
    assertThat(environmentStates.get(id, "production").state()).isEqualTo(EnvironmentState.ROLLBACK_FAILED);
    var restore = task(id, "manual-restore");
    assertThat(restore.getName()).startsWith("Restore environment by hand: ").endsWith(" " + waiting.get("version").asText());
    assertThat(restore.getDueDate()).as("relman.tasks.due.manual-restore").isNotNull();
    assertThat(taskService.getIdentityLinksForTask(restore.getId())).extracting(link -> link.getGroupId())
        .containsExactly("release-managers");
    assertThat(api("bob").get("/api/tasks").json().findValuesAsText("id")).doesNotContain(restore.getId());

    fireOverdue(id, "manual-restore");
    assertThat(release(id).get("escalations").findValuesAsText("kind")).contains("manual-restore");

    // bad input changes nothing
    var unconfirmed = complete("alice", restore.getId(), Map.of("restored", false, "restoredVersion", "2026.11.3",
        "actions", "Redeployed 2026.11.3 with helm rollback"));
    assertThat(unconfirmed.status()).isEqualTo(400);
    assertThat(unconfirmed.body()).contains("restored");
    var vague = complete("alice", restore.getId(), Map.of("restored", true, "actions", "done"));
    assertThat(vague.status()).isEqualTo(400);
    assertThat(vague.body()).contains("restoredVersion", "actions");
    assertThat(status(id)).isEqualTo("ROLLBACK_FAILED");
    assertThat(auditActions(id)).doesNotContain("environment.restored-by-hand");

    completeOk("alice", id, "manual-restore", Map.of("restored", true, "restoredVersion", "2026.11.3",
        "actions", "helm rollback payments 41 by alice; health check green for 10 minutes"));

    assertThat(auditActions(id)).contains("environment.restored-by-hand");
    String audited = jdbc.queryForObject("SELECT details FROM audit_events WHERE release_id = ? AND action = ?",
        String.class, id, "environment.restored-by-hand");
    assertThat(audited).contains("production", "2026.11.3", "helm rollback payments 41");
    assertThat(environmentStates.get(id, "production").state()).isEqualTo(EnvironmentState.ROLLED_BACK);
    assertThat(status(id)).isEqualTo("IN_REVIEW");
    fireOverdue(id, "post-mortem");
    completeOk("rita", id, "post-mortem", Map.of("rootCause", "Locked target refused the rollback",
        "summary", "Production restored by hand after three failed rollbacks"));
    assertThat(status(id)).isEqualTo("ROLLED_BACK");
  }

  /**
   * A release cancelled after it reached staging does not leave its version there (docs/adr/0009): the cancel rolls
   * back every environment it was deployed to, the last first, then the release is CANCELLED.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "hotfix: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void cancelAfterStagingRollsStagingBackThenEndsCancelled(boolean hotfix) {
    long id = hotfix ? hotfixAtFirstDeploy(version("2026.12") + "-hf") : releaseAtFirstDeploy(version("2026.12"));
    shipToNextEnvironment(id);
    assertThat(environmentStates.get(id, "staging").state()).isEqualTo(EnvironmentState.PROMOTED);

    var cancel = api("rita").post("/api/releases/" + id + "/cancel", Map.of("reason", "Found a data bug in staging"));
    assertThat(cancel.status()).as("%s", cancel).isEqualTo(202);
    assertThat(status(id)).as("not cancelled before staging is restored").isNotEqualTo("CANCELLED");
    assertThat(workers().tryRun(DeployReleaseWorker.TOPIC, id)).as("production is not deployed").isNull();

    assertThat(workers().run(RollBackReleaseWorker.TOPIC, id)).isInstanceOf(WorkResult.Completed.class);

    assertThat(status(id)).isEqualTo("CANCELLED");
    assertThat(environmentStates.get(id, "staging").state()).isEqualTo(EnvironmentState.ROLLED_BACK);
    assertThat(environmentStates.get(id, "production").state()).isEqualTo(EnvironmentState.PENDING);
    assertThat(rollbackOf(id).environment()).isEqualTo("staging");
    process(id).hasPassedInOrder("cancel-requested", "roll-back-environment", "release-cancelled-on-request")
        .isEndedAt("release-cancelled-on-request");
  }

  /**
   * A cancel after staging whose rollback fails on every attempt asks a release manager to restore staging by hand,
   * in the lifecycle's own "Handle cancel request", for a release and for a hotfix alike; then the release is CANCELLED.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "hotfix: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void cancelAfterStagingWhoseRollbackFailsAsksForARestoreByHandThenEndsCancelled(boolean hotfix) throws Exception {
    RelmanProperties own = ownProperties(environments("exit 0", "echo 'rollback refused' >&2\nexit 4"));
    RollBackReleaseWorker worker = new RollBackReleaseWorker(steps(own), own);
    long id = hotfix ? hotfixAtFirstDeploy(version("2026.12") + "-hf") : releaseAtFirstDeploy(version("2026.12"));
    shipToNextEnvironment(id);
    assertThat(api("rita").post("/api/releases/" + id + "/cancel", Map.of("reason", "Wrong build")).status())
        .isEqualTo(202);

    for (int attempt = 1; attempt < properties.deploy().rollbackAttempts(); attempt++) {
      LockedExternalTask task = lock(RollBackReleaseWorker.TOPIC, id);
      assertThatThrownBy(() -> workers().deliver(worker, task)).isInstanceOf(WorkerDriver.Failed.class);
    }
    assertThat(workers().deliver(worker, lock(RollBackReleaseWorker.TOPIC, id)))
        .isInstanceOf(WorkResult.BusinessError.class);

    assertThat(status(id)).isEqualTo("ROLLBACK_FAILED");
    fireOverdue(id, "manual-restore");
    completeOk("alice", id, "manual-restore", Map.of("restored", true, "restoredVersion", "2026.11.3",
        "actions", "Redeployed the previous version of staging by hand"));
    assertThat(status(id)).isEqualTo("CANCELLED");
    assertThat(environmentStates.get(id, "staging").state()).isEqualTo(EnvironmentState.ROLLED_BACK);
    process(id).hasPassedInOrder("cancel-requested", "roll-back-environment", "cancel-rollback-failed",
        "manual-restore", "environment-restored-by-hand", "release-cancelled-on-request");
  }

  /** Requests a hotfix and drives it to its first deploy (staging): a hotfix deploys as soon as it is GO. */
  private long hotfixAtFirstDeploy(String version) {
    Map<String, Object> body = releaseRequest(version, repository(2), futureStart(10));
    body.put("hotfix", true);
    long id = requestRelease("erin", body);
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Card payments fail for some users"));
    assertThat(status(id)).isEqualTo("DEPLOYING");
    return id;
  }

  /** Fires the overdue timer of the release's open task of this id: it is reminded and escalated, and stays open. */
  private void fireOverdue(long id, String userTask) {
    List<org.operaton.bpm.engine.runtime.Job> overdue = jobs(id, jobs -> jobs.activityId(userTask + "-overdue"));
    assertThat(overdue).as("the overdue timer of %s", userTask).hasSize(1);
    management.executeJob(overdue.get(0).getId());
    assertThat(task(id, userTask)).as("still open after its escalation").isNotNull();
  }

  private Deployment rollbackOf(long id) {
    return deployments.list(id).stream().filter(d -> d.action() == DeploymentAction.ROLLBACK)
        .reduce((a, b) -> {
          throw new AssertionError("more than one rollback record: " + a + ", " + b);
        }).orElseThrow();
  }

  /** Requests a release and drives it to its first deploy (staging) with the real workers and APIs. */
  private long releaseAtFirstDeploy(String version) {
    long id = requestRelease("erin", version, repository(2));
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates green, ready to deploy"));
    assertThat(fireDueTimers(id)).isEqualTo(1);
    assertThat(status(id)).isEqualTo("DEPLOYING");
    return id;
  }

  private LockedExternalTask lock(String topic, long id) {
    List<LockedExternalTask> locked = externalTasks.fetchAndLock(1, "test-driver")
        .topic(topic, 60_000)
        .businessKey(String.valueOf(id))
        .execute();
    assertThat(locked).as("%s task of release %s", topic, id).hasSize(1);
    return locked.get(0);
  }

  private static final RelmanProperties.Monitoring NO_MONITORING = new RelmanProperties.Monitoring(null, null, null,
      Duration.ofSeconds(30), Duration.ofMinutes(15), 2, Duration.ofMinutes(2));

  /** staging and production with these commands, and the shared context's deploy settings. */
  private static List<RelmanProperties.Environment> environments(String deploy, String rollback) {
    return List.of("staging", "production").stream()
        .map(name -> new RelmanProperties.Environment(name, new RelmanProperties.Step(deploy, null, null, null),
            new RelmanProperties.Step(rollback, null, null, null), NO_MONITORING))
        .toList();
  }

  private RelmanProperties ownProperties(List<RelmanProperties.Environment> environments) {
    return TestProperties.with(properties, "environments", environments);
  }

  private DeploymentSteps steps(List<RelmanProperties.Environment> environments) {
    return steps(ownProperties(environments));
  }

  private DeploymentSteps steps(RelmanProperties own) {
    return new DeploymentSteps(releases, deployments, environmentStates, new CommandDeployer(own), webhookDeployer, own,
        events, tx, clock, springEnvironment);
  }

  private static Deployment only(List<Deployment> list) {
    assertThat(list).hasSize(1);
    return list.get(0);
  }

  private List<String> historyLines(String environment, String deploymentId) throws Exception {
    Path history = demoTargets.resolve(environment).resolve("history.log");
    return Files.readAllLines(history).stream().filter(line -> line.startsWith(deploymentId + " ")).toList();
  }

  private Path fifo(String name) throws Exception {
    Path fifo = temp.resolve(name + ".fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
    return fifo;
  }
}
