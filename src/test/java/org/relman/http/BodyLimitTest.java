package org.relman.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertProblem;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relman.testing.Api;
import org.relman.testing.Footprint;
import org.relman.testing.RelmanTestBase;

/**
 * A body over relman.api.max-body-size (64KB) is refused with 413 before anything reads it, whichever spelling of a
 * path the servlet container and Spring would resolve, and on the engine's doors as well as /api.
 */
class BodyLimitTest extends RelmanTestBase {

  /** Valid JSON, so a handler that parsed it would get far: a release request padded past the limit. */
  private static final byte[] HUGE = ("{\"version\":\"2027.1.0\",\"name\":\"" + "x".repeat(100_000)
      + "\",\"services\":[\"payments\"]}").getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/releases",
      "/api//releases",
      "/api/releases/",
      "/api/./releases",
      "/api/x/../releases",
      "/API/releases",
      "/Api/Releases",
      "/api/%72eleases",
      "/%61pi/releases",
      "/api;jsessionid=abc/releases",
      "/api/releases;jsessionid=abc",
      "//api/releases",
      "/api/releases?x=1",
      "/api/freezes",
      "/api/releases/1/cancel",
      "/api/releases/1/gates/build",
      "/api/tasks/1/complete",
      "/engine-rest/process-definition/key/release/start",
      "/engine-rest//process-definition/key/release/start",
      "/engine-rest/task/1/complete",
      "/engine-rest/external-task/fetchAndLock",
      "/operaton/api/engine/engine/default/process-definition/key/release/start",
      "/operaton/api/admin/auth/user/default/login/cockpit",
      "/anything/else"})
  void hugeBodyIsRefusedWithContentLength(String path) {
    Footprint before = footprint();

    Api.Response response = send(path, HttpRequest.BodyPublishers.ofByteArray(HUGE));

    assertProblem(response, 413);
    assertThat(footprint()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/releases", "/api//releases", "/API/releases", "/api/%72eleases",
      "/engine-rest/process-definition/key/release/start", "/engine-rest/external-task/fetchAndLock",
      "/operaton/api/engine/engine/default/process-definition/key/release/start"})
  void hugeChunkedBodyWithoutContentLengthIsRefused(String path) {
    Footprint before = footprint();

    // a body publisher of unknown length: the client sends it chunked, without Content-Length
    Api.Response response = send(path, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(HUGE)));

    assertProblem(response, 413);
    assertThat(footprint()).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/releases", "/engine-rest/process-definition"})
  void smallChunkedBodyIsReadAsUsual(String path) {
    byte[] small = "{}".getBytes(StandardCharsets.UTF_8);

    Api.Response response = send(path, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small)));

    assertThat(response.status()).as("%s", response).isNotEqualTo(413).isLessThan(500);
  }

  private Api.Response send(String path, HttpRequest.BodyPublisher body) {
    String credentials = Base64.getEncoder().encodeToString("alice:alice".getBytes(StandardCharsets.UTF_8));
    return api(null).send(HttpRequest.newBuilder(URI.create(api(null).base() + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + credentials)
        .POST(body));
  }

  private Footprint footprint() {
    return Footprint.of(jdbc, runtime, "releases", "freezes", "audit_events", "approvals");
  }
}
