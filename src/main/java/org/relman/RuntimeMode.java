package org.relman;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Settles, once at start-up, what depends on how relman runs: demo mode (default on for the embedded H2 database
 * only), the webhook secrets (required outside demo mode, and long enough there), the repositories releases may name
 * (required outside demo mode), and whether the configured environments and gates make sense. A bad setting stops the
 * start with a message that names the key.
 */
@Component
public class RuntimeMode {

  /** The secret demo mode signs webhooks with when none is configured; printed in the README walk-through. */
  public static final String DEMO_WEBHOOK_SECRET = "relman-demo-secret";

  private static final Logger log = LoggerFactory.getLogger(RuntimeMode.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");
  /** Outside demo mode a webhook secret must be at least this long: a short one can be guessed offline. */
  static final int MIN_SECRET_LENGTH = 16;

  private final boolean demo;
  private final String webhookSecret;

  RuntimeMode(RelmanProperties properties, Environment environment) {
    String url = environment.getProperty("spring.datasource.url", "");
    Boolean configured = properties.demo().enabled();
    this.demo = configured != null ? configured : url.startsWith("jdbc:h2:");
    String secret = properties.webhooks().secret();
    if (secret == null || secret.isBlank()) {
      if (!demo) {
        throw new IllegalStateException(
            "relman.webhooks.secret is required outside demo mode: set RELMAN_WEBHOOK_SECRET to a long random string");
      }
      secret = DEMO_WEBHOOK_SECRET;
    }
    this.webhookSecret = secret;
    List<String> problems = checkSettings(properties);
    problems.addAll(checkSecrets(properties, demo));
    problems.addAll(checkGit(properties, demo));
    if (!demo) {
      problems.addAll(checkNoDemoTargets(properties));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("relman configuration is invalid: " + String.join("; ", problems));
    }
    if (demo) {
      log.warn("""

          ************************************************************************
          *  relman DEMO MODE: demo users exist with password = user name        *
          *  (alice, rita, bob, carol, dave, erin, frank, grace, admin) and       *
          *  webhooks are verified with the demo secret unless one is set.       *
          *  Never run demo mode where real releases are managed.                *
          ************************************************************************""");
    }
  }

  static List<String> checkSettings(RelmanProperties properties) {
    List<String> problems = new ArrayList<>();
    if (properties.environments().isEmpty()) {
      problems.add("relman.environments must name at least one environment");
    }
    var names = new HashSet<String>();
    for (int i = 0; i < properties.environments().size(); i++) {
      var env = properties.environments().get(i);
      String key = "relman.environments[" + i + "]";
      if (env.name() == null || !NAME.matcher(env.name()).matches()) {
        problems.add(key + ".name must match [a-z0-9-]{1,64}");
      } else if (!names.add(env.name())) {
        problems.add(key + ".name '" + env.name() + "' is used twice");
      }
      checkStep(key + ".deploy", env.deploy(), problems);
      checkStep(key + ".rollback", env.rollback(), problems);
      checkMonitoring(key + ".monitoring", env.monitoring(), problems);
    }
    var gates = new HashSet<String>();
    for (String gate : properties.gates().required()) {
      if (gate == null || !NAME.matcher(gate).matches()) {
        problems.add("relman.gates.required: '" + gate + "' must match [a-z0-9-]{1,64}");
      } else if (!gates.add(gate)) {
        problems.add("relman.gates.required: '" + gate + "' is listed twice");
      }
    }
    if (properties.gates().timeout().isNegative() || properties.gates().timeout().isZero()) {
      problems.add("relman.gates.timeout must be positive");
    }
    var workers = properties.workers();
    if (workers != null && workers.enabled() && properties.node().role().runsBackgroundWork() && isSet(workers.engineUrl())
        && !isSet(workers.password())) {
      // the node serving that /engine-rest knows only its own workers' token: a random one per start is no use to others
      problems.add("relman.workers.engine-url is set, so relman.workers.password (RELMAN_WORKER_PASSWORD) must be set"
          + " too, the same on every node");
    }
    return problems;
  }

  /**
   * The webhook secrets: a previous secret (a rotation under way) needs the current one it is being replaced by; the
   * environment's secret lives under {@code deploy} and covers its rollback; outside demo mode every secret is at least
   * {@value #MIN_SECRET_LENGTH} characters. The messages name keys, never values.
   */
  static List<String> checkSecrets(RelmanProperties properties, boolean demo) {
    List<String> problems = new ArrayList<>();
    var webhooks = properties.webhooks();
    checkSecretPair("relman.webhooks.secret", webhooks.secret(), "relman.webhooks.previous-secret",
        webhooks.previousSecret(), demo, problems);
    checkSecretPair("relman.webhooks.gate-secret", webhooks.gateSecret(), "relman.webhooks.previous-gate-secret",
        webhooks.previousGateSecret(), demo, problems);
    for (int i = 0; i < properties.environments().size(); i++) {
      var env = properties.environments().get(i);
      String key = "relman.environments[" + i + "]";
      checkSecretPair(key + ".deploy.secret", env.deploy().secret(), key + ".deploy.previous-secret",
          env.deploy().previousSecret(), demo, problems);
      if (isSet(env.rollback().secret()) || isSet(env.rollback().previousSecret())) {
        problems.add(key + ".rollback.secret and .rollback.previous-secret are not read: the environment's secret is "
            + key + ".deploy.secret, which signs and verifies its deploy and rollback webhooks alike");
      }
    }
    return problems;
  }

  private static void checkSecretPair(String key, String secret, String previousKey, String previous, boolean demo,
      List<String> problems) {
    if (isSet(previous) && !isSet(secret)) {
      problems.add(previousKey + " is set without " + key + ": during a rotation " + key + " is the new secret and "
          + previousKey + " the one it replaces");
    }
    if (!demo) {
      for (String[] pair : List.of(new String[] {key, secret}, new String[] {previousKey, previous})) {
        if (isSet(pair[1]) && pair[1].strip().length() < MIN_SECRET_LENGTH) {
          problems.add(pair[0] + " must be at least " + MIN_SECRET_LENGTH + " characters outside demo mode"
              + " (generate one with: openssl rand -hex 32)");
        }
      }
    }
  }

  /**
   * The repositories releases may name: outside demo mode {@code relman.git.allowed-urls} must be set; credentials and
   * SSH settings must be complete. Whether a key can be read is checked by the git adapter when it starts.
   */
  static List<String> checkGit(RelmanProperties properties, boolean demo) {
    List<String> problems = new ArrayList<>();
    var git = properties.git();
    if (!demo && git.allowedUrls().isEmpty()) {
      problems.add("relman.git.allowed-urls is required outside demo mode: list the repositories releases may name,"
          + " e.g. [\"https://git.example.org/**\", \"/srv/git/**\"]");
    }
    for (int i = 0; i < git.allowedUrls().size(); i++) {
      if (git.allowedUrls().get(i).isBlank()) {
        problems.add("relman.git.allowed-urls[" + i + "] is blank");
      }
    }
    if (!positive(git.timeout())) {
      problems.add("relman.git.timeout must be positive");
    }
    if (git.maxSize().toBytes() <= 0) {
      problems.add("relman.git.max-size must be positive");
    }
    for (int i = 0; i < git.credentials().size(); i++) {
      var credentials = git.credentials().get(i);
      String key = "relman.git.credentials[" + i + "]";
      if (credentials == null || !isSet(credentials.urlPattern())) {
        problems.add(key + ".url-pattern is required");
      }
      if (credentials == null || !isSet(credentials.username()) || credentials.password() == null) {
        problems.add(key + " needs a username and a password (or token)");
      }
    }
    var ssh = git.ssh();
    if (ssh.privateKeyFile() != null && isSet(ssh.privateKey())) {
      problems.add("relman.git.ssh: set private-key-file or private-key, not both");
    }
    if (ssh.privateKeyFile() != null && !java.nio.file.Files.isReadable(ssh.privateKeyFile())) {
      problems.add("relman.git.ssh.private-key-file: " + ssh.privateKeyFile() + " is not a readable file");
    }
    if (ssh.knownHostsFile() != null && ssh.strictHostKeyChecking()
        && !java.nio.file.Files.isReadable(ssh.knownHostsFile())) {
      problems.add("relman.git.ssh.known-hosts-file: " + ssh.knownHostsFile() + " is not a readable file; with"
          + " strict-host-key-checking every SSH remote would be refused");
    }
    if (ssh.configFile() != null && !java.nio.file.Files.isReadable(ssh.configFile())) {
      problems.add("relman.git.ssh.config-file: " + ssh.configFile() + " is not a readable file");
    }
    return problems;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static void checkStep(String key, RelmanProperties.Step step, List<String> problems) {
    boolean command = step.command() != null && !step.command().isBlank();
    if (command == step.byWebhook()) {
      problems.add(key + " needs exactly one of command and webhook.url");
    }
    if (step.byWebhook() && !isHttpUrl(step.webhook().url())) {
      problems.add(key + ".webhook.url must be an http(s) URL, got '" + step.webhook().url() + "'");
    }
    if (step.byWebhook() && (step.webhook().timeout() == null || !positive(step.webhook().timeout()))) {
      problems.add(key + ".webhook.timeout must be positive");
    }
    if (step.timeout() != null && !positive(step.timeout())) {
      problems.add(key + ".timeout must be positive");
    }
  }

  private static void checkMonitoring(String key, RelmanProperties.Monitoring monitoring, List<String> problems) {
    if (!monitoring.queries().isEmpty() && !isHttpUrl(monitoring.prometheusUrl())) {
      problems.add(key + ".prometheus-url must be an http(s) URL when queries are set");
    }
    var names = new HashSet<String>();
    for (int i = 0; i < monitoring.queries().size(); i++) {
      var query = monitoring.queries().get(i);
      String q = key + ".queries[" + i + "]";
      if (query.name() == null || query.name().isBlank()) {
        problems.add(q + ".name is required");
      } else if (!names.add(query.name())) {
        problems.add(q + ".name '" + query.name() + "' is used twice");
      }
      if (query.query() == null || query.query().isBlank()) {
        problems.add(q + ".query is required");
      }
      if (query.max() == null && query.min() == null) {
        problems.add(q + " needs max, min or both");
      }
    }
    if (monitoring.healthUrl() != null && !isHttpUrl(monitoring.healthUrl())) {
      problems.add(key + ".health-url must be an http(s) URL");
    }
    if (!positive(monitoring.interval()) || !positive(monitoring.window()) || !positive(monitoring.verifyTimeout())) {
      problems.add(key + ".interval, .window and .verify-timeout must be positive");
    }
    if (monitoring.failureLimit() < 1) {
      problems.add(key + ".failure-limit must be 1 or more");
    }
    var auth = monitoring.auth();
    boolean bearer = auth.bearerToken() != null && !auth.bearerToken().isBlank();
    boolean basic = auth.username() != null && !auth.username().isBlank();
    if (bearer && basic) {
      problems.add(key + ".auth: set bearer-token or username and password, not both");
    }
    if (!basic && auth.password() != null && !auth.password().isBlank()) {
      problems.add(key + ".auth.password needs auth.username");
    }
    for (var header : auth.headers().entrySet()) {
      if (!header.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || header.getKey().equalsIgnoreCase("Authorization")
          || header.getKey().equalsIgnoreCase("Host") || header.getKey().equalsIgnoreCase("Content-Length")) {
        problems.add(key + ".auth.headers: '" + header.getKey() + "' is not a header relman may set (Authorization comes"
            + " from bearer-token or username and password)");
      } else if (header.getValue() == null || header.getValue().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        problems.add(key + ".auth.headers." + header.getKey() + " must be a value without control characters");
      }
    }
  }

  private static boolean positive(java.time.Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  private static boolean isHttpUrl(String url) {
    try {
      var uri = java.net.URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  /** Outside demo mode, an environment that "deploys" with the demo script is a mistake, not a default. */
  static List<String> checkNoDemoTargets(RelmanProperties properties) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < properties.environments().size(); i++) {
      var env = properties.environments().get(i);
      for (var step : List.of(new Object[] {"deploy", env.deploy()}, new Object[] {"rollback", env.rollback()})) {
        String command = ((RelmanProperties.Step) step[1]).command();
        if (command != null && command.contains("demo-deploy.sh")) {
          problems.add("relman.environments[" + i + "]." + step[0] + ".command runs the demo deploy script outside demo"
              + " mode: configure the real deploy and rollback commands of '" + env.name() + "' (README, Configuration)");
        }
      }
    }
    return problems;
  }

  public boolean demo() {
    return demo;
  }

  public String webhookSecret() {
    return webhookSecret;
  }
}
