package org.relman.cli;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code relman} command (docs/reference/cli.md): {@code relman <command> [options]}. {@link #run} is the whole
 * program without {@code System.exit}, so tests call it in-process and read its exit code and output.
 */
public final class Relman {

  /** Options every command takes; each has an environment variable, and the option wins. */
  static final Set<String> GLOBAL = Set.of("url", "token", "user", "password", "secret", "http-timeout", "help");
  private static final Set<String> FLAGS = Set.of("hotfix", "help");

  static final String USAGE = """
      relman: request releases, report gates, wait for releases and answer deployment callbacks from CI.

      Usage: relman <command> [options]

      Commands:
        request   request a release; prints its id
                    --version V --service S [--service S2] --repository URL --from REF --to REF
                    [--planned-start 2026-12-03T10:00:00Z|now] [--name N] [--hotfix] [--rollback-plan TEXT]
                    [--fact name=value]... [--output id|json]
        gate      report a gate's result (signed with the webhook secret)
                    --release ID | --version V, --gate NAME --status PASSED|FAILED [--summary S] [--link CI-RUN-URL]
                    [--tests-total N] [--tests-failed N] [--coverage PERCENT]
        wait      wait until the release gets somewhere
                    --release ID | --version V, --for go|completed|status:<STATUS> [--timeout 30m] [--interval 10s]
        callback  answer a webhook deployment (signed with the environment's secret)
                    --callback-url URL | --release ID | --version V with --environment ENV,
                    --deployment-id ID --status SUCCEEDED|FAILED [--details TEXT]
        status    print the release's status   --release ID | --version V [--output status|json]
        help      this text;   version   the CLI's version

      Options of every command (and their environment variables):
        --url URL            RELMAN_URL              relman's address, e.g. https://relman.example.org
        --token TOKEN        RELMAN_TOKEN            an API token (Authorization: Bearer)
        --user USER          RELMAN_USER             or a user and password (HTTP Basic)
        --password PASSWORD  RELMAN_PASSWORD
        --secret SECRET      RELMAN_WEBHOOK_SECRET   the webhook secret that signs gate reports and callbacks
        --http-timeout 30s   RELMAN_HTTP_TIMEOUT     how long one request may take
      Prefer the environment variables for secrets: command lines are visible to other processes.

      Exit codes: 0 done; 2 wrong command line; 3 relman refused (4xx); 4 relman unreachable or 5xx;
                  5 wait timed out; 6 wait: the release can no longer get there (cancelled, ended otherwise);
                  1 a bug in the CLI.
      """;

  /** Pauses between polls; tests pass one that does not really sleep. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration);
  }

  /** What a command works with. */
  record Context(Args args, Client client, PrintStream out, PrintStream err, Clock clock, Sleeper sleeper) {}

  private Relman() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the command line and returns its exit code; output on {@code out}, messages on {@code err}. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    return run(args, env, out, err, Clock.systemUTC(), Relman::sleep);
  }

  static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err, Clock clock, Sleeper sleeper) {
    try {
      Set<String> flags = new HashSet<>(FLAGS);
      Args args = Args.parse(argv, flags);
      if (args.words().isEmpty() || args.flag("help") || args.words().get(0).equals("help")) {
        out.print(USAGE);
        return args.words().isEmpty() && !args.flag("help") ? Exit.USAGE.code : Exit.OK.code;
      }
      String command = args.words().get(0);
      if (args.words().size() > 1) {
        throw Exit.USAGE.fail("unexpected '" + args.words().get(1) + "': options start with --");
      }
      Set<String> known = new HashSet<>(GLOBAL);
      switch (command) {
        case "version" -> {
          out.println("relman-cli " + version());
          return Exit.OK.code;
        }
        case "request" -> known.addAll(RequestCommand.OPTIONS);
        case "gate" -> known.addAll(GateCommand.OPTIONS);
        case "wait" -> known.addAll(WaitCommand.OPTIONS);
        case "callback" -> known.addAll(CallbackCommand.OPTIONS);
        case "status" -> known.addAll(StatusCommand.OPTIONS);
        default -> throw Exit.USAGE.fail("unknown command '" + command + "' (relman help lists them)");
      }
      args.only(known, command);
      Context context = new Context(args, client(args, env, command, clock), out, err, clock, sleeper);
      return switch (command) {
        case "request" -> RequestCommand.run(context);
        case "gate" -> GateCommand.run(context);
        case "wait" -> WaitCommand.run(context);
        case "callback" -> CallbackCommand.run(context);
        default -> StatusCommand.run(context);
      };
    } catch (Exit.Failure failure) {
      err.println("relman: " + failure.getMessage());
      if (failure.exit == Exit.USAGE) {
        err.println("(relman help shows every command and option)");
      }
      return failure.exit.code;
    } catch (RuntimeException bug) {
      err.println("relman: unexpected error: " + bug);
      return Exit.INTERNAL.code;
    }
  }

  private static Client client(Args args, Map<String, String> env, String command, Clock clock) {
    String url = option(args, env, "url", "RELMAN_URL");
    boolean callbackUrl = command.equals("callback") && args.one("callback-url") != null;
    URI base = null;
    if (url != null && !url.isBlank()) {
      base = httpUrl("--url (RELMAN_URL)", url);
    } else if (!callbackUrl) {
      throw Exit.USAGE.fail("--url is required (or RELMAN_URL): relman's address, e.g. https://relman.example.org");
    }
    String timeoutText = option(args, env, "http-timeout", "RELMAN_HTTP_TIMEOUT");
    Duration timeout = timeoutText == null ? Duration.ofSeconds(30)
        : Args.parse(new String[] {"--http-timeout", timeoutText}, Set.of()).duration("http-timeout", null);
    String authorization = Client.authorization(option(args, env, "token", "RELMAN_TOKEN"),
        option(args, env, "user", "RELMAN_USER"), option(args, env, "password", "RELMAN_PASSWORD"));
    if (authorization == null && Set.of("request", "wait", "status").contains(command)) {
      throw Exit.USAGE.fail("'" + command + "' calls relman's API: set RELMAN_TOKEN (or --token), or RELMAN_USER and"
          + " RELMAN_PASSWORD");
    }
    return new Client(base == null ? URI.create("http://unused.invalid") : base, authorization,
        option(args, env, "secret", "RELMAN_WEBHOOK_SECRET"), timeout, clock);
  }

  private static String option(Args args, Map<String, String> env, String name, String variable) {
    String value = args.one(name);
    if (value == null) {
      value = env.get(variable);
    }
    return value == null || value.isBlank() ? null : value;
  }

  /** An absolute http(s) URL, or a usage failure naming where it came from. */
  static URI httpUrl(String what, String value) {
    try {
      URI uri = URI.create(value.strip());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && uri.getRawUserInfo() == null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw Exit.USAGE.fail(what + " must be an http(s) URL without credentials in it, got '" + value + "'");
  }

  /** {@code --output}: {@code json}, or the command's plain answer (the default). */
  static String output(Args args) {
    String output = args.one("output");
    if (output == null || output.equals("id") || output.equals("status")) {
      return "plain";
    }
    if (output.equals("json")) {
      return "json";
    }
    throw Exit.USAGE.fail("--output must be json (or left out), got '" + output + "'");
  }

  private static String version() {
    String version = Relman.class.getPackage().getImplementationVersion();
    return version == null ? "(development build)" : version;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(1, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Exit.TIMEOUT.fail("interrupted while waiting");
    }
  }
}
