package org.relman.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** relman running in a JVM of its own, as users start it: from the build output or the jar, killed for real. */
final class RelmanProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final int port;
  private final Path log;

  private RelmanProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts relman with {@code launch} (see {@link #fromBuildOutput}, {@link #fromJar}) and waits until it is healthy. */
  static RelmanProcess start(List<String> launch, List<String> arguments, Path log) throws Exception {
    return start(launch, arguments, log, freePort());
  }

  static RelmanProcess start(List<String> launch, List<String> arguments, Path log, int port) throws Exception {
    List<String> command = new ArrayList<>(launch);
    // JVM options go before the main class or -jar
    command.addAll(1, List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.add("--server.port=" + port);
    command.addAll(arguments);
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    RelmanProcess relman = new RelmanProcess(process, port, log);
    relman.awaitHealthy();
    return relman;
  }

  int port() {
    return port;
  }

  /** Where the process writes its output. */
  Path log() {
    return log;
  }

  /** The Java process (not its children): what a test kills. */
  long pid() {
    return process.pid();
  }

  /**
   * The arguments every launched relman on MariaDB needs: the {@code mysql} profile, the database, demo users (password
   * = user name) and the webhook secret; {@code port} makes the public URL deploy targets call back on.
   */
  static List<String> onMariaDb(String databaseUrl, String webhookSecret, int port) {
    return new ArrayList<>(List.of(
        "--spring.profiles.active=mysql",
        "--spring.datasource.url=" + databaseUrl,
        "--spring.datasource.username=" + MariaDb.USER,
        "--spring.datasource.password=" + MariaDb.PASSWORD,
        "--relman.demo.enabled=true",
        "--relman.webhooks.secret=" + webhookSecret,
        "--relman.public-url=http://localhost:" + port));
  }

  /** SIGKILL: no shutdown hook, no graceful anything, as when a node dies. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private void awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("relman exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("UP")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    process.destroyForcibly();
    throw new AssertionError("relman did not become healthy within 120 s; see " + log);
  }

  /** The app from a build output directory plus the dependency jars on this JVM's class path. */
  static List<String> fromBuildOutput(Path classes) {
    List<String> classpath = new ArrayList<>();
    classpath.add(classes.toAbsolutePath().toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar")) {
        classpath.add(entry);
      }
    }
    return List.of(java(), "-cp", String.join(File.pathSeparator, classpath), "org.relman.RelmanApplication");
  }

  /** The packaged jar, as {@code java -jar} runs it. */
  static List<String> fromJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      Path jar = files.filter(f -> f.getFileName().toString().matches("relman-.*\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no packaged relman jar in target/: run ./mvnw verify"));
      return List.of(java(), "-jar", jar.toString());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
