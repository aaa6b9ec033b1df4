package org.relman.monitor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
 * "Check environment": one round of the soak. Runs every PromQL query of the environment (and its health URL) once,
 * stores each result, and answers {@code soakResult}: {@code BREACHED} after {@code failure-limit} failed rounds in a
 * row, {@code PASSED} once the window is over on a healthy round, else {@code CONTINUE} (the model waits
 * {@code interval} and checks again). The window counts from the first round and is kept in the database, so a soak
 * interrupted by a restart resumes where it was.
 */
@Component
class CheckEnvironmentWorker implements Worker {

  static final String TOPIC = "check-environment";

  private final Probes probes;
  private final Soaks soaks;
  private final Checks checks;
  private final EnvironmentStates environments;
  private final Releases releases;
  private final RelmanProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;

  CheckEnvironmentWorker(Probes probes, Soaks soaks, Checks checks, EnvironmentStates environments, Releases releases,
      RelmanProperties properties, TransactionTemplate tx, Clock clock) {
    this.probes = probes;
    this.soaks = soaks;
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
    Soak soak = tx.execute(s -> {
      if (releases.lock(releaseId).map(r -> r.status().ended()).orElse(true)) {
        return null;
      }
      Instant now = Db.now(clock);
      Soak current = soaks.lock(releaseId, environment).orElseGet(() -> soaks.start(releaseId, environment, now,
          now.plus(monitoring.window())));
      if (current.status() == Soak.Status.RUNNING) {
        environments.enter(releaseId, environment, EnvironmentState.MONITORING, null);
      }
      return current;
    });
    if (soak == null) {
      return WorkResult.nothingToDo("release " + releaseId + " has ended");
    }
    if (soak.status() != Soak.Status.RUNNING) {
      return result(soak.status().name()); // delivered again after the soak ended: same answer
    }
    if (!monitoring.watches()) {
      tx.executeWithoutResult(s -> pass(soak, 0, "nothing to watch: no queries and no health URL configured"));
      return result(Soak.Status.PASSED.name());
    }
    List<Check> round = measure(releaseId, environment, soak.rounds() + 1, monitoring);
    return result(tx.execute(s -> settle(soaks.lock(releaseId, environment).orElseThrow(), round, monitoring)));
  }

  private List<Check> measure(long releaseId, String environment, int round, RelmanProperties.Monitoring monitoring)
      throws InterruptedException {
    List<Check> results = new ArrayList<>();
    for (RelmanProperties.Query query : monitoring.queries()) {
      Probes.Reading reading = probes.query(monitoring.prometheusUrl(), query.query(), monitoring.auth());
      results.add(judge(releaseId, environment, round, query, reading));
    }
    if (monitoring.healthUrl() != null) {
      String problem = probes.health(monitoring.healthUrl());
      results.add(new Check(releaseId, environment, round, "health", null, null, null, problem == null,
          problem == null ? "healthy" : problem, Db.now(clock)));
    }
    return results;
  }

  /** Holds a reading against the query's bounds; missing data, NaN and errors fail the check. */
  private Check judge(long releaseId, String environment, int round, RelmanProperties.Query query, Probes.Reading reading) {
    Instant at = Db.now(clock);
    if (reading.problem() != null) {
      return new Check(releaseId, environment, round, query.name(), null, query.min(), query.max(), false, reading.problem(), at);
    }
    if (reading.values().isEmpty()) {
      return new Check(releaseId, environment, round, query.name(), null, query.min(), query.max(), false,
          "no data: the query returned an empty result", at);
    }
    if (reading.values().stream().anyMatch(v -> v.isNaN())) {
      return new Check(releaseId, environment, round, query.name(), Double.NaN, query.min(), query.max(), false,
          "no data: the query returned NaN", at);
    }
    double highest = reading.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    double lowest = reading.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    if (query.max() != null && highest > query.max()) {
      return new Check(releaseId, environment, round, query.name(), highest, query.min(), query.max(), false,
          format(highest) + " > max " + format(query.max()), at);
    }
    if (query.min() != null && lowest < query.min()) {
      return new Check(releaseId, environment, round, query.name(), lowest, query.min(), query.max(), false,
          format(lowest) + " < min " + format(query.min()), at);
    }
    double decisive = query.max() != null ? highest : lowest;
    return new Check(releaseId, environment, round, query.name(), decisive, query.min(), query.max(), true, "ok", at);
  }

  private String settle(Soak soak, List<Check> round, RelmanProperties.Monitoring monitoring) {
    if (soak.status() != Soak.Status.RUNNING) {
      return soak.status().name();
    }
    checks.add(round);
    int rounds = soak.rounds() + 1;
    List<Check> failed = round.stream().filter(c -> !c.passed()).toList();
    int breaches = failed.isEmpty() ? 0 : soak.consecutiveBreaches() + 1;
    if (breaches >= monitoring.failureLimit()) {
      String checks = failed.stream().map(c -> c.name() + ": " + c.detail()).collect(Collectors.joining("; "));
      // the reason ends up in release_environments.state_reason and deployments.reason (2000 characters each)
      if (checks.length() > 1800) {
        checks = checks.substring(0, 1797) + "...";
      }
      String reason = checks + " (" + breaches + " failed round" + (breaches == 1 ? "" : "s") + " in a row, limit "
          + monitoring.failureLimit() + ")";
      soaks.finish(soak, Soak.Status.BREACHED, rounds, breaches, reason, Db.now(clock));
      environments.enter(soak.releaseId(), soak.environment(), EnvironmentState.FAILED, "monitoring: " + reason);
      return Soak.Status.BREACHED.name();
    }
    if (failed.isEmpty() && !Db.now(clock).isBefore(soak.endsAt())) {
      pass(soak, rounds, "healthy through " + rounds + " round" + (rounds == 1 ? "" : "s"));
      return Soak.Status.PASSED.name();
    }
    soaks.counted(soak, rounds, breaches);
    return "CONTINUE";
  }

  private void pass(Soak soak, int rounds, String reason) {
    soaks.finish(soak, Soak.Status.PASSED, rounds, 0, reason, Db.now(clock));
    environments.enter(soak.releaseId(), soak.environment(), EnvironmentState.PROMOTED, null);
  }

  private static WorkResult result(String soakResult) {
    return WorkResult.completed(Map.of("soakResult", soakResult));
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
  }
}
