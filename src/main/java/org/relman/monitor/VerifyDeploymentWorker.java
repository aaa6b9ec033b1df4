package org.relman.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.relman.shared.Db;
import org.relman.RelmanProperties;
import org.relman.deploy.EnvironmentState;
import org.relman.deploy.EnvironmentStates;
import org.relman.process.WorkItem;
import org.relman.process.WorkResult;
import org.relman.process.Worker;
import org.relman.release.Releases;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Verify deployment": right after a deployment, the environment's health URL must answer 2xx within
 * {@code monitoring.verify-timeout}; otherwise the environment is rolled back. Without a health URL there is nothing
 * to verify and the soak decides. The URL is asked every two seconds, or ten times within the verify timeout when that
 * is shorter than twenty seconds.
 */
@Component
class VerifyDeploymentWorker implements Worker {

  static final String TOPIC = "verify-deployment";
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

  private final Probes probes;
  private final Checks checks;
  private final EnvironmentStates environments;
  private final Releases releases;
  private final RelmanProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;

  VerifyDeploymentWorker(Probes probes, Checks checks, EnvironmentStates environments, Releases releases,
      RelmanProperties properties, TransactionTemplate tx, Clock clock) {
    this.probes = probes;
    this.checks = checks;
    this.environments = environments;
    this.releases = releases;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public String topic() {
    return TOPIC;
  }

  @Override
  public WorkResult work(WorkItem item) throws Exception {
    String environment = item.variable("environment");
    RelmanProperties.Monitoring monitoring = properties.configuredEnvironment(environment).monitoring();
    long releaseId = item.releaseId();
    Boolean live = tx.execute(s -> {
      if (releases.lock(releaseId).map(r -> r.status().ended()).orElse(true)) {
        return false;
      }
      environments.enter(releaseId, environment, EnvironmentState.VERIFYING, null);
      return true;
    });
    if (!Boolean.TRUE.equals(live)) {
      return WorkResult.nothingToDo("release " + releaseId + " has ended");
    }
    if (monitoring.healthUrl() == null) {
      return WorkResult.completed();
    }
    Instant deadline = clock.instant().plus(monitoring.verifyTimeout());
    Duration pause = monitoring.verifyTimeout().dividedBy(10);
    if (pause.compareTo(LONGEST_PAUSE) > 0) {
      pause = LONGEST_PAUSE;
    }
    String problem;
    do {
      problem = probes.health(monitoring.healthUrl());
      if (problem == null) {
        tx.executeWithoutResult(s -> record(releaseId, environment, true, "healthy after the deployment"));
        return WorkResult.completed();
      }
      item.extendLock(properties.workers().lockDuration());
      Thread.sleep(pause.toMillis());
    } while (clock.instant().isBefore(deadline));
    String reason = problem + " for " + monitoring.verifyTimeout() + " after the deployment";
    tx.executeWithoutResult(s -> {
      environments.enter(releaseId, environment, EnvironmentState.FAILED, "verification: " + reason);
      record(releaseId, environment, false, reason);
    });
    return WorkResult.businessError("environment-failed", "Verification of " + environment + " failed: " + reason);
  }

  private void record(long releaseId, String environment, boolean passed, String detail) {
    checks.add(List.of(new Check(releaseId, environment, 0, "health (verify)", null, null, null, passed, detail,
        Db.now(clock))));
  }
}
