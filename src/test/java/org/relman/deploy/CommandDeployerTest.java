package org.relman.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.relman.RelmanProperties;
import org.relman.testing.TestProperties;
import org.springframework.util.unit.DataSize;

/** The command deployer against real {@code /bin/sh} commands: variables, exit codes, output, timeouts, children. */
class CommandDeployerTest {

  private static final DeploymentRequest DEPLOY = new DeploymentRequest(42, "2026.12.0", List.of("payments", "ledger"),
      "staging", DeploymentAction.DEPLOY, "0b7e2f6c-5d1a-4c36-9a43-2f0e8e7d4a11", 2, "3f2c1a9", null);

  @TempDir
  Path temp;

  private final AtomicInteger beats = new AtomicInteger();
  private final CommandDeployer.Watch heartbeat = watch(beats::incrementAndGet);

  @Test
  void commandSeesEveryRelmanVariable() throws Exception {
    CommandDeployer.Outcome outcome = deployer().run(DEPLOY, step("env | grep '^RELMAN_' | sort"), heartbeat);

    assertThat(outcome.succeeded()).as("outcome %s", outcome).isTrue();
    assertThat(outcome.output().lines()).contains(
        "RELMAN_RELEASE_ID=42",
        "RELMAN_VERSION=2026.12.0",
        "RELMAN_SERVICES=payments,ledger",
        "RELMAN_ENVIRONMENT=staging",
        "RELMAN_ACTION=deploy",
        "RELMAN_DEPLOYMENT_ID=0b7e2f6c-5d1a-4c36-9a43-2f0e8e7d4a11",
        "RELMAN_ATTEMPT=2",
        "RELMAN_REVISION=3f2c1a9");
  }

  @Test
  void rollbackCommandSeesRollbackAsItsActionAndAnEmptyRevisionWhenThereIsNone() throws Exception {
    var rollback = new DeploymentRequest(7, "2026.12.1", List.of("ledger"), "production", DeploymentAction.ROLLBACK,
        "deployment-7", 1, null, "monitoring: error-rate: 0.09 > max 0.02");

    CommandDeployer.Outcome outcome = deployer().run(rollback,
        step("echo \"[$RELMAN_ACTION] [$RELMAN_SERVICES] [$RELMAN_REVISION] [$RELMAN_ATTEMPT]\""), heartbeat);

    assertThat(outcome.output()).isEqualTo("[rollback] [ledger] [] [1]\n");
  }

  @Test
  void exitCodeZeroSucceeds() throws Exception {
    CommandDeployer.Outcome outcome = deployer().run(DEPLOY, step("echo deployed"), heartbeat);

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.failureReason()).isNull();
    assertThat(outcome.output()).isEqualTo("deployed\n");
  }

  @Test
  void nonZeroExitCodeFailsWithThatCode() throws Exception {
    CommandDeployer.Outcome outcome = deployer().run(DEPLOY, step("echo trying; exit 3"), heartbeat);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.exitCode()).isEqualTo(3);
    assertThat(outcome.failureReason()).isEqualTo("exit code 3");
    assertThat(outcome.output()).isEqualTo("trying\n");
  }

  @Test
  void standardErrorIsCapturedWithStandardOutput() throws Exception {
    CommandDeployer.Outcome outcome = deployer().run(DEPLOY,
        step("echo 'checking health'; echo 'error: health check failed' >&2; exit 1"), heartbeat);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.output()).contains("checking health", "error: health check failed");
  }

  @Test
  void commandRunsInTheStepsWorkingDirectory() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("deploy-here"));

    CommandDeployer.Outcome outcome = deployer().run(DEPLOY, new RelmanProperties.Step("pwd -P", null, null, dir), heartbeat);

    assertThat(outcome.output().strip()).isEqualTo(dir.toRealPath().toString());
  }

  @Test
  void missingWorkingDirectoryIsAFailedOutcomeNamingIt() throws Exception {
    Path missing = temp.resolve("no-such-directory");

    CommandDeployer.Outcome outcome = deployer().run(DEPLOY, new RelmanProperties.Step("echo never", null, null, missing), heartbeat);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.exitCode()).isNull();
    assertThat(outcome.failureReason()).contains("could not start", "echo never", missing.toString());
  }

  @Test
  void commandThatOutlivesItsTimeoutIsStoppedWithItsChildren() throws Exception {
    Path pidFile = temp.resolve("child.pid");
    String command = "sleep 300 & echo $! > '" + pidFile + "'; echo started; wait";

    long start = System.nanoTime();
    CommandDeployer.Outcome outcome = deployer().run(DEPLOY, new RelmanProperties.Step(command, null, Duration.ofSeconds(1), null),
        heartbeat);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.exitCode()).isNull();
    assertThat(outcome.failureReason()).isEqualTo("timed out after PT1S");
    assertThat(outcome.output()).contains("started");
    assertThat(running(pid(pidFile))).as("the background child of the command").isFalse();
  }

  @Test
  void timedOutCommandTakesItsGrandchildrenWithIt() throws Exception {
    Path pidFile = temp.resolve("grandchild.pid");
    String command = "sh -c \"sleep 300 & echo \\$! > '" + pidFile + "'; wait\"";

    CommandDeployer.Outcome outcome = deployer().run(DEPLOY, new RelmanProperties.Step(command, null, Duration.ofSeconds(1), null),
        heartbeat);

    assertThat(outcome.failureReason()).isEqualTo("timed out after PT1S");
    assertThat(running(pid(pidFile))).as("the grandchild of the command").isFalse();
  }

  @Test
  void defaultTimeoutAppliesWhenTheStepSetsNone() throws Exception {
    var properties = properties(DataSize.ofKilobytes(64), Duration.ofSeconds(1));

    CommandDeployer.Outcome outcome = new CommandDeployer(properties).run(DEPLOY, step("sleep 300"), heartbeat);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.failureReason()).isEqualTo("timed out after PT1S");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void interruptedDeployStopsTheCommandAndItsChildren() throws Exception {
    Path fifo = fifo("started");
    Path pidFile = temp.resolve("child.pid");
    String command = "sleep 300 & echo $! > '" + pidFile + "'; echo running > '" + fifo + "'; wait";
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      try {
        deployer().run(DEPLOY, step(command), heartbeat);
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    worker.start();

    assertThat(readLine(fifo)).as("the command has started").isEqualTo("running");
    worker.interrupt();
    worker.join(15_000);

    assertThat(worker.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(running(pid(pidFile))).as("the background child of the interrupted command").isFalse();
  }

  @Test
  void shortCommandDoesNotNeedAHeartbeat() throws Exception {
    CommandDeployer.Outcome outcome = deployer().run(DEPLOY, step("true"), watch(() -> {
      throw new AssertionError("a command that ends at once must not need the lock extended");
    }));

    assertThat(outcome.succeeded()).isTrue();
  }

  @Test
  void outputBeyondTheLimitKeepsHeadAndTailAndMarksWhatWasLeftOut() throws Exception {
    var deployer = new CommandDeployer(properties(DataSize.ofBytes(1024), Duration.ofMinutes(1)));

    CommandDeployer.Outcome outcome = deployer.run(DEPLOY,
        step("echo BEGIN; head -c 100000 /dev/zero | tr '\\0' x; echo; echo END; exit 1"), heartbeat);

    assertThat(outcome.failureReason()).isEqualTo("exit code 1");
    assertThat(outcome.output()).startsWith("BEGIN\nxxx").endsWith("xxx\nEND\n");
    assertThat(outcome.output()).containsPattern("\\[\\.\\.\\. \\d+ bytes of output omitted \\.\\.\\.\\]");
    assertThat(outcome.output().length()).isLessThan(1024 + 64);
  }

  @Test
  void boundedOutputUnderItsLimitIsKeptWhole() {
    var output = new BoundedOutput(16);
    write(output, "short text");

    assertThat(output.toString()).isEqualTo("short text");
    assertThat(output.total()).isEqualTo(10);
  }

  @Test
  void boundedOutputOfExactlyItsLimitIsKeptWhole() {
    var output = new BoundedOutput(8);
    write(output, "abcdefgh");

    assertThat(output.toString()).isEqualTo("abcdefgh");
  }

  @Test
  void boundedOutputKeepsTheFirstQuarterAndTheLastThreeQuarters() {
    var output = new BoundedOutput(8);
    write(output, "abcdefghijklmnop");

    assertThat(output.toString()).isEqualTo("ab\n[... 8 bytes of output omitted ...]\nklmnop");
    assertThat(output.total()).isEqualTo(16);
  }

  @Test
  void boundedOutputKeepsTheTailInOrderAfterWrappingManyTimes() {
    var output = new BoundedOutput(40);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      all.append(i).append(',');
    }
    write(output, all.toString());

    String text = output.toString();
    String marker = "\n[... " + (all.length() - 40) + " bytes of output omitted ...]\n";
    assertThat(text).isEqualTo(all.substring(0, 10) + marker + all.substring(all.length() - 30));
  }

  @Test
  void boundedOutputWritesOnlyTheGivenSliceOfAnArray() {
    var output = new BoundedOutput(64);
    byte[] bytes = "xxHELLOxx".getBytes(StandardCharsets.UTF_8);
    output.write(bytes, 2, 5);

    assertThat(output.toString()).isEqualTo("HELLO");
    assertThat(output.total()).isEqualTo(5);
  }

  private CommandDeployer deployer() {
    return new CommandDeployer(properties(DataSize.ofKilobytes(64), Duration.ofMinutes(1)));
  }

  private static RelmanProperties properties(DataSize outputLimit, Duration defaultTimeout) {
    return TestProperties.of("deploy", new RelmanProperties.Deploy(outputLimit, defaultTimeout, 3, Duration.ZERO, Duration.ZERO),
        "workers", new RelmanProperties.Workers(true, null, "relman-worker", null, 2, Duration.ofSeconds(10),
            Duration.ofMinutes(1)));
  }

  /** A watch that counts heartbeats and ignores the started process. */
  private static CommandDeployer.Watch watch(Runnable beat) {
    return new CommandDeployer.Watch() {
      @Override
      public void started(ProcessHandle process) {
      }

      @Override
      public void heartbeat() {
        beat.run();
      }
    };
  }

  private static RelmanProperties.Step step(String command) {
    return new RelmanProperties.Step(command, null, null, null);
  }

  private static void write(BoundedOutput output, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    output.write(bytes, 0, bytes.length);
  }

  private static long pid(Path pidFile) throws IOException {
    return Long.parseLong(Files.readString(pidFile).strip());
  }

  /** Alive and not a zombie: a killed process whose new parent has not reaped it yet runs no more. */
  static boolean running(long pid) {
    if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  private Path fifo(String name) throws Exception {
    Path fifo = temp.resolve(name + ".fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
    return fifo;
  }

  /** Blocks until the command writes to the fifo (bounded, so a broken command fails the test instead of hanging it). */
  static String readLine(Path fifo) throws Exception {
    var line = CompletableFuture.supplyAsync(() -> {
      try (var reader = Files.newBufferedReader(fifo)) {
        return reader.readLine();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    return line.get(10, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(60)
  void leftoversOfAnUnrecordedAttemptAreFoundByTheirDeploymentIdAndStopped() throws Exception {
    // what relman leaves behind when it dies before the command's pid is on record: a command with its child
    Process leftover = command("d-left", "sleep 120 & wait");
    Process other = command("d-other", "sleep 120");
    try {
      Thread.sleep(300);
      List<ProcessHandle> tree = new java.util.ArrayList<>(leftover.toHandle().descendants().toList());
      assertThat(tree).as("the command's child").isNotEmpty();

      CommandDeployer.stopLeftovers("d-left");

      assertThat(leftover.waitFor(15, TimeUnit.SECONDS)).as("the leftover command stopped").isTrue();
      assertThat(tree).as("and its child (gone, or a zombie waiting for init)").allMatch(p -> !running(p.pid()));
      assertThat(other.isAlive()).as("another deployment's command").isTrue();
    } finally {
      leftover.destroyForcibly();
      other.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      other.destroyForcibly();
    }
  }

  private static Process command(String deploymentId, String script) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script);
    builder.environment().put("RELMAN_DEPLOYMENT_ID", deploymentId);
    return builder.start();
  }
}
