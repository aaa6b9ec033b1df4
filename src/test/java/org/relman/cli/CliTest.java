package org.relman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;
import org.relman.testing.RelmanTestBase;

/**
 * The CLI as a CI job runs it, against the running relman: in-process through {@link Relman#run} (its exit code and
 * output), and once as a separate JVM with nothing but the JDK and the CLI's classes. People sign in with HTTP Basic
 * here, and with a service token.
 */
class CliTest extends RelmanTestBase {

  private static final AtomicInteger SERVICES = new AtomicInteger();
  /** The webhook secret of the test profile (relman.webhooks.secret). */
  private static final String SECRET = "test-secret";

  /** One run of the CLI: exit code, standard output, standard error. */
  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  // ---------------------------------------------------------------------------------------------- the CI job

  @Test
  void ciJobWithTheCliRequestsAReleaseReportsItsGatesAndSeesItReachGo() throws Exception {
    String version = version("cli");
    GitFixture repo = repository(2);
    Map<String, String> ci = env("RELMAN_USER", "erin", "RELMAN_PASSWORD", "erin", "RELMAN_WEBHOOK_SECRET", SECRET);

    Run requested = cli(ci, "request", "--version", version, "--service", service() + "," + service(),
        "--repository", repo.path().toString(), "--from", "v1", "--to", "main", "--planned-start", pastStart().toString(),
        "--rollback-plan", "redeploy v1", "--fact", "openCriticalBugs=0");
    assertThat(requested.exit()).as("%s", requested).isZero();
    long id = Long.parseLong(requested.out().strip());
    assertThat(release(id).get("version").asText()).isEqualTo(version);
    assertThat(release(id).get("requestedBy").asText()).isEqualTo("erin");

    // CI is faster than relman: both reports arrive before the change set is collected, and are kept
    Run build = cli(ci, "gate", "--version", version, "--gate", "build", "--status", "PASSED", "--summary", "CI run 118",
        "--link", "https://ci.example.org/runs/118");
    Run tests = cli(ci, "gate", "--release", String.valueOf(id), "--gate", "tests", "--status", "passed",
        "--tests-total", "412", "--tests-failed", "0", "--coverage", "81.5");
    assertThat(build.exit()).as("%s", build).isZero();
    assertThat(tests.exit()).as("%s", tests).isZero();
    workers().run("collect-change-set", id);
    assertThat(status(id)).isEqualTo("AWAITING_APPROVAL");
    assertThat(release(id).path("gates").toString()).contains("CI run 118", "81.5");

    Run early = cli(ci, "wait", "--version", version, "--for", "go", "--timeout", "300ms", "--interval", "100ms");
    assertThat(early.exit()).as("%s", early).isEqualTo(Exit.TIMEOUT.code);
    assertThat(early.err()).contains("AWAITING_APPROVAL", "did not reach a GO decision");

    CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> cli(ci, "wait", "--release", String.valueOf(id),
        "--for", "go", "--timeout", "2m", "--interval", "100ms"));
    completeOk("alice", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Both gates green, small change"));
    Run go = waiting.get(2, TimeUnit.MINUTES);

    assertThat(go.exit()).as("%s", go).isZero();
    // the decision is stored when the task completes; the steps after it (to SCHEDULED) run right after, as a job
    assertThat(go.out().strip()).isIn("AWAITING_APPROVAL", "SCHEDULED");
    assertThat(cli(ci, "status", "--version", version).out().strip()).isEqualTo("SCHEDULED");
  }

  /**
   * The done-when test of issue 13: a CI job with nothing but the CLI and a service token (POST /api/tokens answers 201
   * with the token, shown once, as {@code token}).
   */
  @Test
  void ciJobWithOnlyTheCliAndAServiceTokenRequestsAReleaseReportsItsGatesAndSeesItReachGo() throws Exception {
    String first = service();
    String second = service();
    Api.Response token = api("alice").post("/api/tokens", Map.of("name", "ci-" + first, "roles", List.of("engineers"),
        "services", List.of(first, second), "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString()));
    assertThat(token.status()).as("%s", token).isEqualTo(201);
    Map<String, String> ci = env("RELMAN_TOKEN", token.json().path("token").asText(), "RELMAN_WEBHOOK_SECRET", SECRET);
    String version = version("cli-token");

    Run requested = cli(ci, "request", "--version", version, "--service", first, "--service", second,
        "--repository", repository(2).path().toString(), "--from", "v1", "--to", "main",
        "--planned-start", pastStart().toString(), "--rollback-plan", "redeploy v1");
    assertThat(requested.exit()).as("%s", requested).isZero();
    long id = Long.parseLong(requested.out().strip());
    assertThat(cli(ci, "gate", "--version", version, "--gate", "build", "--status", "PASSED").exit()).isZero();
    assertThat(cli(ci, "gate", "--version", version, "--gate", "tests", "--status", "PASSED").exit()).isZero();
    workers().run("collect-change-set", id);

    CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> cli(ci, "wait", "--version", version,
        "--for", "go", "--timeout", "2m", "--interval", "100ms"));
    // rita, not alice: whoever created the token may count as the requester (four eyes)
    completeOk("rita", id, "go-no-go", Map.of("decision", "GO", "reasoning", "Gates green, requested by CI"));
    Run go = waiting.get(2, TimeUnit.MINUTES);

    assertThat(go.exit()).as("%s", go).isZero();
    assertThat(status(id)).isEqualTo("SCHEDULED");
  }

  // ---------------------------------------------------------------------------------------------- exit codes

  @Test
  void waitingForStatusEndsAtOnceWhenTheReleaseIsThereAndWithSixWhenItEndedElsewhere() {
    Map<String, String> ci = env("RELMAN_USER", "alice", "RELMAN_PASSWORD", "alice");
    long id = requestRelease("erin", version("cli"), repository(1));
    workers().run("collect-change-set", id);

    Run gating = cli(ci, "wait", "--release", String.valueOf(id), "--for", "status:gating", "--timeout", "5s");
    assertThat(api("alice").post("/api/releases/" + id + "/cancel", Map.of("reason", "superseded")).status())
        .isEqualTo(202);
    Run go = cli(ci, "wait", "--release", String.valueOf(id), "--for", "go", "--timeout", "5s");
    Run completed = cli(ci, "wait", "--release", String.valueOf(id), "--for", "completed", "--timeout", "5s");

    assertThat(gating.exit()).as("%s", gating).isZero();
    assertThat(gating.out().strip()).isEqualTo("GATING");
    assertThat(go.exit()).as("%s", go).isEqualTo(Exit.NEVER.code);
    assertThat(go.err()).contains("CANCELLED", "superseded");
    assertThat(completed.exit()).as("%s", completed).isEqualTo(Exit.NEVER.code);
  }

  @Test
  void refusalsEndWithThreeAndSayWhy() {
    long id = requestRelease("erin", version("cli"), repository(1));
    Map<String, String> signer = env("RELMAN_WEBHOOK_SECRET", SECRET);

    Run unknownVersion = cli(signer, "gate", "--version", "no-such-" + System.nanoTime(), "--gate", "build",
        "--status", "PASSED");
    Run unknownGate = cli(signer, "gate", "--release", String.valueOf(id), "--gate", "lint", "--status", "PASSED");
    Run wrongSecret = cli(env("RELMAN_WEBHOOK_SECRET", "not-the-secret"), "gate", "--release", String.valueOf(id),
        "--gate", "build", "--status", "PASSED");
    Run notSignedIn = cli(env("RELMAN_USER", "erin", "RELMAN_PASSWORD", "wrong"), "status", "--release",
        String.valueOf(id));
    Run notAllowed = cli(env("RELMAN_USER", "frank", "RELMAN_PASSWORD", "frank"), "request", "--version", version("cli"),
        "--service", service(), "--repository", repository(1).path().toString(), "--from", "v1", "--to", "main");
    Run invalid = cli(env("RELMAN_USER", "erin", "RELMAN_PASSWORD", "erin"), "request", "--version", version("cli"),
        "--service", "Not A Service", "--repository", "/nowhere", "--from", "v1", "--to", "main");
    Run commandDeployment = cli(signer, "callback", "--release", String.valueOf(id), "--environment", "staging",
        "--deployment-id", "00000000-0000-0000-0000-000000000000", "--status", "SUCCEEDED");

    assertThat(List.of(unknownVersion, unknownGate, wrongSecret, notSignedIn, notAllowed, invalid, commandDeployment))
        .allSatisfy(run -> assertThat(run.exit()).as("%s", run).isEqualTo(Exit.REFUSED.code));
    assertThat(unknownVersion.err()).contains("404", "No release has version");
    assertThat(unknownGate.err()).contains("404", "lint");
    assertThat(wrongSecret.err()).contains("401", "Bad signature");
    assertThat(notSignedIn.err()).contains("401");
    assertThat(notAllowed.err()).contains("403");
    assertThat(invalid.err()).contains("400", "services[0]");
    // signed correctly (not a 401): refused for what it asks
    assertThat(commandDeployment.err()).contains("409");
    assertThat(release(id).path("gates").toString()).doesNotContain("PASSED");
  }

  @Test
  void mistakesOnTheCommandLineEndWithTwoAndSendNothing() {
    long deliveries = count("webhook_deliveries");
    Map<String, String> ci = env("RELMAN_WEBHOOK_SECRET", SECRET, "RELMAN_USER", "erin", "RELMAN_PASSWORD", "erin");

    List<Run> runs = List.of(
        cli(ci, "gate", "--version", "1.0", "--gate", "build"),
        cli(ci, "gate", "--version", "1.0", "--release", "1", "--gate", "build", "--status", "PASSED"),
        cli(ci, "gate", "--version", "1.0", "--gate", "build", "--status", "GREEN"),
        cli(ci, "gate", "--version", "1.0", "--gate", "build", "--status", "PASSED", "--coverage", "0.8x"),
        cli(ci, "gate", "--version", "1.0", "--gate", "build", "--status", "PASSED", "--coverage", "181"),
        cli(ci, "wait", "--version", "1.0", "--for", "status:SHIPPED"),
        cli(ci, "wait", "--version", "1.0", "--for", "go", "--timeout", "soon"),
        cli(ci, "request", "--version", "1.0", "--service", "a", "--repository", "/r", "--from", "v1", "--to", "main",
            "--planned-start", "tomorrow"),
        cli(ci, "deploy", "--version", "1.0"),
        cli(ci, "gate", "--version", "1.0", "--gate", "build", "--status", "PASSED", "--colour", "blue"),
        cli(env(), "gate", "--version", "1.0", "--gate", "build", "--status", "PASSED"));

    assertThat(runs).allSatisfy(run -> assertThat(run.exit()).as("%s", run).isEqualTo(Exit.USAGE.code));
    assertThat(count("webhook_deliveries")).isEqualTo(deliveries);
  }

  @Test
  void unreachableRelmanEndsWithFour() {
    Run run = Cli.run(new String[] {"gate", "--url", "http://127.0.0.1:1", "--version", "1.0", "--gate", "build",
        "--status", "PASSED", "--secret", SECRET}, Map.of());

    assertThat(run.exit()).as("%s", run).isEqualTo(Exit.UNAVAILABLE.code);
    assertThat(run.err()).contains("unreachable");
  }

  // ---------------------------------------------------------------------------------------------- a JVM of its own

  @Test
  void theCliRunsAsAProgramOfItsOwnWithNothingButTheJdk() throws Exception {
    long id = requestRelease("erin", version("cli"), repository(1));
    String version = release(id).get("version").asText();
    Path classes = Path.of(Relman.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path isolated = temp.resolve("cli-classes");
    // only the CLI's own classes on the class path: it must not need Spring, Jackson or anything of relman's
    try (var files = java.nio.file.Files.walk(classes.resolve("org/relman/cli"))) {
      for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        Path copy = isolated.resolve(classes.relativize(file));
        java.nio.file.Files.createDirectories(copy.getParent());
        java.nio.file.Files.copy(file, copy);
      }
    }
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", isolated.toString(), "org.relman.cli.Relman", "gate", "--version", version,
        "--gate", "build", "--status", "FAILED", "--summary", "3 tests failed").redirectErrorStream(true);
    builder.environment().put("RELMAN_URL", "http://localhost:" + port);
    builder.environment().put("RELMAN_WEBHOOK_SECRET", SECRET);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("Reported gate build FAILED");
    assertThat(release(id).path("gates").toString()).contains("3 tests failed");
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private Run cli(Map<String, String> env, String... args) {
    Map<String, String> withUrl = new HashMap<>(env);
    withUrl.putIfAbsent("RELMAN_URL", "http://localhost:" + port);
    return Cli.run(args, withUrl);
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static String service() {
    return "cli-" + SERVICES.incrementAndGet() + "-" + (System.nanoTime() % 10000);
  }

  /** Runs the CLI in-process, as {@code main} would, with a real clock and real pauses. */
  static final class Cli {

    static Run run(String[] args, Map<String, String> env) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = Relman.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), pause -> {
            try {
              Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }
}
