package org.relman;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Everything a relman operator sets, under {@code relman.*}; documented in README.md. */
@ConfigurationProperties("relman")
public record RelmanProperties(
    @DefaultValue Demo demo,
    @DefaultValue Webhooks webhooks,
    @DefaultValue Gates gates,
    List<Environment> environments,
    @DefaultValue Deploy deploy,
    @DefaultValue Git git,
    @DefaultValue Workers workers,
    @DefaultValue Api api) {

  public RelmanProperties {
    environments = environments == null ? List.of() : List.copyOf(environments);
  }

  /** {@code enabled} unset means: on for the embedded H2 database only. */
  public record Demo(Boolean enabled) {}

  public record Webhooks(String secret, @DefaultValue("PT5M") Duration tolerance) {}

  public record Gates(@DefaultValue({"build", "tests"}) List<String> required, @DefaultValue("PT24H") Duration timeout) {}

  public record Environment(String name, @DefaultValue Step deploy, @DefaultValue Step rollback) {}

  /** A command run by {@code /bin/sh -c} in {@code workingDirectory} (default: relman's own), killed after {@code timeout}. */
  public record Step(String command, Duration timeout, Path workingDirectory) {}

  public record Deploy(
      @DefaultValue("64KB") DataSize outputLimit,
      @DefaultValue("PT10M") Duration defaultTimeout,
      @DefaultValue("3") int rollbackAttempts,
      @DefaultValue("PT30S") Duration retryBackoff) {}

  public record Git(@DefaultValue("./data/git-cache") Path cacheDirectory) {}

  /**
   * The external-task workers. {@code engineUrl} unset: this node's own {@code /engine-rest}. {@code password} unset:
   * a random one per start (fine for one node; set it when several nodes or separate workers share the user).
   */
  public record Workers(
      @DefaultValue("true") boolean enabled,
      String engineUrl,
      @DefaultValue("relman-worker") String user,
      String password,
      @DefaultValue("2") int concurrency,
      @DefaultValue("PT10S") Duration longPoll) {}

  public record Api(@DefaultValue("64KB") DataSize maxBodySize) {}

  public Optional<Environment> environment(String name) {
    return environments.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
