package org.relman;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything a relman operator sets, under {@code relman.*}; documented in docs/reference/configuration.md, which is
 * generated from these javadoc comments (ConfigurationReferenceTest). {@code publicUrl} is where deploy targets reach
 * relman for their callbacks (default: http://localhost and the server port).
 *
 * @param environments the promotion path, in order; the last one is production. Each entry has a {@code name}
 *     ({@code [a-z0-9-]}), a {@code deploy} and a {@code rollback} (each a {@code command} or a {@code webhook}) and
 *     its {@code monitoring}. Default: {@code staging} and {@code production}, both deployed by the demo script;
 *     outside demo mode relman refuses to start while a command is still the demo script
 * @param publicUrl where relman is reached from outside: the base of the {@code callbackUrl} webhook deploy targets
 *     are sent, and of the links to a release's page in notifications, the calendar feed and the evidence; unset:
 *     {@code http://localhost:<port>} (the calendar feed: the address it was fetched from)
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
    @DefaultValue Metrics metrics,
    @DefaultValue Security security,
    @DefaultValue Node node) {

  public RelmanProperties {
    environments = environments == null ? List.of() : List.copyOf(environments);
    node = node == null ? new Node(null) : node;
  }

  /**
   * Demo mode: demo users (password = user name) and the demo webhook secret; logged loudly when on.
   *
   * @param enabled demo users (password = user name) and the demo webhook secret, logged loudly when on; unset: on for
   *     the embedded H2 database, off for any other. Never on a database that holds real releases
   */
  public record Demo(Boolean enabled) {}

  /**
   * Signed webhooks: the gate reports and deployment callbacks relman receives, and the deploy webhooks it sends. Each
   * purpose may have a secret of its own ({@code gateSecret}, an environment's {@code deploy.secret}); without one it
   * uses {@code secret}. During a rotation the previous secret of a purpose is accepted too; relman signs with the
   * current one.
   *
   * @param secret the HMAC-SHA256 secret of every signed webhook, in and out, that has no secret of its own; from
   *     {@code RELMAN_WEBHOOK_SECRET}. Required outside demo mode (start-up fails without it); in demo mode unset means
   *     {@code relman-demo-secret}
   * @param previousSecret during a rotation of {@code secret}: the secret it replaces, still accepted on incoming
   *     webhooks until it is removed (relman signs with {@code secret} only); from
   *     {@code RELMAN_WEBHOOK_PREVIOUS_SECRET}
   * @param gateSecret the secret of CI's gate reports ({@code POST /api/releases/{id}/gates/{gate}}) alone; unset:
   *     {@code secret}. From {@code RELMAN_GATE_SECRET}
   * @param previousGateSecret during a rotation of {@code gate-secret}: the secret it replaces, still accepted on gate
   *     reports; needs {@code gate-secret}. From {@code RELMAN_GATE_PREVIOUS_SECRET}
   * @param tolerance how far a webhook's {@code X-Relman-Timestamp} may be from relman's clock; older or newer
   *     deliveries get 401
   */
  public record Webhooks(String secret, String previousSecret, String gateSecret, String previousGateSecret,
      @DefaultValue("PT5M") Duration tolerance) {

    @ConstructorBinding
    public Webhooks {}

    /** Only the shared secret, as before purposes had secrets of their own. */
    public Webhooks(String secret, Duration tolerance) {
      this(secret, null, null, null, tolerance);
    }

    @Override
    public String toString() {
      return "Webhooks[secret=" + masked(secret) + ", previousSecret=" + masked(previousSecret) + ", gateSecret="
          + masked(gateSecret) + ", previousGateSecret=" + masked(previousGateSecret) + ", tolerance=" + tolerance + "]";
    }
  }

  /**
   * The CI gates every release waits for.
   *
   * @param required the gate names CI must report for every release ({@code [a-z0-9-]}, each once)
   * @param timeout how long each gate waits for its report; then it is {@code TIMED_OUT} and a release manager decides
   *     (wait for a re-run, or cancel)
   */
  public record Gates(@DefaultValue({"build", "tests"}) List<String> required, @DefaultValue("PT24H") Duration timeout) {}

  /**
   * One environment of the promotion path.
   *
   * @param name the environment's name, {@code [a-z0-9-]{1,64}}, unique
   * @param deploy how to deploy to it
   * @param rollback how to roll it back
   * @param monitoring how to verify and soak a deployment in it
   */
  public record Environment(String name, @DefaultValue Step deploy, @DefaultValue Step rollback,
      @DefaultValue Monitoring monitoring) {}

  /**
   * How to deploy or roll back: a {@code command} run by {@code /bin/sh -c} in {@code workingDirectory} (default:
   * relman's own) and stopped after {@code timeout}, or a signed {@code webhook} whose target calls back. Under
   * {@code deploy}, {@code secret} (and during a rotation {@code previousSecret}) is the environment's webhook secret:
   * it signs the deploy and rollback webhooks sent to the environment's targets and verifies their callbacks; it is
   * not read under {@code rollback}.
   *
   * @param command a shell command run with the {@code RELMAN_*} variables; exit code 0 is success
   * @param webhook a deploy target reached over HTTP instead of a command
   * @param timeout how long the command may run before it is stopped with its children; unset:
   *     {@code relman.deploy.default-timeout}
   * @param workingDirectory where the command runs; unset: relman's working directory
   * @param secret (under {@code deploy}) the environment's webhook secret, for its deploy and rollback webhooks and
   *     their callbacks; unset: {@code relman.webhooks.secret}
   * @param previousSecret (under {@code deploy}) during a rotation of {@code secret}: the secret it replaces, still
   *     accepted on the environment's callbacks
   */
  public record Step(String command, Webhook webhook, Duration timeout, Path workingDirectory, String secret,
      String previousSecret) {

    @ConstructorBinding
    public Step {}

    /** A step without a secret of its own. */
    public Step(String command, Webhook webhook, Duration timeout, Path workingDirectory) {
      this(command, webhook, timeout, workingDirectory, null, null);
    }

    public boolean byWebhook() {
      return webhook != null && webhook.url() != null;
    }

    @Override
    public String toString() {
      return "Step[command=" + command + ", webhook=" + webhook + ", timeout=" + timeout + ", workingDirectory="
          + workingDirectory + ", secret=" + masked(secret) + ", previousSecret=" + masked(previousSecret) + "]";
    }
  }

  /**
   * A deploy target reached over HTTP: relman POSTs a signed request and waits up to {@code timeout} for the callback.
   *
   * @param url the target's http(s) URL
   * @param timeout how long relman waits for the signed callback before the deployment fails
   */
  public record Webhook(String url, @DefaultValue("PT30M") Duration timeout) {}

  /**
   * The soak after a deployment: every {@code interval} for {@code window}, each PromQL query against
   * {@code prometheusUrl} and, when set, {@code healthUrl}; {@code failureLimit} failed rounds in a row roll back.
   * {@code verifyTimeout} bounds how long the health URL may take to answer 2xx right after the deployment.
   *
   * @param prometheusUrl the Prometheus HTTP API ({@code /api/v1/query} is appended); required when there are queries
   * @param queries PromQL instant queries and their bounds, checked in every round of the soak
   * @param healthUrl must answer 2xx after the deployment (verification) and in every round
   * @param interval one round of checks every interval
   * @param window how long the soak lasts
   * @param failureLimit failed rounds in a row that roll the environment back; no data counts as a failure
   * @param verifyTimeout how long the health URL may take to answer 2xx after the deployment
   * @param auth how the PromQL queries sign in to a Prometheus behind authentication (a bearer token or a user and
   *     password) and the extra headers they send (a tenant id such as {@code X-Scope-OrgID}); not sent to the health
   *     URL
   */
  public record Monitoring(
      String prometheusUrl,
      List<Query> queries,
      String healthUrl,
      @DefaultValue("PT30S") Duration interval,
      @DefaultValue("PT15M") Duration window,
      @DefaultValue("2") int failureLimit,
      @DefaultValue("PT2M") Duration verifyTimeout,
      @DefaultValue PrometheusAuth auth) {

    @ConstructorBinding
    public Monitoring {
      queries = queries == null ? List.of() : List.copyOf(queries);
      auth = auth == null ? new PrometheusAuth(null, null, null, null) : auth;
    }

    /** Without authentication. */
    public Monitoring(String prometheusUrl, List<Query> queries, String healthUrl, Duration interval, Duration window,
        int failureLimit, Duration verifyTimeout) {
      this(prometheusUrl, queries, healthUrl, interval, window, failureLimit, verifyTimeout, null);
    }

    /** Whether there is anything to watch in this environment. */
    public boolean watches() {
      return !queries.isEmpty() || healthUrl != null;
    }
  }

  /**
   * How the soak's queries reach a Prometheus (or Thanos, Mimir, Cortex, VictoriaMetrics) behind authentication: a
   * bearer token, or HTTP Basic with a user and password (not both), plus headers sent with every query. Pass the
   * secrets from the environment, e.g. {@code bearer-token: ${PROMETHEUS_TOKEN}}.
   *
   * @param bearerToken sent as {@code Authorization: Bearer <token>}; a secret
   * @param username the user of HTTP Basic authentication (with {@code password})
   * @param password the password of HTTP Basic authentication; a secret
   * @param headers extra headers of every query, e.g. {@code X-Scope-OrgID: team-payments} (a Mimir or Cortex tenant)
   */
  public record PrometheusAuth(String bearerToken, String username, String password, java.util.Map<String, String> headers) {

    public PrometheusAuth {
      headers = headers == null ? java.util.Map.of() : java.util.Map.copyOf(headers);
    }

    /** The value of the {@code Authorization} header, or null when there is none to send. */
    public String authorization() {
      if (bearerToken != null && !bearerToken.isBlank()) {
        return "Bearer " + bearerToken.strip();
      }
      if (username != null && !username.isBlank()) {
        String pair = username + ":" + (password == null ? "" : password);
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return null;
    }

    @Override
    public String toString() {
      return "PrometheusAuth[bearerToken=" + masked(bearerToken) + ", username=" + username + ", password="
          + masked(password) + ", headers=" + headers.keySet() + "]";
    }
  }

  /**
   * A PromQL instant query and its bounds: a value above {@code max} or below {@code min} is a breach.
   *
   * @param name the check's name, unique in the environment
   * @param query the PromQL instant query
   * @param max the highest healthy value
   * @param min the lowest healthy value
   */
  public record Query(String name, String query, Double max, Double min) {}

  /**
   * Settings of every deployment and rollback.
   *
   * @param outputLimit command output kept per deployment (the first quarter and the last three quarters)
   * @param defaultTimeout the timeout of a deploy or rollback command that sets none
   * @param rollbackAttempts a failing rollback is tried this often (same deployment id), then becomes an incident in
   *     Cockpit
   * @param retryBackoff the pause between two attempts of a failing rollback
   * @param webhookRetryPause the pause before the second of the three attempts to deliver a deploy or rollback
   *     webhook that failed (unreachable target or an answer other than 2xx); it doubles before the third
   */
  public record Deploy(
      @DefaultValue("64KB") DataSize outputLimit,
      @DefaultValue("PT10M") Duration defaultTimeout,
      @DefaultValue("3") int rollbackAttempts,
      @DefaultValue("PT30S") Duration retryBackoff,
      @DefaultValue("PT1S") Duration webhookRetryPause) {}

  /**
   * Git access for change sets and release notes: which repositories a release may name, how long and how much one
   * clone or fetch may take, and the credentials relman signs in with (from here, never from a repository URL).
   *
   * @param cacheDirectory mirrors of remote repositories ({@code https://}, {@code ssh://}, {@code git@host:path},
   *     {@code file://}), fetched before every read; local paths are read in place
   * @param allowedUrls patterns of the repository URLs a release may name: {@code *} matches within one path segment,
   *     {@code **} across segments, e.g. {@code https://git.example.org/**}, {@code ssh://git@git.example.org/team/*},
   *     {@code git@git.example.org:team/*}, {@code /srv/git/**}; a local path or {@code file:} URL is matched as the
   *     absolute path it names. Any other URL is refused with one message that tells nothing about it. Required
   *     outside demo mode (start-up fails without it); in demo mode unset means any local path and no remote
   * @param timeout how long one clone or fetch of a remote repository may take, and the longest the remote may stay
   *     silent; then it is abandoned (and retried as a technical fault)
   * @param maxSize the most disk the mirror of one remote repository may take: a clone or fetch that grows it past this
   *     is stopped, the mirror is removed, and the release stops with that reason
   * @param credentials user name and password (or token) for {@code https://} remotes, per URL pattern: the first entry
   *     whose {@code url-pattern} matches is used. A repository URL with credentials in it is refused
   * @param ssh the key and the known hosts for {@code ssh://} and {@code user@host:path} remotes
   */
  public record Git(
      @DefaultValue("./data/git-cache") Path cacheDirectory,
      List<String> allowedUrls,
      @DefaultValue("PT5M") Duration timeout,
      @DefaultValue("1GB") DataSize maxSize,
      List<GitCredentials> credentials,
      @DefaultValue Ssh ssh) {

    @ConstructorBinding
    public Git {
      allowedUrls = allowedUrls == null ? List.of() : allowedUrls.stream().filter(java.util.Objects::nonNull).toList();
      credentials = credentials == null ? List.of() : List.copyOf(credentials);
      timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
      maxSize = maxSize == null ? DataSize.ofGigabytes(1) : maxSize;
      ssh = ssh == null ? new Ssh(null, null, null, null, true, null) : ssh;
    }

    /** Only a cache directory; everything else as it defaults. */
    public Git(Path cacheDirectory) {
      this(cacheDirectory, null, null, null, null, null);
    }
  }

  /**
   * The user name and password (or access token) relman signs in to the {@code https://} remotes matching
   * {@code urlPattern} with.
   *
   * @param urlPattern the remotes these credentials are for, a pattern as in {@code relman.git.allowed-urls}
   * @param username the user name (for a token: what the git host asks for, e.g. {@code oauth2} or the token itself)
   * @param password the password or access token; a secret: pass it from the environment
   */
  public record GitCredentials(String urlPattern, String username, String password) {

    @Override
    public String toString() {
      return "GitCredentials[urlPattern=" + urlPattern + ", username=" + username + ", password=" + masked(password) + "]";
    }
  }

  /**
   * How relman connects to {@code ssh://} and {@code user@host:path} remotes (JGit over Apache MINA sshd). The
   * {@code privateKey} tag comes before {@code privateKeyFile}: the metadata processor takes the first tag that starts
   * with a component's name.
   *
   * @param privateKey the private key itself instead of a file, e.g. from {@code RELMAN_GIT_SSH_PRIVATE_KEY}; a secret
   * @param privateKeyFile the private key relman signs in with (OpenSSH or PEM format); unset, and no
   *     {@code private-key}: the default keys in {@code ~/.ssh} of the user relman runs as
   * @param passphrase the private key's passphrase, if it has one; from {@code RELMAN_GIT_SSH_PASSPHRASE}; a secret
   * @param knownHostsFile the {@code known_hosts} file the servers' host keys are checked against; unset:
   *     {@code ~/.ssh/known_hosts}
   * @param strictHostKeyChecking true: a server whose host key is not in the known hosts file is refused; false: the
   *     first key a new server shows is accepted and added to the file. A server whose key differs from the known one
   *     is refused either way
   * @param configFile an OpenSSH client configuration ({@code Host}, {@code HostName}, {@code Port}, {@code User}),
   *     e.g. to give a host of the scp-like form {@code git@host:path}, which has no port, its port; unset:
   *     {@code ~/.ssh/config} when it exists
   */
  public record Ssh(Path privateKeyFile, String privateKey, String passphrase, Path knownHostsFile,
      @DefaultValue("true") boolean strictHostKeyChecking, Path configFile) {

    @Override
    public String toString() {
      return "Ssh[privateKeyFile=" + privateKeyFile + ", privateKey=" + masked(privateKey) + ", passphrase="
          + masked(passphrase) + ", knownHostsFile=" + knownHostsFile
          + ", strictHostKeyChecking=" + strictHostKeyChecking + ", configFile=" + configFile + "]";
    }
  }

  /**
   * The external-task workers. {@code engineUrl} unset: this node's own {@code /engine-rest}. {@code password} unset:
   * a random one per start (fine for one node; set it when several nodes or separate workers share the user).
   * {@code lockDuration}: how long a task stays with a worker that stops answering (a crashed node) before another
   * worker gets it; running steps renew it.
   *
   * @param enabled run the external-task workers in this node
   * @param engineUrl where the workers fetch their tasks; unset: this node's own {@code /engine-rest}
   * @param user the workers' technical user
   * @param password the technical user's password, from {@code RELMAN_WORKER_PASSWORD}; unset: random per start. Set
   *     it when several nodes or separately run workers share the user
   * @param concurrency clients per topic, so one long deployment does not hold up other releases
   * @param longPoll long-polling timeout of the workers' fetch; also bounds how long stopping them takes
   * @param lockDuration how long a task stays with a worker that stopped answering (a crashed node) before another
   *     takes it over; running steps renew it
   */
  public record Workers(
      @DefaultValue("true") boolean enabled,
      String engineUrl,
      @DefaultValue("relman-worker") String user,
      String password,
      @DefaultValue("2") int concurrency,
      @DefaultValue("PT10S") Duration longPoll,
      @DefaultValue("PT1M") Duration lockDuration) {}

  /**
   * This node's part in a cluster of relman nodes on one database (docs/operations/cluster.md). Every node serves the
   * API, the pages and {@code /engine-rest}; the role decides what it runs in the background.
   *
   * @param role {@code all}: the API and pages, the job executor (timers, asynchronous continuations), the
   *     external-task workers and the notification dispatcher; {@code api}: the API and pages only (no job executor, no
   *     workers, no dispatcher: {@code operaton.bpm.job-execution.enabled} and {@code relman.workers.enabled} are set
   *     to false); {@code worker}: everything {@code all} runs, meant to stay out of the load balancer's pool
   */
  public record Node(@DefaultValue("all") Role role) {

    public Node {
      role = role == null ? Role.ALL : role;
    }

    /** What a node runs, besides serving HTTP. */
    public enum Role {
      ALL, API, WORKER;

      /** The job executor, the external-task workers and the notification dispatcher. */
      public boolean runsBackgroundWork() {
        return this != API;
      }
    }
  }

  /**
   * The HTTP API.
   *
   * @param maxBodySize larger request bodies get 413
   */
  public record Api(@DefaultValue("64KB") DataSize maxBodySize) {}

  /**
   * Facts for the risk policy: files matching {@code sensitivePaths} (globs such as {@code **}{@code /db/migration/**}),
   * deployments outside {@code businessHours}, and the services' change-failure rate over {@code historyWindow}.
   *
   * @param sensitivePaths globs of files whose change the risk policy sees as {@code sensitivePaths}
   * @param businessHours a deployment window not entirely inside them is {@code outsideBusinessHours}
   * @param historyWindow how far back the change-failure rate of the release's services looks
   */
  public record Risk(
      @DefaultValue({"**/db/migration/**", "**/security/**", "**/*.sql"}) List<String> sensitivePaths,
      @DefaultValue BusinessHours businessHours,
      @DefaultValue("P30D") Duration historyWindow) {}

  /**
   * Business hours for the risk policy's {@code outsideBusinessHours} fact.
   *
   * @param zone the zone the hours are in (an IANA id)
   * @param start when business hours start
   * @param end when business hours end
   * @param days the days with business hours
   */
  public record BusinessHours(
      @DefaultValue("UTC") java.time.ZoneId zone,
      @DefaultValue("09:00") java.time.LocalTime start,
      @DefaultValue("17:00") java.time.LocalTime end,
      @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) List<java.time.DayOfWeek> days) {}

  /**
   * An approval task not done within {@code escalateAfter} is escalated (non-interrupting).
   *
   * @param escalateAfter approval tasks still open after this are escalated: higher priority, listed under
   *     {@code escalations}, audited, notified
   */
  public record Approvals(@DefaultValue("PT4H") Duration escalateAfter) {}

  /**
   * The hotfix lifecycle's gates (instead of {@code relman.gates.required}).
   *
   * @param gates the gates a hotfix waits for
   */
  public record Hotfix(@DefaultValue("build") List<String> gates) {}

  /**
   * DORA metrics, and the meters {@code /actuator/prometheus} shows: a production deployment followed by a hotfix of one
   * of its services within {@code failureWindow} counts as a change failure.
   *
   * @param failureWindow a production deployment followed this soon by a hotfix of one of its services is a change
   *     failure; applied when the metrics are read, so a change applies to the whole history
   * @param scrapeToken a token Prometheus may scrape {@code /actuator/prometheus} with ({@code Authorization: Bearer
   *     <token>}) instead of a release manager's or administrator's login; unset: logins only. A secret: from
   *     {@code RELMAN_METRICS_SCRAPE_TOKEN}, at least 16 characters
   * @param cacheFor how long the gauges read from the database (releases by status, the notification backlog) keep
   *     their value, so a burst of scrapes costs one query
   * @param doraWindow the period the {@code relman_dora_*} gauges cover, ending now
   * @param doraRefresh how often the {@code relman_dora_*} gauges are computed again (one DORA query per service)
   */
  public record Metrics(
      @DefaultValue("P7D") Duration failureWindow,
      String scrapeToken,
      @DefaultValue("PT15S") Duration cacheFor,
      @DefaultValue("P30D") Duration doraWindow,
      @DefaultValue("PT15M") Duration doraRefresh) {

    @ConstructorBinding
    public Metrics {}

    /** Only the failure window, everything else as it defaults. */
    public Metrics(Duration failureWindow) {
      this(failureWindow, null, Duration.ofSeconds(15), Duration.ofDays(30), Duration.ofMinutes(15));
    }

    @Override
    public String toString() {
      return "Metrics[failureWindow=" + failureWindow + ", scrapeToken=" + masked(scrapeToken) + ", cacheFor=" + cacheFor
          + ", doraWindow=" + doraWindow + ", doraRefresh=" + doraRefresh + "]";
    }
  }

  /**
   * How long a release's deployment window lasts from its planned start, on the calendar and for freeze checks.
   *
   * @param windowDuration the length of a release's deployment window (calendar, conflicts, freeze check, risk)
   */
  public record Calendar(@DefaultValue("PT2H") Duration windowDuration) {}

  /** Secrets print as {@code ***}: settings end up in logs and error messages. */
  private static String masked(String secret) {
    return secret == null ? null : "***";
  }

  public Optional<Environment> environment(String name) {
    return environments.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The environment a running release is in; one no longer configured is an error an operator has to resolve. */
  public Environment configuredEnvironment(String name) {
    return environment(name).orElseThrow(() -> new IllegalStateException("environment '" + name
        + "' is not configured: add it to relman.environments or move the release on in Cockpit"));
  }

  /**
   * How sign-ins are protected.
   *
   * @param loginThrottle failed sign-ins are throttled per client address; no user is ever locked out
   * @param tokens the API tokens and calendar feed tokens relman issues
   * @param oidc single sign-on with an OpenID Connect provider (Keycloak, Entra ID, Okta, ...); off by default
   * @param ldap users and groups from an LDAP directory as the engine's identity; off by default
   */
  public record Security(@DefaultValue LoginThrottle loginThrottle, @DefaultValue Tokens tokens, @DefaultValue Oidc oidc,
      @DefaultValue Ldap ldap) {

    @ConstructorBinding
    public Security {}

    /** Only the login throttle, everything else as it defaults. */
    public Security(LoginThrottle loginThrottle) {
      this(loginThrottle, new Tokens(Duration.ofDays(365)), null, null);
    }
  }

  /**
   * OpenID Connect single sign-on: people sign in to relman's pages at the provider ({@code /oauth2/authorization/oidc}),
   * and {@code /api} accepts the provider's access tokens (JWTs) as {@code Authorization: Bearer}. A person's roles come
   * from a claim of groups, mapped to relman's roles.
   *
   * @param enabled sign-in with the provider on the pages and its bearer tokens on {@code /api}
   * @param issuerUri the provider's issuer, e.g. {@code https://keycloak.example.org/realms/acme}; its
   *     {@code /.well-known/openid-configuration} is read at the first sign-in
   * @param clientId relman's client at the provider (a confidential client with the authorization code flow; redirect URI
   *     {@code <public-url>/login/oauth2/code/oidc})
   * @param clientSecret the client's secret; from {@code RELMAN_SECURITY_OIDC_CLIENT_SECRET}
   * @param scopes the scopes relman asks for at sign-in
   * @param usernameClaim the claim that is a person's relman user id (requester, four eyes, audit); without it, {@code sub}
   * @param groupsClaim the claim listing a person's groups (a list of strings), in the ID token, the user info or the
   *     access token
   * @param roleMapping provider group → relman role ({@code release-managers}, {@code qa}, ..., {@code operaton-admin}); a
   *     group named like a relman role (a leading {@code /} ignored) maps to it without an entry. Write keys with
   *     characters other than letters, digits and {@code -} in brackets: {@code "[/acme/release-managers]"}
   * @param audience the audience an access token on {@code /api} must name ({@code aud}); unset: {@code client-id}
   */
  public record Oidc(boolean enabled, String issuerUri, String clientId, String clientSecret,
      @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
      @DefaultValue("preferred_username") String usernameClaim,
      @DefaultValue("groups") String groupsClaim,
      java.util.Map<String, String> roleMapping,
      String audience) {

    public Oidc {
      roleMapping = roleMapping == null ? java.util.Map.of() : java.util.Map.copyOf(roleMapping);
    }

    @Override
    public String toString() {
      return "Oidc[enabled=" + enabled + ", issuerUri=" + issuerUri + ", clientId=" + clientId + ", clientSecret="
          + masked(clientSecret) + ", scopes=" + scopes + ", usernameClaim=" + usernameClaim + ", groupsClaim="
          + groupsClaim + ", roleMapping=" + roleMapping + ", audience=" + audience + "]";
    }
  }

  /**
   * LDAP as the engine's identity, read-only: people sign in with their directory password on every door (API, pages,
   * Tasklist, {@code /engine-rest}), and their directory groups are their roles. Users and groups are then managed in the
   * directory, not in Operaton Admin; the workers' technical user and the demo users stay in the engine's own tables.
   *
   * @param enabled read users and groups from the directory
   * @param url the server, e.g. {@code ldaps://ldap.example.org:636}
   * @param baseDn where every search starts, e.g. {@code dc=example,dc=org}
   * @param managerDn the account relman searches with; unset: anonymous searches
   * @param managerPassword its password; from {@code RELMAN_SECURITY_LDAP_MANAGER_PASSWORD}
   * @param userSearchBase below {@code base-dn}, where the people are, e.g. {@code ou=people}
   * @param userIdAttribute the attribute that is a person's relman user id
   * @param userObjectClass the object class of people
   * @param groupSearchBase below {@code base-dn}, where the groups are, e.g. {@code ou=groups}
   * @param groupIdAttribute the attribute that is a group's id
   * @param groupObjectClass the object class of groups
   * @param groupMemberAttribute the attribute of a group listing its members' DNs
   * @param roleMapping directory group → relman role; a group named like a relman role maps to it without an entry
   */
  public record Ldap(boolean enabled, String url, String baseDn, String managerDn, String managerPassword,
      @DefaultValue("ou=people") String userSearchBase,
      @DefaultValue("uid") String userIdAttribute,
      @DefaultValue("inetOrgPerson") String userObjectClass,
      @DefaultValue("ou=groups") String groupSearchBase,
      @DefaultValue("cn") String groupIdAttribute,
      @DefaultValue("groupOfNames") String groupObjectClass,
      @DefaultValue("member") String groupMemberAttribute,
      java.util.Map<String, String> roleMapping) {

    public Ldap {
      roleMapping = roleMapping == null ? java.util.Map.of() : java.util.Map.copyOf(roleMapping);
    }

    @Override
    public String toString() {
      return "Ldap[enabled=" + enabled + ", url=" + url + ", baseDn=" + baseDn + ", managerDn=" + managerDn
          + ", managerPassword=" + masked(managerPassword) + "]";
    }
  }

  /**
   * API tokens ({@code POST /api/tokens}): personal and service tokens for {@code Authorization: Bearer} on
   * {@code /api}.
   *
   * @param maxLifetime the latest {@code expiresAt} a new token may have, from its creation: a token always expires
   */
  public record Tokens(@DefaultValue("P365D") Duration maxLifetime) {}

  /**
   * A client address that failed {@code maxFailures} sign-ins within {@code window} may not try again until the oldest
   * of them is older than {@code window}; every door counts (API, {@code /engine-rest}, the webapps' login). Counted per
   * node; behind a proxy set {@code server.forward-headers-strategy} so the client's address is seen.
   *
   * @param maxFailures failed sign-ins an address may have within the window
   * @param window how long a failed sign-in counts
   */
  public record LoginThrottle(@DefaultValue("10") int maxFailures, @DefaultValue("PT5M") Duration window) {}
}
