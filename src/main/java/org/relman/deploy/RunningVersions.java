package org.relman.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.relman.RelmanProperties;
import org.relman.shared.Db;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What runs where now, read from the deployments relman made: for each configured environment and each service ever
 * deployed there, the version running and what happened last.
 *
 * <p>The version running is the one of the latest successful deployment of a release that was not rolled back there
 * afterwards: a rollback takes the environment back to whatever ran before that release. Rollbacks, failures and
 * deployments in flight do not change it until they succeed; {@code last} says what the latest of them was, and
 * {@code status} sums it up.
 */
@Component
public class RunningVersions {

  /** An environment of the promotion path ({@code order} from 1) and the services deployed to it, by name. */
  public record Environment(String name, int order, List<ServiceVersion> services) {}

  /**
   * One service in one environment. {@code version}, {@code releaseId} and {@code deployedAt} name what runs there and
   * since when it was deployed (null when no deployment of it has succeeded yet); {@code last} is the latest deployment
   * or rollback there that included the service.
   */
  public record ServiceVersion(String service, String version, Long releaseId, Instant deployedAt, Status status,
      Step last) {}

  /** The latest deployment or rollback: whose, which, how it went and when. */
  public record Step(long releaseId, String version, String action, DeploymentStatus status, Instant startedAt,
      Instant finishedAt) {}

  /**
   * DEPLOYED: the latest step was the successful deployment of the version running. ROLLED_BACK: a rollback succeeded;
   * the version running is what the environment went back to. DEPLOYING: a deployment or rollback is in flight.
   * FAILED: the latest deployment or rollback failed and nothing has succeeded since.
   */
  public enum Status { DEPLOYED, ROLLED_BACK, DEPLOYING, FAILED }

  private final NamedParameterJdbcTemplate jdbc;
  private final RelmanProperties properties;

  RunningVersions(NamedParameterJdbcTemplate jdbc, RelmanProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /** The configured environments' names, in promotion order. */
  public List<String> environmentNames() {
    return properties.environments().stream().map(RelmanProperties.Environment::name).toList();
  }

  /** Every configured environment, or only {@code environment} and {@code service} when they are not null. */
  public List<Environment> now(String environment, String service) {
    List<String> names = environmentNames();
    List<String> wanted = environment == null ? names : names.stream().filter(environment::equals).toList();
    if (wanted.isEmpty()) {
      return List.of();
    }
    var params = new MapSqlParameterSource("environments", wanted).addValue("service", service);
    Map<String, Map<String, ServiceVersion>> byEnvironment = new HashMap<>();
    // a loose index scan over (environment, service, deployment_pk): as many rows as pairs, not as deployments
    jdbc.query("SELECT DISTINCT environment, service FROM deployment_services WHERE environment IN (:environments)"
        + (service == null ? "" : " AND service = :service"), params, rs -> {
          String env = rs.getString("environment");
          String svc = rs.getString("service");
          byEnvironment.computeIfAbsent(env, e -> new TreeMap<>()).put(svc, null);
        });
    byEnvironment.forEach((env, services) -> services.replaceAll((svc, none) -> serviceVersion(env, svc)));
    List<Environment> environments = new ArrayList<>();
    for (String name : wanted) {
      environments.add(new Environment(name, names.indexOf(name) + 1,
          List.copyOf(byEnvironment.getOrDefault(name, Map.of()).values())));
    }
    return environments;
  }

  /**
   * Walks the service's steps in the environment newest first: the first is {@code last}; the version running is the
   * first successful deployment of a release with no successful rollback seen before it (a later one, by id).
   */
  private ServiceVersion serviceVersion(String environment, String service) {
    Row last = null;
    Row running = null;
    Set<Long> rolledBack = new HashSet<>();
    long before = Long.MAX_VALUE;
    while (running == null) {
      List<Row> page = jdbc.query("SELECT d.id, d.release_id, d.action, d.status, d.started_at, d.finished_at, r.version"
          + " FROM deployment_services ds JOIN deployments d ON d.id = ds.deployment_pk JOIN releases r ON"
          + " r.id = d.release_id WHERE ds.environment = :environment AND ds.service = :service AND ds.deployment_pk"
          + " < :before ORDER BY ds.deployment_pk DESC LIMIT " + PAGE, new MapSqlParameterSource("environment",
          environment).addValue("service", service).addValue("before", before), (rs, n) -> new Row(rs.getLong("id"),
          rs.getLong("release_id"), rs.getString("version"), DeploymentAction.valueOf(rs.getString("action")),
          DeploymentStatus.valueOf(rs.getString("status")), Db.instant(rs, "started_at"), Db.instant(rs, "finished_at")));
      for (Row row : page) {
        if (last == null) {
          last = row;
        }
        if (row.action() == DeploymentAction.ROLLBACK && row.status() == DeploymentStatus.SUCCEEDED) {
          rolledBack.add(row.releaseId());
        } else if (row.action() == DeploymentAction.DEPLOY && row.status() == DeploymentStatus.SUCCEEDED
            && !rolledBack.contains(row.releaseId())) {
          running = row;
          break;
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      before = page.get(page.size() - 1).id();
    }
    return new ServiceVersion(service, running == null ? null : running.version(),
        running == null ? null : running.releaseId(), running == null ? null : running.finishedAt(), status(last),
        last.step());
  }

  /** Steps read at a time; the running version is nearly always among the first few. */
  private static final int PAGE = 20;

  private static Status status(Row last) {
    return switch (last.status()) {
      case RUNNING -> Status.DEPLOYING;
      case FAILED -> Status.FAILED;
      case SUCCEEDED -> last.action() == DeploymentAction.ROLLBACK ? Status.ROLLED_BACK : Status.DEPLOYED;
    };
  }

  private record Row(long id, long releaseId, String version, DeploymentAction action, DeploymentStatus status,
      Instant startedAt, Instant finishedAt) {

    Step step() {
      return new Step(releaseId, version, action.label(), status, startedAt, finishedAt);
    }
  }
}
