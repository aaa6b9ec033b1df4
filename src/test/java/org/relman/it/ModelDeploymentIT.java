package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * relman deploys {@code bpmn/} and {@code forms/} under stable, classpath-relative names: starting from the build
 * output (as {@code ./mvnw spring-boot:run} does) and from the packaged jar ({@code java -jar}) on one database
 * creates no new process version, while an edited model does. Runs real JVMs on a file H2 database.
 */
class ModelDeploymentIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path temp;

  @Test
  void buildOutputAndJarShareProcessVersionsAndAnEditedModelGetsANewOne() throws Exception {
    Path classes = temp.resolve("classes");
    FileSystemUtils.copyRecursively(Path.of("target/classes"), classes);
    String database = "jdbc:h2:file:" + temp.resolve("db/relman").toAbsolutePath() + ";LOCK_TIMEOUT=10000";

    JsonNode fromBuildOutput = definitionAfterStart(exploded(classes), database, "exploded");
    assertThat(fromBuildOutput.get("version").asInt()).isEqualTo(1);
    assertThat(fromBuildOutput.get("resource").asText()).isEqualTo("bpmn/release.bpmn");

    JsonNode fromJar = definitionAfterStart(List.of(java(), "-jar", jar().toString()), database, "jar");
    assertThat(fromJar.get("version").asInt()).as("same resources, same version").isEqualTo(1);
    assertThat(fromJar.get("id").asText()).isEqualTo(fromBuildOutput.get("id").asText());

    Path model = classes.resolve("bpmn/release.bpmn");
    Files.writeString(model, Files.readString(model).replace("The lifecycle of a normal release",
        "The lifecycle of a normal release (edited by the process owner)"));
    JsonNode edited = definitionAfterStart(exploded(classes), database, "edited");
    assertThat(edited.get("version").asInt()).as("an edited model is a new version").isEqualTo(2);
  }

  /** Starts relman, waits until it is healthy, reads the release definition, stops it. */
  private JsonNode definitionAfterStart(List<String> command, String database, String name) throws Exception {
    int port = freePort();
    List<String> full = new ArrayList<>(command);
    full.addAll(List.of("--server.port=" + port, "--spring.datasource.url=" + database,
        "--relman.workers.enabled=false", "--operaton.bpm.job-execution.enabled=false"));
    // JVM options go before the main class or -jar
    full.addAll(1, List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    Path log = Path.of("target", "model-deployment-it-" + name + ".log");
    Process relman = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitHealthy(port, relman, log);
      JsonNode definition = get(port, "/engine-rest/process-definition/key/release");
      return ((com.fasterxml.jackson.databind.node.ObjectNode) definition).put("resource", definition.get("resource").asText());
    } finally {
      relman.destroy();
      if (!relman.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        relman.destroyForcibly().waitFor();
      }
    }
  }

  private static void awaitHealthy(int port, Process relman, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!relman.isAlive()) {
        throw new AssertionError("relman exited with " + relman.exitValue() + "; see " + log);
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
    throw new AssertionError("relman did not become healthy within 120 s; see " + log);
  }

  private static JsonNode get(int port, String path) throws Exception {
    String admin = Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + admin).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** The app from a copy of the build output plus the dependencies on this JVM's class path. */
  private static List<String> exploded(Path classes) {
    List<String> classpath = new ArrayList<>();
    classpath.add(classes.toAbsolutePath().toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar")) {
        classpath.add(entry);
      }
    }
    return List.of(java(), "-cp", String.join(File.pathSeparator, classpath), "org.relman.RelmanApplication");
  }

  private static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(f -> f.getFileName().toString().matches("relman-.*\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no packaged relman jar in target/: run ./mvnw verify"));
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
