package org.relman;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything a relman operator sets, under {@code relman.*}; documented in README.md. {@code publicUrl} is where
 * deploy targets reach relman for their callbacks (default: http://localhost and the server port).
 */
@ConfigurationProperties("relman")
public record RelmanProperties(
    @DefaultValue Demo demo,
    @DefaultValue Webhooks webhooks,
    @DefaultValue Gates gates,
    List<Environment> environments,
    @DefaultValue Deploy deploy,
    @DefaultValue Git git,
    @DefaultValue Workers workers,
    @DefaultValue Api api,
    String publicUrl,
    @DefaultValue Calendar calendar,
    @DefaultValue Risk risk,
    @DefaultValue Approvals approvals,
    @DefaultValue Hotfix hotfix,
    @DefaultValue Metrics metrics) {

  public RelmanProperties {
    environments = environments == null ? List.of() : List.copyOf(environments);
  }

  /** {@code enabled} unset means: on for the embedded H2 database only. */
  public record Demo(Boolean enabled) {}

  public record Webhooks(String secret, @DefaultValue("PT5M") Duration tolerance) {}

  public record Gates(@DefaultValue({"build", "tests"}) List<String> required, @DefaultValue("PT24H") Duration timeout) {}

  public record Environment(String name, @DefaultValue Step deploy, @DefaultValue Step rollback,
      @DefaultValue Monitoring monitoring) {}

  /**
   * How to deploy or roll back: a {@code command} run by {@code /bin/sh -c} in {@code workingDirectory} (default:
   * relman's own) and stopped after {@code timeout}, or a signed {@code webhook} whose target calls back.
   */
  public record Step(String command, Webhook webhook, Duration timeout, Path workingDirectory) {

    public boolean byWebhook() {
      return webhook != null && webhook.url() != null;
    }
  }

  /** A deploy target reached over HTTP: relman POSTs a signed request and waits up to {@code timeout} for the callback. */
  public record Webhook(String url, @DefaultValue("PT30M") Duration timeout) {}

  /**
   * The soak after a deployment: every {@code interval} for {@code window}, each PromQL query against
   * {@code prometheusUrl} and, when set, {@code healthUrl}; {@code failureLimit} failed rounds in a row roll back.
   * {@code verifyTimeout} bounds how long the health URL may take to answer 2xx right after the deployment.
   */
  public record Monitoring(
      String prometheusUrl,
      List<Query> queries,
      String healthUrl,
      @DefaultValue("PT30S") Duration interval,
      @DefaultValue("PT15M") Duration window,
      @DefaultValue("2") int failureLimit,
      @DefaultValue("PT2M") Duration verifyTimeout) {

    public Monitoring {
      queries = queries == null ? List.of() : List.copyOf(queries);
    }

    /** Whether there is anything to watch in this environment. */
    public boolean watches() {
      return !queries.isEmpty() || healthUrl != null;
    }
  }

  /** A PromQL instant query and its bounds: a value above {@code max} or below {@code min} is a breach. */
  public record Query(String name, String query, Double max, Double min) {}

  public record Deploy(
      @DefaultValue("64KB") DataSize outputLimit,
      @DefaultValue("PT10M") Duration defaultTimeout,
      @DefaultValue("3") int rollbackAttempts,
      @DefaultValue("PT30S") Duration retryBackoff) {}

  public record Git(@DefaultValue("./data/git-cache") Path cacheDirectory) {}

  /**
   * The external-task workers. {@code engineUrl} unset: this node's own {@code /engine-rest}. {@code password} unset:
   * a random one per start (fine for one node; set it when several nodes or separate workers share the user).
   * {@code lockDuration}: how long a task stays with a worker that stops answering (a crashed node) before another
   * worker gets it; running steps renew it.
   */
  public record Workers(
      @DefaultValue("true") boolean enabled,
      String engineUrl,
      @DefaultValue("relman-worker") String user,
      String password,
      @DefaultValue("2") int concurrency,
      @DefaultValue("PT10S") Duration longPoll,
      @DefaultValue("PT1M") Duration lockDuration) {}

  public record Api(@DefaultValue("64KB") DataSize maxBodySize) {}

  /**
   * Facts for the risk policy: files matching {@code sensitivePaths} (globs such as {@code **}{@code /db/migration/**}),
   * deployments outside {@code businessHours}, and the services' change-failure rate over {@code historyWindow}.
   */
  public record Risk(
      @DefaultValue({"**/db/migration/**", "**/security/**", "**/*.sql"}) List<String> sensitivePaths,
      @DefaultValue BusinessHours businessHours,
      @DefaultValue("P30D") Duration historyWindow) {}

  public record BusinessHours(
      @DefaultValue("UTC") java.time.ZoneId zone,
      @DefaultValue("09:00") java.time.LocalTime start,
      @DefaultValue("17:00") java.time.LocalTime end,
      @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) List<java.time.DayOfWeek> days) {}

  /** An approval task not done within {@code escalateAfter} is escalated (non-interrupting). */
  public record Approvals(@DefaultValue("PT4H") Duration escalateAfter) {}

  /** The hotfix lifecycle's gates (instead of {@code relman.gates.required}). */
  public record Hotfix(@DefaultValue("build") List<String> gates) {}

  /**
   * DORA metrics: a production deployment followed by a hotfix of one of its services within {@code failureWindow}
   * counts as a change failure.
   */
  public record Metrics(@DefaultValue("P7D") Duration failureWindow) {}

  /** How long a release's deployment window lasts from its planned start, on the calendar and for freeze checks. */
  public record Calendar(@DefaultValue("PT2H") Duration windowDuration) {}

  public Optional<Environment> environment(String name) {
    return environments.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The environment a running release is in; one no longer configured is an error an operator has to resolve. */
  public Environment configuredEnvironment(String name) {
    return environment(name).orElseThrow(() -> new IllegalStateException("environment '" + name
        + "' is not configured: add it to relman.environments or move the release on in Cockpit"));
  }
}
