package org.relman.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    String scope = " FROM deployments d JOIN release_services s ON s.release_id = d.release_id"
        + " WHERE d.environment IN (:environments)" + (service == null ? "" : " AND s.service = :service");
    Map<String, Long> latest = latestIds("SELECT s.service, d.environment, MAX(d.id) AS id" + scope
        + " GROUP BY s.service, d.environment", params);
    // a successful deployment no successful rollback of the same release in that environment undid
    Map<String, Long> running = latestIds("SELECT s.service, d.environment, MAX(d.id) AS id" + scope
        + " AND d.action = 'DEPLOY' AND d.status = 'SUCCEEDED' AND NOT EXISTS (SELECT 1 FROM deployments rb"
        + " WHERE rb.release_id = d.release_id AND rb.environment = d.environment AND rb.action = 'ROLLBACK'"
        + " AND rb.status = 'SUCCEEDED' AND rb.id > d.id) GROUP BY s.service, d.environment", params);
    Map<Long, Row> rows = rows(latest, running);

    Map<String, Map<String, ServiceVersion>> byEnvironment = new HashMap<>();
    latest.forEach((key, id) -> {
      String[] parts = key.split("\n", 2);
      Row last = rows.get(id);
      Row current = running.containsKey(key) ? rows.get(running.get(key)) : null;
      byEnvironment.computeIfAbsent(parts[1], e -> new TreeMap<>()).put(parts[0], new ServiceVersion(parts[0],
          current == null ? null : current.version(), current == null ? null : current.releaseId(),
          current == null ? null : current.finishedAt(), status(last), last.step()));
    });
    List<Environment> environments = new ArrayList<>();
    for (String name : wanted) {
      environments.add(new Environment(name, names.indexOf(name) + 1,
          List.copyOf(byEnvironment.getOrDefault(name, Map.of()).values())));
    }
    return environments;
  }

  private static Status status(Row last) {
    return switch (last.status()) {
      case RUNNING -> Status.DEPLOYING;
      case FAILED -> Status.FAILED;
      case SUCCEEDED -> last.action() == DeploymentAction.ROLLBACK ? Status.ROLLED_BACK : Status.DEPLOYED;
    };
  }

  /** service + "\n" + environment → deployments.id */
  private Map<String, Long> latestIds(String sql, MapSqlParameterSource params) {
    Map<String, Long> ids = new HashMap<>();
    jdbc.query(sql, params, rs -> {
      ids.put(rs.getString("service") + "\n" + rs.getString("environment"), rs.getLong("id"));
    });
    return ids;
  }

  private Map<Long, Row> rows(Map<String, Long> latest, Map<String, Long> running) {
    List<Long> ids = new ArrayList<>(latest.values());
    ids.addAll(running.values());
    Map<Long, Row> rows = new HashMap<>();
    if (ids.isEmpty()) {
      return rows;
    }
    jdbc.query("SELECT d.id, d.release_id, d.action, d.status, d.started_at, d.finished_at, r.version FROM deployments d"
        + " JOIN releases r ON r.id = d.release_id WHERE d.id IN (:ids)", new MapSqlParameterSource("ids",
        ids.stream().distinct().toList()), rs -> {
          rows.put(rs.getLong("id"), new Row(rs.getLong("release_id"), rs.getString("version"),
              DeploymentAction.valueOf(rs.getString("action")), DeploymentStatus.valueOf(rs.getString("status")),
              Db.instant(rs, "started_at"), Db.instant(rs, "finished_at")));
        });
    return rows;
  }

  private record Row(long releaseId, String version, DeploymentAction action, DeploymentStatus status,
      Instant startedAt, Instant finishedAt) {

    Step step() {
      return new Step(releaseId, version, action.label(), status, startedAt, finishedAt);
    }
  }
}
