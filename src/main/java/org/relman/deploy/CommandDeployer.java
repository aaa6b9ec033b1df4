package org.relman.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.relman.RelmanProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs an environment's deploy or rollback command with {@code /bin/sh -c}, with the RELMAN_* variables of API.md,
 * in the step's working directory. Exit code 0 is success. Output (stdout and stderr together) is kept up to
 * {@code relman.deploy.output-limit}; a command that outlives its timeout is stopped with its child processes
 * (SIGTERM, then SIGKILL ten seconds later) and counts as failed.
 */
@Component
class CommandDeployer {

  private static final Logger log = LoggerFactory.getLogger(CommandDeployer.class);
  private static final Duration GRACE = Duration.ofSeconds(10);

  /** What the command did: success, its exit code when it exited, its (bounded) output, and why it failed. */
  record Outcome(boolean succeeded, Integer exitCode, String output, String failureReason) {}

  /** Told about the running command: its process once started, and periodically while it runs. */
  interface Watch {
    void started(ProcessHandle process);

    void heartbeat();
  }

  private final int outputLimit;
  private final Duration defaultTimeout;
  private final Duration heartbeat;

  CommandDeployer(RelmanProperties properties) {
    this.outputLimit = (int) Math.min(Integer.MAX_VALUE, properties.deploy().outputLimit().toBytes());
    this.defaultTimeout = properties.deploy().defaultTimeout();
    // renew the task's lock three times per lock duration
    this.heartbeat = properties.workers().lockDuration().dividedBy(3);
  }

  Outcome run(DeploymentRequest request, RelmanProperties.Step step, Watch watch) throws InterruptedException {
    Duration timeout = step.timeout() == null ? defaultTimeout : step.timeout();
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", step.command()).redirectErrorStream(true);
    if (step.workingDirectory() != null) {
      builder.directory(step.workingDirectory().toFile());
    }
    Map<String, String> env = builder.environment();
    // relman's own settings (webhook secret, database and worker passwords) are not the deploy target's business
    env.keySet().removeIf(name -> name.startsWith("RELMAN_") || name.startsWith("SPRING_DATASOURCE_")
        || name.startsWith("OPERATON_BPM_ADMINUSER_"));
    env.put("RELMAN_RELEASE_ID", String.valueOf(request.releaseId()));
    env.put("RELMAN_VERSION", request.version());
    env.put("RELMAN_SERVICES", String.join(",", request.services()));
    env.put("RELMAN_ENVIRONMENT", request.environment());
    env.put("RELMAN_ACTION", request.action().label());
    env.put("RELMAN_DEPLOYMENT_ID", request.deploymentId());
    env.put("RELMAN_ATTEMPT", String.valueOf(request.attempt()));
    env.put("RELMAN_REVISION", request.revision() == null ? "" : request.revision());
    if (request.reason() != null) {
      env.put("RELMAN_ROLLBACK_REASON", request.reason());
    }

    BoundedOutput output = new BoundedOutput(outputLimit);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      Path dir = step.workingDirectory() == null ? Path.of("").toAbsolutePath() : step.workingDirectory();
      return new Outcome(false, null, "", "could not start '" + step.command() + "' in " + dir + ": " + e.getMessage());
    }
    watch.started(process.toHandle());
    Thread reader = new Thread(() -> copy(process.getInputStream(), output), "deploy-output-" + request.deploymentId());
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean exited = false;
    try {
      while (!exited) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        exited = process.waitFor(Math.min(left, heartbeat.toNanos()), TimeUnit.NANOSECONDS);
        if (!exited) {
          try {
            watch.heartbeat();
          } catch (RuntimeException e) {
            // the lock could not be extended (lost, or the task is gone): the command is under way, so see it through
            // and record its outcome rather than leave it running unwatched with its record RUNNING for ever
            log.warn("{} of release {} in {}: could not extend the task's lock: {}", request.action().label(),
                request.version(), request.environment(), e.getMessage());
          }
        }
      }
    } catch (InterruptedException e) {
      stop(process);
      throw e;
    }
    if (!exited) {
      log.warn("{} of release {} in {} timed out after {}: stopping it", request.action().label(), request.version(),
          request.environment(), timeout);
      stop(process);
      reader.join(GRACE.toMillis());
      return new Outcome(false, null, output.toString(), "timed out after " + timeout);
    }
    // a background child may hold the output open: give the reader a moment, not forever
    reader.join(GRACE.toMillis());
    int exitCode = process.exitValue();
    return new Outcome(exitCode == 0, exitCode, output.toString(), exitCode == 0 ? null : "exit code " + exitCode);
  }

  private static void copy(InputStream in, BoundedOutput out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      // the process was stopped; what was read is kept
    }
  }

  /**
   * Stops what is left of an earlier attempt of a deployment, when relman died while it ran: the process recorded
   * then, if it still runs and started at the recorded time (a reused pid is left alone), with its children.
   */
  static void stopLeftover(long pid, java.time.Instant startedAt) throws InterruptedException {
    var leftover = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().startInstant().map(s -> s.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
            .equals(startedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))).orElse(false));
    if (leftover.isPresent()) {
      log.warn("Stopping process {} left running by an earlier attempt of this deployment", pid);
      stop(leftover.get());
    }
  }

  /**
   * Stops every process on this host that still runs a command of {@code deploymentId} (found by its
   * {@code RELMAN_DEPLOYMENT_ID} in {@code /proc/<pid>/environ}). This closes the window in which relman died after
   * starting a command but before its pid was on record. Where {@code /proc} is not readable nothing is found.
   */
  static void stopLeftovers(String deploymentId) throws InterruptedException {
    byte[] marker = ("RELMAN_DEPLOYMENT_ID=" + deploymentId + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    List<ProcessHandle> running = ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self && environContains(p.pid(), marker)).toList();
    var pids = running.stream().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet());
    for (ProcessHandle root : running) {
      // the command's own children are stopped with it
      if (root.parent().map(parent -> !pids.contains(parent.pid())).orElse(true) && root.isAlive()) {
        log.warn("Stopping process {} left running by an earlier attempt of deployment {}", root.pid(), deploymentId);
        stop(root);
      }
    }
  }

  private static boolean environContains(long pid, byte[] marker) {
    byte[] environ;
    try {
      environ = java.nio.file.Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ"));
    } catch (IOException | SecurityException e) {
      return false;
    }
    outer:
    for (int start = 0; start + marker.length <= environ.length; start++) {
      if (start > 0 && environ[start - 1] != 0) {
        continue;
      }
      for (int i = 0; i < marker.length; i++) {
        if (environ[start + i] != marker[i]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void stop(Process process) throws InterruptedException {
    stop(process.toHandle());
  }

  /** SIGTERM to the command and everything it started, SIGKILL to what is left after the grace period; waits for both. */
  private static void stop(ProcessHandle process) throws InterruptedException {
    List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
    tree.add(process);
    tree.forEach(ProcessHandle::destroy);
    if (!awaitExit(tree, GRACE)) {
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      awaitExit(tree, GRACE);
    }
  }

  private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ProcessHandle handle : processes) {
      while (!exited(handle)) {
        if (System.nanoTime() - deadline >= 0) {
          return false;
        }
        Thread.sleep(10);
      }
    }
    return true;
  }

  /**
   * Gone, or a zombie: a zombie has exited and only waits for its parent to collect its status. When the command's shell
   * was stopped too, that parent is the container's init, which may collect it seconds later (or never);
   * {@link ProcessHandle#isAlive()} counts it alive until then. Without {@code /proc} (not Linux) isAlive alone decides.
   */
  static boolean exited(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
