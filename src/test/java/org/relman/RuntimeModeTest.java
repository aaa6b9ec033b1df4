package org.relman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.relman.testing.TestProperties;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

/**
 * The start-up check of relman's settings: every mistake in the promotion path is reported with the key path an
 * operator has to fix, all of them at once.
 */
class RuntimeModeTest {

  private static final String DEMO_SCRIPT = "./scripts/demo-deploy.sh";

  // ---------------------------------------------------------------------------------------------- accepted

  @Test
  void commandStagingAndWebhookProductionWithMonitoringAreAccepted() {
    assertThat(RuntimeMode.checkSettings(properties(staging(), production()))).isEmpty();
  }

  @Test
  void workersOfAnotherNodesEngineNeedTheSharedPasswordAndAnApiNodeRunsNoWorkers() {
    var elsewhere = new RelmanProperties.Workers(true, "http://relman-1:8080/engine-rest", "relman-worker", null, 2,
        Duration.ofSeconds(10), Duration.ofMinutes(1));
    var shared = new RelmanProperties.Workers(true, "http://relman-1:8080/engine-rest", "relman-worker",
        "a-shared-worker-password", 2, Duration.ofSeconds(10), Duration.ofMinutes(1));

    assertThat(RuntimeMode.checkSettings(TestProperties.with(properties(staging()), "workers", elsewhere)))
        .containsExactly("relman.workers.engine-url is set, so relman.workers.password (RELMAN_WORKER_PASSWORD) must be"
            + " set too, the same on every node");
    assertThat(RuntimeMode.checkSettings(TestProperties.with(properties(staging()), "workers", shared))).isEmpty();
    assertThat(RuntimeMode.checkSettings(TestProperties.with(properties(staging()), "workers", elsewhere, "node",
        new RelmanProperties.Node(RelmanProperties.Node.Role.API)))).as("an api node runs no workers").isEmpty();
  }

  @Test
  void environmentWithoutMonitoringIsAccepted() {
    RelmanProperties.Environment unwatched = new RelmanProperties.Environment("staging", command("./deploy.sh"),
        command("./rollback.sh"), monitoring(null, List.of(), null));

    assertThat(RuntimeMode.checkSettings(properties(unwatched))).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------- deploy and rollback

  @Test
  void stepWithBothCommandAndWebhookIsReportedWithItsKey() {
    var both = new RelmanProperties.Step("./deploy.sh", webhook("https://ci.example/hook"), null, null);

    assertThat(problems(staging(), with(production(), e -> environment(e, both, e.rollback(), e.monitoring()))))
        .containsExactly("relman.environments[1].deploy needs exactly one of command and webhook.url");
  }

  @Test
  void stepWithNeitherCommandNorWebhookIsReportedWithItsKey() {
    var neither = new RelmanProperties.Step(null, null, null, null);

    assertThat(problems(with(staging(), e -> environment(e, e.deploy(), neither, e.monitoring()))))
        .containsExactly("relman.environments[0].rollback needs exactly one of command and webhook.url");
  }

  @Test
  void blankCommandCountsAsNoCommand() {
    var blank = new RelmanProperties.Step("  ", null, null, null);

    assertThat(problems(with(staging(), e -> environment(e, blank, e.rollback(), e.monitoring()))))
        .containsExactly("relman.environments[0].deploy needs exactly one of command and webhook.url");
  }

  @Test
  void webhookUrlThatIsNotHttpIsReportedWithItsKey() {
    var ftp = new RelmanProperties.Step(null, webhook("ftp://ci.example/hook"), null, null);
    var relative = new RelmanProperties.Step(null, webhook("/hooks/deploy"), null, null);

    assertThat(problems(staging(), with(production(), e -> environment(e, ftp, relative, e.monitoring()))))
        .containsExactly(
            "relman.environments[1].deploy.webhook.url must be an http(s) URL, got 'ftp://ci.example/hook'",
            "relman.environments[1].rollback.webhook.url must be an http(s) URL, got '/hooks/deploy'");
  }

  @Test
  void stepTimeoutThatIsNotPositiveIsReportedWithItsKey() {
    var zero = new RelmanProperties.Step("./deploy.sh", null, Duration.ZERO, null);

    assertThat(problems(with(staging(), e -> environment(e, zero, e.rollback(), e.monitoring()))))
        .containsExactly("relman.environments[0].deploy.timeout must be positive");
  }

  @Test
  void webhookTimeoutThatIsNotPositiveIsReportedWithItsKey() {
    var never = new RelmanProperties.Step(null, new RelmanProperties.Webhook("https://ci.example/hook", Duration.ZERO),
        null, null);

    assertThat(problems(staging(), with(production(), e -> environment(e, never, e.rollback(), e.monitoring()))))
        .containsExactly("relman.environments[1].deploy.webhook.timeout must be positive");
  }

  // ---------------------------------------------------------------------------------------------- monitoring

  @Test
  void queriesWithoutPrometheusUrlAreReportedWithTheKey() {
    assertThat(problems(staging(), with(production(),
        e -> environment(e, e.deploy(), e.rollback(), monitoring(null, List.of(errorRate()), null)))))
        .containsExactly("relman.environments[1].monitoring.prometheus-url must be an http(s) URL when queries are set");
  }

  @Test
  void prometheusUrlThatIsNotHttpIsReportedWithTheKey() {
    assertThat(problems(with(staging(),
        e -> environment(e, e.deploy(), e.rollback(), monitoring("prometheus:9090", List.of(errorRate()), null)))))
        .containsExactly("relman.environments[0].monitoring.prometheus-url must be an http(s) URL when queries are set");
  }

  @Test
  void queryWithoutMaxAndMinIsReportedWithItsIndex() {
    var unbounded = new RelmanProperties.Query("latency", "histogram_quantile(0.99, rate(latency_bucket[5m]))", null, null);

    assertThat(problems(with(staging(), e -> environment(e, e.deploy(), e.rollback(),
        monitoring("http://prometheus:9090", List.of(errorRate(), unbounded), null)))))
        .containsExactly("relman.environments[0].monitoring.queries[1] needs max, min or both");
  }

  @Test
  void duplicateQueryNamesAreReportedWithTheSecondIndex() {
    var again = new RelmanProperties.Query("error-rate", "sum(rate(errors[1m]))", 0.05, null);

    assertThat(problems(with(staging(), e -> environment(e, e.deploy(), e.rollback(),
        monitoring("http://prometheus:9090", List.of(errorRate(), again), null)))))
        .containsExactly("relman.environments[0].monitoring.queries[1].name 'error-rate' is used twice");
  }

  @Test
  void queryWithoutNameOrTextIsReportedWithItsIndex() {
    var nameless = new RelmanProperties.Query(" ", "", 1.0, null);

    assertThat(problems(with(staging(), e -> environment(e, e.deploy(), e.rollback(),
        monitoring("http://prometheus:9090", List.of(nameless), null)))))
        .containsExactly("relman.environments[0].monitoring.queries[0].name is required",
            "relman.environments[0].monitoring.queries[0].query is required");
  }

  @Test
  void healthUrlThatIsNotHttpIsReportedWithTheKey() {
    assertThat(problems(with(staging(), e -> environment(e, e.deploy(), e.rollback(),
        monitoring("http://prometheus:9090", List.of(errorRate()), "payments:8080/health")))))
        .containsExactly("relman.environments[0].monitoring.health-url must be an http(s) URL");
  }

  @Test
  void failureLimitZeroIsReportedWithTheKey() {
    var monitoring = new RelmanProperties.Monitoring("http://prometheus:9090", List.of(errorRate()), null,
        Duration.ofSeconds(30), Duration.ofMinutes(15), 0, Duration.ofMinutes(2));

    assertThat(problems(with(staging(), e -> environment(e, e.deploy(), e.rollback(), monitoring))))
        .containsExactly("relman.environments[0].monitoring.failure-limit must be 1 or more");
  }

  @Test
  void intervalWindowOrVerifyTimeoutThatIsNotPositiveIsReportedWithTheKey() {
    var monitoring = new RelmanProperties.Monitoring("http://prometheus:9090", List.of(errorRate()), null,
        Duration.ZERO, Duration.ofMinutes(15), 2, Duration.ofMinutes(2));

    assertThat(problems(with(staging(), e -> environment(e, e.deploy(), e.rollback(), monitoring))))
        .containsExactly("relman.environments[0].monitoring.interval, .window and .verify-timeout must be positive");
  }

  @Test
  void prometheusAuthWithBothTokenAndPasswordOrAForbiddenHeaderIsReportedWithTheKey() {
    var auth = new RelmanProperties.PrometheusAuth("token", "relman", "secret",
        java.util.Map.of("Authorization", "Bearer x", "X-Scope-OrgID", "team\nevil"));
    var monitoring = new RelmanProperties.Monitoring("http://prometheus:9090", List.of(errorRate()), null,
        Duration.ofSeconds(30), Duration.ofMinutes(15), 2, Duration.ofMinutes(2), auth);

    assertThat(problems(with(staging(), e -> environment(e, e.deploy(), e.rollback(), monitoring))))
        .containsExactlyInAnyOrder(
            "relman.environments[0].monitoring.auth: set bearer-token or username and password, not both",
            "relman.environments[0].monitoring.auth.headers: 'Authorization' is not a header relman may set"
                + " (Authorization comes from bearer-token or username and password)",
            "relman.environments[0].monitoring.auth.headers.X-Scope-OrgID must be a value without control characters");
    assertThat(auth.toString()).doesNotContain("token,", "secret");
  }

  // ---------------------------------------------------------------------------------------------- environments

  @Test
  void noEnvironmentsAreReported() {
    assertThat(problems()).containsExactly("relman.environments must name at least one environment");
  }

  @Test
  void environmentNameUsedTwiceIsReportedWithTheSecondIndex() {
    assertThat(problems(staging(), production(), staging()))
        .containsExactly("relman.environments[2].name 'staging' is used twice");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    var neither = new RelmanProperties.Step(null, null, null, null);
    var broken = new RelmanProperties.Environment("Production!", neither, command("./rollback.sh"),
        new RelmanProperties.Monitoring(null, List.of(new RelmanProperties.Query("error-rate", "up", null, null)), null,
            Duration.ofSeconds(30), Duration.ofMinutes(15), 0, Duration.ofMinutes(2)));

    assertThat(problems(staging(), broken)).containsExactly(
        "relman.environments[1].name must match [a-z0-9-]{1,64}",
        "relman.environments[1].deploy needs exactly one of command and webhook.url",
        "relman.environments[1].monitoring.prometheus-url must be an http(s) URL when queries are set",
        "relman.environments[1].monitoring.queries[0] needs max, min or both",
        "relman.environments[1].monitoring.failure-limit must be 1 or more");
  }

  @Test
  void invalidSettingsStopTheStartNamingEveryKey() {
    var neither = new RelmanProperties.Step(null, null, null, null);
    RelmanProperties invalid = properties(with(staging(), e -> environment(e, e.deploy(), neither, e.monitoring())));
    var environment = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:mem:x");

    assertThatThrownBy(() -> new RuntimeMode(invalid, environment))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("relman configuration is invalid")
        .hasMessageContaining("relman.environments[0].rollback needs exactly one of command and webhook.url");
  }

  // ---------------------------------------------------------------------------------------------- demo targets

  @Test
  void demoScriptOutsideDemoModeIsReportedWithTheCommandKey() {
    var demo = new RelmanProperties.Environment("staging", command(DEMO_SCRIPT), command("./rollback.sh"),
        monitoring(null, List.of(), null));

    assertThat(RuntimeMode.checkNoDemoTargets(properties(production(), demo))).singleElement()
        .satisfies(problem -> assertThat(problem).startsWith("relman.environments[1].deploy.command runs the demo deploy"
            + " script outside demo mode").contains("'staging'"));
  }

  @Test
  void webhookEnvironmentsAreNoDemoTargets() {
    assertThat(RuntimeMode.checkNoDemoTargets(properties(staging(), production()))).isEmpty();
  }

  @Test
  void demoScriptOutsideDemoModeStopsTheStart() {
    var demo = new RelmanProperties.Environment("staging", command(DEMO_SCRIPT), command(DEMO_SCRIPT),
        monitoring(null, List.of(), null));
    var mysql = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:mysql://db/relman");
    RelmanProperties settings = TestProperties.of("demo", new RelmanProperties.Demo(null),
        "webhooks", new RelmanProperties.Webhooks("a-long-random-secret", Duration.ofMinutes(5)), "gates", gates(),
        "environments", List.of(demo), "deploy", deploy(), "git", git(), "workers", workers(), "api", api());

    assertThatThrownBy(() -> new RuntimeMode(settings, mysql))
        .hasMessageContaining("relman.environments[0].deploy.command runs the demo deploy script")
        .hasMessageContaining("relman.environments[0].rollback.command runs the demo deploy script");
  }

  // ---------------------------------------------------------------------------------------------- webhook secrets

  @Test
  void secretsPerPurposeWithARotationUnderWayAreAccepted() {
    RelmanProperties settings = secrets(new RelmanProperties.Webhooks("shared-secret-0123456789", "old-shared-0123456789",
        "gate-secret-0123456789", "old-gate-secret-0123456789", Duration.ofMinutes(5)),
        deploySecret(production(), "production-0123456789", "old-production-0123456789"));

    assertThat(RuntimeMode.checkSecrets(settings, false)).isEmpty();
  }

  @Test
  void previousSecretWithoutTheCurrentOneIsReportedWithBothKeys() {
    RelmanProperties settings = secrets(new RelmanProperties.Webhooks("shared-secret-0123456789", null, null,
        "old-gate-secret-0123456789", Duration.ofMinutes(5)), deploySecret(production(), null, "old-production-0123456789"));

    assertThat(RuntimeMode.checkSecrets(settings, true)).containsExactly(
        "relman.webhooks.previous-gate-secret is set without relman.webhooks.gate-secret: during a rotation"
            + " relman.webhooks.gate-secret is the new secret and relman.webhooks.previous-gate-secret the one it replaces",
        "relman.environments[1].deploy.previous-secret is set without relman.environments[1].deploy.secret: during a"
            + " rotation relman.environments[1].deploy.secret is the new secret and"
            + " relman.environments[1].deploy.previous-secret the one it replaces");
  }

  @Test
  void sharedPreviousSecretWithoutTheSharedSecretStopsTheStartEvenInDemoMode() {
    RelmanProperties settings = TestProperties.with(properties(staging()), "webhooks",
        new RelmanProperties.Webhooks(null, "old-shared-0123456789", null, null, Duration.ofMinutes(5)));
    var h2 = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:mem:x");

    assertThatThrownBy(() -> new RuntimeMode(settings, h2))
        .hasMessageContaining("relman.webhooks.previous-secret is set without relman.webhooks.secret");
  }

  @Test
  void shortSecretsOutsideDemoModeAreReportedByKeyNeverByValue() {
    RelmanProperties settings = secrets(new RelmanProperties.Webhooks("short-shared", "short-old", "short-gate", null,
        Duration.ofMinutes(5)), deploySecret(production(), "short-prod", null));

    List<String> problems = RuntimeMode.checkSecrets(settings, false);

    assertThat(problems).containsExactly(
        "relman.webhooks.secret must be at least 16 characters outside demo mode (generate one with: openssl rand -hex 32)",
        "relman.webhooks.previous-secret must be at least 16 characters outside demo mode (generate one with: openssl"
            + " rand -hex 32)",
        "relman.webhooks.gate-secret must be at least 16 characters outside demo mode (generate one with: openssl rand"
            + " -hex 32)",
        "relman.environments[1].deploy.secret must be at least 16 characters outside demo mode (generate one with:"
            + " openssl rand -hex 32)");
    assertThat(String.join(" ", problems)).doesNotContain("short-shared", "short-old", "short-gate", "short-prod");
  }

  @Test
  void shortSecretsAreAcceptedInDemoMode() {
    RelmanProperties settings = secrets(new RelmanProperties.Webhooks("short", "old", "gate", "old-gate",
        Duration.ofMinutes(5)), deploySecret(production(), "prod", "old-prod"));

    assertThat(RuntimeMode.checkSecrets(settings, true)).isEmpty();
  }

  @Test
  void shortSharedSecretOutsideDemoModeStopsTheStart() {
    var mysql = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:mysql://db/relman");
    RelmanProperties settings = TestProperties.with(properties(staging()), "demo", new RelmanProperties.Demo(null),
        "webhooks", new RelmanProperties.Webhooks("too-short", Duration.ofMinutes(5)),
        "git", new RelmanProperties.Git(Path.of("target/git-cache"), List.of("/srv/git/**"), null, null, null, null));

    assertThatThrownBy(() -> new RuntimeMode(settings, mysql))
        .hasMessageContaining("relman.webhooks.secret must be at least 16 characters outside demo mode")
        .hasMessageNotContaining("too-short");
  }

  @Test
  void rollbackSecretIsReportedPointingToTheEnvironmentsDeploySecret() {
    var production = production();
    var rollback = new RelmanProperties.Step(null, webhook("https://ci.example/hooks/rollback"), null, null,
        "rollback-secret-0123456789", null);
    RelmanProperties settings = secrets(new RelmanProperties.Webhooks("shared-secret-0123456789", Duration.ofMinutes(5)),
        environment(production, production.deploy(), rollback, production.monitoring()));

    assertThat(RuntimeMode.checkSecrets(settings, false)).singleElement().asString()
        .startsWith("relman.environments[1].rollback.secret and .rollback.previous-secret are not read")
        .contains("relman.environments[1].deploy.secret");
  }

  // ---------------------------------------------------------------------------------------------- repositories

  @Test
  void allowedUrlsAreRequiredOutsideDemoMode() {
    RelmanProperties settings = properties(staging());

    assertThat(RuntimeMode.checkGit(settings, false)).singleElement().asString()
        .startsWith("relman.git.allowed-urls is required outside demo mode");
    assertThat(RuntimeMode.checkGit(settings, true)).as("demo mode: any local path").isEmpty();
  }

  @Test
  void allowedUrlsOutsideDemoModeAreAccepted() {
    RelmanProperties settings = git(new RelmanProperties.Git(Path.of("target/git-cache"),
        List.of("https://git.example.org/**", "/srv/git/**"), Duration.ofMinutes(2), DataSize.ofMegabytes(500),
        List.of(new RelmanProperties.GitCredentials("https://git.example.org/**", "relman", "token")), null));

    assertThat(RuntimeMode.checkGit(settings, false)).isEmpty();
  }

  @Test
  void incompleteGitSettingsAreReportedWithTheirKeys() {
    RelmanProperties settings = git(new RelmanProperties.Git(Path.of("target/git-cache"), List.of("/srv/git/**", " "),
        Duration.ZERO, DataSize.ofBytes(0),
        List.of(new RelmanProperties.GitCredentials(null, "relman", null)),
        new RelmanProperties.Ssh(Path.of("target/no-such-key"), "-----BEGIN OPENSSH PRIVATE KEY-----", "secret-passphrase",
            Path.of("target/no-such-known-hosts"), true, Path.of("target/no-such-config"))));

    List<String> problems = RuntimeMode.checkGit(settings, false);

    assertThat(problems).containsExactly(
        "relman.git.allowed-urls[1] is blank",
        "relman.git.timeout must be positive",
        "relman.git.max-size must be positive",
        "relman.git.credentials[0].url-pattern is required",
        "relman.git.credentials[0] needs a username and a password (or token)",
        "relman.git.ssh: set private-key-file or private-key, not both",
        "relman.git.ssh.private-key-file: target/no-such-key is not a readable file",
        "relman.git.ssh.known-hosts-file: target/no-such-known-hosts is not a readable file; with"
            + " strict-host-key-checking every SSH remote would be refused",
        "relman.git.ssh.config-file: target/no-such-config is not a readable file");
    assertThat(String.join(" ", problems)).doesNotContain("secret-passphrase", "BEGIN OPENSSH");
  }

  @Test
  void missingAllowedUrlsOutsideDemoModeStopsTheStart() {
    var mysql = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:mysql://db/relman");
    RelmanProperties settings = TestProperties.with(properties(staging()), "demo", new RelmanProperties.Demo(null),
        "webhooks", new RelmanProperties.Webhooks("a-long-random-secret", Duration.ofMinutes(5)));

    assertThatThrownBy(() -> new RuntimeMode(settings, mysql))
        .hasMessageContaining("relman.git.allowed-urls is required outside demo mode");
  }

  private static RelmanProperties secrets(RelmanProperties.Webhooks webhooks, RelmanProperties.Environment production) {
    return TestProperties.with(properties(staging(), production), "webhooks", webhooks);
  }

  private static RelmanProperties git(RelmanProperties.Git git) {
    return TestProperties.with(properties(staging()), "git", git);
  }

  private static RelmanProperties.Environment deploySecret(RelmanProperties.Environment environment, String secret,
      String previous) {
    var deploy = environment.deploy();
    return environment(environment, new RelmanProperties.Step(deploy.command(), deploy.webhook(), deploy.timeout(),
        deploy.workingDirectory(), secret, previous), environment.rollback(), environment.monitoring());
  }

  // ---------------------------------------------------------------------------------------------- building settings

  private static List<String> problems(RelmanProperties.Environment... environments) {
    return RuntimeMode.checkSettings(properties(environments));
  }

  private static RelmanProperties.Environment staging() {
    return new RelmanProperties.Environment("staging", command("./deploy.sh"), command("./rollback.sh"),
        monitoring("http://prometheus:9090", List.of(errorRate(), throughput()), "http://payments.staging:8080/health"));
  }

  private static RelmanProperties.Environment production() {
    return new RelmanProperties.Environment("production",
        new RelmanProperties.Step(null, webhook("https://ci.example/hooks/deploy"), null, null),
        new RelmanProperties.Step(null, webhook("https://ci.example/hooks/rollback"), null, null),
        monitoring("https://prometheus.example", List.of(errorRate(), throughput()), null));
  }

  private static RelmanProperties.Environment with(RelmanProperties.Environment environment,
      UnaryOperator<RelmanProperties.Environment> change) {
    return change.apply(environment);
  }

  private static RelmanProperties.Environment environment(RelmanProperties.Environment base, RelmanProperties.Step deploy,
      RelmanProperties.Step rollback, RelmanProperties.Monitoring monitoring) {
    return new RelmanProperties.Environment(base.name(), deploy, rollback, monitoring);
  }

  private static RelmanProperties.Step command(String command) {
    return new RelmanProperties.Step(command, null, Duration.ofMinutes(10), null);
  }

  private static RelmanProperties.Webhook webhook(String url) {
    return new RelmanProperties.Webhook(url, Duration.ofMinutes(30));
  }

  private static RelmanProperties.Monitoring monitoring(String prometheusUrl, List<RelmanProperties.Query> queries,
      String healthUrl) {
    return new RelmanProperties.Monitoring(prometheusUrl, new ArrayList<>(queries), healthUrl, Duration.ofSeconds(30),
        Duration.ofMinutes(15), 2, Duration.ofMinutes(2));
  }

  private static RelmanProperties.Query errorRate() {
    return new RelmanProperties.Query("error-rate", "sum(rate(errors[5m])) / sum(rate(requests[5m]))", 0.02, null);
  }

  private static RelmanProperties.Query throughput() {
    return new RelmanProperties.Query("throughput", "sum(rate(requests[1m]))", null, 1.0);
  }

  private static RelmanProperties properties(RelmanProperties.Environment... environments) {
    return TestProperties.of("demo", new RelmanProperties.Demo(true),
        "webhooks", new RelmanProperties.Webhooks("secret", Duration.ofMinutes(5)), "gates", gates(),
        "environments", List.of(environments), "deploy", deploy(), "git", git(), "workers", workers(), "api", api());
  }

  private static RelmanProperties.Gates gates() {
    return new RelmanProperties.Gates(List.of("build", "tests"), Duration.ofHours(24));
  }

  private static RelmanProperties.Deploy deploy() {
    return new RelmanProperties.Deploy(DataSize.ofKilobytes(64), Duration.ofMinutes(10), 3, Duration.ofSeconds(30), Duration.ofSeconds(1));
  }

  private static RelmanProperties.Git git() {
    return new RelmanProperties.Git(Path.of("target/git-cache"));
  }

  private static RelmanProperties.Workers workers() {
    return new RelmanProperties.Workers(false, null, "relman-worker", null, 2, Duration.ofSeconds(10),
        Duration.ofMinutes(1));
  }

  private static RelmanProperties.Api api() {
    return new RelmanProperties.Api(DataSize.ofKilobytes(64));
  }
}
