package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;

/**
 * The built {@code target/cli/relman-cli.jar} as CI runs it: {@code java -jar}, a JVM of its own, nothing on the class
 * path but the jar. It holds the CLI's classes only, and the requests it sends are signed as relman checks them (here a
 * plain HTTP server stands in for relman; CliTest runs the same commands against relman itself).
 */
class CliJarIT {

  private static final Path JAR = Path.of("target", "cli", "relman-cli.jar");

  private record Received(String method, String path, String timestamp, String signature, String authorization,
      String body) {}

  private HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        var headers = exchange.getRequestHeaders();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
            headers.getFirst("X-Relman-Timestamp"), headers.getFirst("X-Relman-Signature"),
            headers.getFirst("Authorization"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        byte[] answer = "{\"release\":42,\"gate\":\"build\",\"status\":\"PASSED\",\"releaseWaiting\":true}"
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(202, answer.length);
        exchange.getResponseBody().write(answer);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void jarHoldsTheCliAloneAndNamesItsMainClass() throws IOException {
    assertThat(JAR).as("built by ./mvnw package").exists();
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      assertThat(zip.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.endsWith(".class")))
          .isNotEmpty().allMatch(n -> n.startsWith("org/relman/cli/"));
      String manifest = new String(zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(manifest).contains("Main-Class: org.relman.cli.Relman");
    }
  }

  @Test
  void jarReportsAGateSignedOverTheByVersionPath() throws Exception {
    Result result = java("gate", "--url", "http://127.0.0.1:" + server.getAddress().getPort() + "/relman",
        "--version", "2026.12.0", "--gate", "build", "--status", "PASSED", "--coverage", "81.5");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(received).hasSize(1);
    Received report = received.get(0);
    assertThat(report.path()).isEqualTo("/relman/api/releases/by-version/2026.12.0/gates/build");
    assertThat(report.authorization()).isNull();
    assertThat(report.body()).isEqualTo("{\"status\":\"PASSED\",\"metrics\":{\"coverage\":81.5}}");
    assertThat(report.signature()).isEqualTo(Api.hmac("jar-secret").sign(Long.parseLong(report.timestamp()),
        report.path(), report.body().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void jarEndsWithItsDocumentedExitCodes() throws Exception {
    assertThat(java("version").output()).startsWith("relman-cli ");
    assertThat(java("gate", "--url", "http://127.0.0.1:1", "--version", "1.0", "--gate", "build", "--status", "PASSED")
        .exit()).isEqualTo(4);
    assertThat(java("gate", "--version", "1.0").exit()).isEqualTo(2);
  }

  private record Result(int exit, String output) {}

  private Result java(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("RELMAN_WEBHOOK_SECRET", "jar-secret");
    builder.environment().remove("RELMAN_URL");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
