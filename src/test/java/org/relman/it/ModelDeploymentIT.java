package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

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

    JsonNode fromBuildOutput = definitionAfterStart(RelmanProcess.fromBuildOutput(classes), database, "exploded");
    assertThat(fromBuildOutput.get("version").asInt()).isEqualTo(1);
    assertThat(fromBuildOutput.get("resource").asText()).isEqualTo("bpmn/release.bpmn");

    JsonNode fromJar = definitionAfterStart(RelmanProcess.fromJar(), database, "jar");
    assertThat(fromJar.get("version").asInt()).as("same resources, same version").isEqualTo(1);
    assertThat(fromJar.get("id").asText()).isEqualTo(fromBuildOutput.get("id").asText());

    Path model = classes.resolve("bpmn/release.bpmn");
    Files.writeString(model, Files.readString(model).replace("The lifecycle of a normal release",
        "The lifecycle of a normal release (edited by the process owner)"));
    JsonNode edited = definitionAfterStart(RelmanProcess.fromBuildOutput(classes), database, "edited");
    assertThat(edited.get("version").asInt()).as("an edited model is a new version").isEqualTo(2);
  }

  /** Starts relman, waits until it is healthy, reads the release definition, stops it. */
  private JsonNode definitionAfterStart(List<String> launch, String database, String name) throws Exception {
    try (RelmanProcess relman = RelmanProcess.start(launch, List.of("--spring.datasource.url=" + database,
        "--relman.workers.enabled=false", "--operaton.bpm.job-execution.enabled=false"),
        Path.of("target", "model-deployment-it-" + name + ".log"))) {
      return get(relman.port(), "/engine-rest/process-definition/key/release");
    }
  }

  private static JsonNode get(int port, String path) throws Exception {
    String admin = Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + admin).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
