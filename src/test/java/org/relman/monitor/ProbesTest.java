package org.relman.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.FakePrometheus.empty;
import static org.relman.testing.FakePrometheus.error;
import static org.relman.testing.FakePrometheus.matrix;
import static org.relman.testing.FakePrometheus.nan;
import static org.relman.testing.FakePrometheus.raw;
import static org.relman.testing.FakePrometheus.scalar;
import static org.relman.testing.FakePrometheus.vector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relman.testing.FakePrometheus;

/**
 * The Prometheus HTTP API and health URLs as relman reads them, against a real local server. Anything that is not a
 * clean answer must come back as a problem text, never as a value. (No test of Prometheus answering too slowly: the
 * client's timeout is a fixed 10 s, and a test that waits that long is not worth what it shows.)
 */
class ProbesTest {

  private static final String QUERY = "sum(rate(http_server_errors_total[5m]))";
  private static FakePrometheus prometheus;

  private final Probes probes = new Probes(new ObjectMapper());

  @BeforeAll
  static void start() {
    prometheus = FakePrometheus.start();
  }

  @AfterAll
  static void stop() {
    prometheus.close();
  }

  @BeforeEach
  void reset() {
    prometheus.reset();
  }

  // ---------------------------------------------------------------------------------------------- values

  @Test
  void vectorWithOneSeriesIsReadAsItsValue() throws Exception {
    prometheus.answer(QUERY, vector(0.013));

    assertThat(read()).isEqualTo(new Probes.Reading(java.util.List.of(0.013), null));
  }

  @Test
  void vectorWithSeveralSeriesIsReadAsOneValueEach() throws Exception {
    prometheus.answer(QUERY, vector(0.1, 0.25, 3));

    assertThat(read().values()).containsExactly(0.1, 0.25, 3.0);
    assertThat(read().problem()).isNull();
  }

  @Test
  void scalarIsReadAsItsValue() throws Exception {
    prometheus.answer(QUERY, scalar(42));

    assertThat(read()).isEqualTo(new Probes.Reading(java.util.List.of(42.0), null));
  }

  @Test
  void emptyResultIsReadAsNoValuesLeavingTheVerdictToTheSoak() throws Exception {
    prometheus.answer(QUERY, empty());

    Probes.Reading reading = read();

    assertThat(reading.values()).isEmpty();
    assertThat(reading.problem()).isNull();
  }

  @Test
  void nanIsReadAsNaN() throws Exception {
    prometheus.answer(QUERY, nan());

    assertThat(read().values()).singleElement().satisfies(value -> assertThat(value).isNaN());
  }

  @Test
  void infinitiesAreReadAsInfinities() throws Exception {
    prometheus.answer(QUERY, vector(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));

    assertThat(read().values()).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
  }

  // ---------------------------------------------------------------------------------------------- problems

  @Test
  void errorAnswerIsAProblemNamingStatusTypeAndMessage() throws Exception {
    prometheus.answer(QUERY, error(422, "execution", "many-to-many matching not allowed"));

    Probes.Reading reading = read();

    assertThat(reading.values()).isEmpty();
    assertThat(reading.problem()).isEqualTo("Prometheus answered 422: execution many-to-many matching not allowed");
  }

  @Test
  void serverErrorIsAProblem() throws Exception {
    prometheus.answer(QUERY, error(503, "timeout", "query timed out in query execution"));

    assertThat(read().problem()).isEqualTo("Prometheus answered 503: timeout query timed out in query execution");
  }

  @Test
  void answerThatIsNotJsonIsAProblem() throws Exception {
    prometheus.answer(QUERY, raw(200, "text/plain", "Prometheus is ready"));
    assertThat(read().problem()).isEqualTo("Prometheus answered 200 without JSON");

    prometheus.answer(QUERY, raw(502, "text/html", "<html><body>502 Bad Gateway</body></html>"));
    assertThat(read().problem()).isEqualTo("Prometheus answered 502 without JSON");
  }

  @Test
  void rangeResultIsAProblem() throws Exception {
    prometheus.answer(QUERY, matrix());

    assertThat(read().problem()).isEqualTo("Prometheus returned a matrix, not an instant vector or scalar");
  }

  @Test
  void refusedConnectionIsAProblemSayingPrometheusIsUnreachable() throws Exception {
    Probes.Reading reading = probes.query("http://127.0.0.1:" + closedPort(), QUERY);

    assertThat(reading.values()).isEmpty();
    assertThat(reading.problem()).startsWith("Prometheus unreachable: ConnectException");
  }

  // ---------------------------------------------------------------------------------------------- the request

  @Test
  void queryTextArrivesUnchanged() throws Exception {
    String promql = "sum(rate(http_requests_total{job=\"api\", code=~\"5..\"}[5m])) / ignoring(code) "
        + "sum(rate(http_requests_total{job=\"api\"}[5m])) + 0 & 1 == bool 1";
    prometheus.answer(promql, vector(0.5));

    assertThat(probes.query(prometheus.url(), promql).values()).containsExactly(0.5);
    assertThat(prometheus.queries()).containsExactly(promql);
  }

  @Test
  void queriesSendTheBearerTokenAndTheExtraHeadersOfTheEnvironment() throws Exception {
    prometheus.requireAuthorization("Bearer s3cret-token").answer(QUERY, vector(0.5));
    var auth = new org.relman.RelmanProperties.PrometheusAuth("s3cret-token", null, null,
        java.util.Map.of("X-Scope-OrgID", "team-payments"));

    assertThat(probes.query(prometheus.url(), QUERY, auth).values()).containsExactly(0.5);
    assertThat(prometheus.headers().get(0)).containsEntry("authorization", "Bearer s3cret-token")
        .containsEntry("x-scope-orgid", "team-payments");
  }

  @Test
  void queriesSignInWithBasicAuthentication() throws Exception {
    prometheus.requireAuthorization("Basic " + java.util.Base64.getEncoder().encodeToString(
        "relman:pa:ss".getBytes(java.nio.charset.StandardCharsets.UTF_8))).answer(QUERY, vector(2));
    var auth = new org.relman.RelmanProperties.PrometheusAuth(null, "relman", "pa:ss", null);

    assertThat(probes.query(prometheus.url(), QUERY, auth).values()).containsExactly(2.0);
  }

  @Test
  void refusedCredentialsAreAProblemThatSaysSo() throws Exception {
    prometheus.requireAuthorization("Bearer right").answer(QUERY, vector(0.5));

    Probes.Reading reading = probes.query(prometheus.url(), QUERY,
        new org.relman.RelmanProperties.PrometheusAuth("wrong", null, null, null));
    Probes.Reading none = probes.query(prometheus.url(), QUERY);

    assertThat(reading.values()).isEmpty();
    assertThat(reading.problem()).contains("401", "monitoring.auth");
    assertThat(none.problem()).contains("401");
    assertThat(prometheus.headers().get(1)).doesNotContainKey("authorization");
  }

  @Test
  void prometheusUrlMayHaveAPathPrefixAndATrailingSlash() throws Exception {
    prometheus.answer(QUERY, vector(1));

    assertThat(probes.query(prometheus.url() + "/prometheus/", QUERY).values()).containsExactly(1.0);
    assertThat(prometheus.paths()).containsExactly("/prometheus/api/v1/query");
  }

  // ---------------------------------------------------------------------------------------------- health URLs

  @Test
  void healthUrlAnswering2xxIsHealthy() throws Exception {
    prometheus.health("payments", 200);
    assertThat(probes.health(prometheus.healthUrl("payments"))).isNull();

    prometheus.health("payments", 204);
    assertThat(probes.health(prometheus.healthUrl("payments"))).isNull();
  }

  @Test
  void healthUrlAnsweringOtherwiseIsAProblemNamingTheStatus() throws Exception {
    prometheus.health("payments", 503);
    assertThat(probes.health(prometheus.healthUrl("payments"))).isEqualTo("health URL answered 503");

    prometheus.health("payments", 301);
    assertThat(probes.health(prometheus.healthUrl("payments"))).isEqualTo("health URL answered 301");
  }

  @Test
  void unreachableHealthUrlIsAProblem() throws Exception {
    assertThat(probes.health("http://127.0.0.1:" + closedPort() + "/health"))
        .startsWith("health URL unreachable: ConnectException");
  }

  private Probes.Reading read() throws InterruptedException {
    return probes.query(prometheus.url(), QUERY);
  }

  /** A local port nothing listens on. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
