package org.relman.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;
import static org.relman.testing.Problems.assertProblem;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.operaton.bpm.engine.externaltask.LockedExternalTask;
import org.relman.RelmanProperties;
import org.relman.process.WorkResult;
import org.relman.security.WebhookSignatures;
import org.relman.testing.Api;
import org.relman.testing.FakeDeployTarget;
import org.relman.testing.LockedTaskItem;
import org.relman.testing.PromotionTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The callback a webhook deploy target reports on, and how relman delivers the webhook: a refused callback (bad,
 * stale or replayed signature, a deployment it does not know or that already finished, a malformed body, an unknown
 * release) changes nothing; a target that answers 5xx is asked again, twice, then the deploy fails.
 */
class DeploymentCallbackTest extends PromotionTestBase {

  @Autowired
  WebhookDeployer webhookDeployer;
  @Autowired
  DeployReleaseWorker deployWorker;
  @Autowired
  Deployments deploymentsRepository;

  /** A release whose production deploy was sent and waits for the target's callback. */
  private record Waiting(long id, FakeDeployTarget.Request request) {
    String deploymentId() {
      return request.deploymentId();
    }

    String path() {
      return callbackPath(id, "production");
    }
  }

  private Waiting waitingForCallback() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    return new Waiting(id, sendProductionDeploy(id));
  }

  /**
   * The release the refusal tests deliver to. A refused callback changes nothing, which each of them checks, so they
   * share one release waiting for its production callback instead of deploying one each; when an earlier test's
   * delivery did change it (that test failed), the next one gets a new release.
   */
  private static Waiting refusedTo;
  private static State refusedToAsDeployed;

  private Waiting refusedTo() {
    if (refusedTo == null || !releaseOnly(state(refusedTo.id())).equals(refusedToAsDeployed)) {
      refusedTo = waitingForCallback();
      refusedToAsDeployed = releaseOnly(state(refusedTo.id()));
    }
    return refusedTo;
  }

  /** The state of the release alone, without the counts of audit events and deliveries every test adds to. */
  private static State releaseOnly(State state) {
    return new State(state.deployments(), state.status(), state.environments(), state.externalTasks(),
        state.userTasks(), 0, 0);
  }

  // ---------------------------------------------------------------------------------------------- refused: 401

  @Test
  void callbackWithoutSignatureHeadersIsRefusedAndChangesNothing() {
    Waiting waiting = refusedTo();
    String body = callbackBody(waiting.deploymentId(), "SUCCEEDED", "done");
    String now = String.valueOf(clock.epochSecond());
    String signature = signatures.sign(clock.epochSecond(), waiting.path(), bytes(body));
    State before = state(waiting.id());

    assertProblem(deliver(waiting.path(), body, null, null), 401);
    assertProblem(deliver(waiting.path(), body, now, null), 401);
    assertProblem(deliver(waiting.path(), body, null, signature), 401);

    assertThat(state(waiting.id())).isEqualTo(before);
  }

  @Test
  void callbackSignedOverAnotherBodyIsRefusedAndChangesNothing() {
    Waiting waiting = refusedTo();
    long now = clock.epochSecond();
    String failed = callbackBody(waiting.deploymentId(), "FAILED", "crash loop");
    String signedForFailed = signatures.sign(now, waiting.path(), bytes(failed));
    State before = state(waiting.id());

    Api.Response response = deliver(waiting.path(), callbackBody(waiting.deploymentId(), "SUCCEEDED", "done"),
        String.valueOf(now), signedForFailed);

    assertProblem(response, 401);
    assertThat(state(waiting.id())).isEqualTo(before);
  }

  @Test
  void callbackSignedForAnotherEnvironmentIsRefusedAndChangesNothing() {
    Waiting waiting = refusedTo();
    long now = clock.epochSecond();
    String body = callbackBody(waiting.deploymentId(), "SUCCEEDED", "done");
    String signedForStaging = signatures.sign(now, callbackPath(waiting.id(), "staging"), bytes(body));
    State before = state(waiting.id());

    assertProblem(deliver(waiting.path(), body, String.valueOf(now), signedForStaging), 401);

    assertThat(state(waiting.id())).isEqualTo(before);
  }

  @Test
  void callbackSignedWithAnotherSecretIsRefusedAndChangesNothing() throws Exception {
    Waiting waiting = refusedTo();
    long now = clock.epochSecond();
    String body = callbackBody(waiting.deploymentId(), "SUCCEEDED", "done");
    var mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(bytes("not-the-secret"), "HmacSHA256"));
    String forged = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(bytes(now + "." + waiting.path() + "." + body)));
    State before = state(waiting.id());

    assertProblem(deliver(waiting.path(), body, String.valueOf(now), forged), 401);

    assertThat(state(waiting.id())).isEqualTo(before);
  }

  // ahead by 310 s, not 301: the time the request takes brings a future timestamp closer to relman's clock
  @ParameterizedTest
  @ValueSource(longs = {-301, -3600, 310})
  void staleCallbackIsRefusedAndChangesNothing(long offsetSeconds) {
    Waiting waiting = refusedTo();
    State before = state(waiting.id());

    Api.Response response = api(null).signedPost(waiting.path(),
        callbackBody(waiting.deploymentId(), "SUCCEEDED", "done"), clock.epochSecond() + offsetSeconds);

    assertProblem(response, 401);
    assertThat(response.json().get("detail").asText()).contains("Stale");
    assertThat(state(waiting.id())).isEqualTo(before);
  }

  @Test
  void replayedCallbackIsRefusedAndChangesNothing() {
    Waiting waiting = waitingForCallback();
    long now = clock.epochSecond();
    String body = callbackBody(waiting.deploymentId(), "SUCCEEDED", "done");
    String signature = signatures.sign(now, waiting.path(), bytes(body));
    assertThat(deliver(waiting.path(), body, String.valueOf(now), signature).status()).isEqualTo(202);
    State afterFirst = state(waiting.id());

    Api.Response replay = deliver(waiting.path(), body, String.valueOf(now), signature);

    assertProblem(replay, 401);
    assertThat(replay.json().get("detail").asText()).containsIgnoringCase("replay");
    assertThat(state(waiting.id())).isEqualTo(afterFirst);
    assertThat(deliveriesSinceStart()).as("gate reports and the one accepted callback").isEqualTo(3);
  }

  // ---------------------------------------------------------------------------------------------- by version

  @Test
  void callbackNamingTheReleaseByVersionIsAcceptedLikeOneById() {
    Waiting waiting = waitingForCallback();
    String path = "/api/releases/by-version/" + release(waiting.id()).get("version").asText() + "/deployments/production";

    Api.Response response = signedPost(path, callbackBody(waiting.deploymentId(), "SUCCEEDED", "pipeline 4711"));

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(response.json().get("release").asLong()).isEqualTo(waiting.id());
    assertThat(response.json().get("deploymentId").asText()).isEqualTo(waiting.deploymentId());
    assertThat(deployments(waiting.id()).get(1).get("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void callbackByVersionSignedOverTheIdPathIsRefusedAndChangesNothing() {
    Waiting waiting = refusedTo();
    String path = "/api/releases/by-version/" + release(waiting.id()).get("version").asText() + "/deployments/production";
    long now = clock.epochSecond();
    String body = callbackBody(waiting.deploymentId(), "SUCCEEDED", "done");
    String signedForIdPath = signatures.sign(now, waiting.path(), bytes(body));
    State before = state(waiting.id());

    assertProblem(deliver(path, body, String.valueOf(now), signedForIdPath), 401);

    assertThat(state(waiting.id())).isEqualTo(before);
  }

  @Test
  void callbackForAVersionNoReleaseHasIsNotFound() {
    Api.Response response = signedPost("/api/releases/by-version/nothing-" + System.nanoTime() + "/deployments/production",
        callbackBody(UUID.randomUUID().toString(), "SUCCEEDED", "done"));

    assertProblem(response, 404);
  }

  // ---------------------------------------------------------------------------------------------- refused: 409, 404

  @Test
  void unknownDeploymentIdIsAConflictAndChangesNothing() {
    Waiting waiting = refusedTo();
    State before = state(waiting.id());

    Api.Response response = signedPost(waiting.path(), callbackBody(UUID.randomUUID().toString(), "SUCCEEDED", "done"));

    assertProblem(response, 409);
    assertThat(state(waiting.id())).isEqualTo(before);
  }

  @Test
  void deploymentIdOfAnotherEnvironmentIsAConflictAndChangesNothing() {
    Waiting waiting = refusedTo();
    State before = state(waiting.id());

    Api.Response response = signedPost(callbackPath(waiting.id(), "staging"),
        callbackBody(waiting.deploymentId(), "SUCCEEDED", "done"));

    assertProblem(response, 409);
    assertThat(response.json().get("detail").asText()).contains(waiting.deploymentId(), "staging");
    assertThat(state(waiting.id())).isEqualTo(before);
  }

  @Test
  void deploymentIdOfAnotherReleaseIsAConflictAndChangesNothing() {
    Waiting waiting = refusedTo();
    long other = requestRelease("erin", version("2026.12"), repository(1));
    State before = state(waiting.id());
    State otherBefore = state(other);

    Api.Response response = signedPost(callbackPath(other, "production"),
        callbackBody(waiting.deploymentId(), "SUCCEEDED", "done"));

    assertProblem(response, 409);
    assertThat(state(waiting.id())).isEqualTo(before);
    assertThat(state(other)).isEqualTo(otherBefore);
  }

  @Test
  void secondCallbackForAFinishedDeploymentIsAConflictAndChangesNothing() {
    Waiting waiting = waitingForCallback();
    assertThat(callBack(waiting.request(), "SUCCEEDED", "done").status()).isEqualTo(202);
    State afterFirst = state(waiting.id());

    Api.Response second = callBack(waiting.request(), "FAILED", "changed my mind");

    assertProblem(second, 409);
    assertThat(second.json().get("detail").asText()).contains("already finished", "SUCCEEDED");
    assertThat(state(waiting.id())).isEqualTo(afterFirst);
    assertThat(deployments(waiting.id()).get(1).get("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void callbackForACommandDeploymentIsAConflictAndChangesNothing() {
    Waiting waiting = refusedTo();
    String stagingDeployment = deployments(waiting.id()).get(0).get("deploymentId").asText();
    State before = state(waiting.id());

    Api.Response response = signedPost(callbackPath(waiting.id(), "staging"),
        callbackBody(stagingDeployment, "FAILED", "not mine to report"));

    assertProblem(response, 409);
    assertThat(response.json().get("detail").asText()).contains("command");
    assertThat(state(waiting.id())).isEqualTo(before);
  }

  @Test
  void callbackForAnUnknownReleaseIsNotFoundAndChangesNothing() {
    Waiting waiting = refusedTo();
    State before = state(waiting.id());

    Api.Response response = signedPost(callbackPath(987654321L, "production"),
        callbackBody(waiting.deploymentId(), "SUCCEEDED", "done"));

    assertProblem(response, 404);
    assertThat(state(waiting.id())).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------- refused: 400

  static Stream<Arguments> invalidCallbacks() {
    String id = "\"deploymentId\":\"" + UUID.randomUUID() + "\"";
    return Stream.of(
        Arguments.of("malformed JSON", "{" + id + ",\"status\": SUCCEEDED}", "body"),
        Arguments.of("not JSON at all", "deployed", "body"),
        Arguments.of("empty body", "", "body"),
        Arguments.of("JSON null", "null", "body"),
        Arguments.of("missing status", "{" + id + "}", "status"),
        Arguments.of("unknown status", "{" + id + ",\"status\":\"DONE\"}", "status"),
        Arguments.of("lower-case status", "{" + id + ",\"status\":\"succeeded\"}", "status"),
        Arguments.of("status as a number", "{" + id + ",\"status\":0}", "status"),
        Arguments.of("missing deploymentId", "{\"status\":\"SUCCEEDED\"}", "deploymentId"),
        Arguments.of("blank deploymentId", "{\"deploymentId\":\" \",\"status\":\"SUCCEEDED\"}", "deploymentId"),
        Arguments.of("deploymentId too long", "{\"deploymentId\":\"" + "a".repeat(37) + "\",\"status\":\"SUCCEEDED\"}",
            "deploymentId"),
        Arguments.of("unknown field", "{" + id + ",\"status\":\"SUCCEEDED\",\"state\":\"green\"}", "state"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCallbacks")
  void invalidCallbackIsRefusedNamingTheFieldAndChangesNothing(String what, String body, String field) {
    Waiting waiting = refusedTo();
    State before = state(waiting.id());

    Api.Response response = signedPost(waiting.path(), body);

    assertInvalid(response, field);
    assertThat(state(waiting.id())).isEqualTo(before);
  }

  // ---------------------------------------------------------------------------------------------- delivering the webhook

  @Test
  void targetAnswering500TwiceThen202IsAskedAgainAndTheDeploySucceeds() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    TARGET.answer(DEPLOY_PATH, 500, 500, 202);

    WorkResult sent = workers().run("deploy-release", id);

    assertThat(sent).isInstanceOf(WorkResult.Pending.class);
    List<FakeDeployTarget.Request> requests = TARGET.requests(DEPLOY_PATH);
    assertThat(requests).hasSize(3).allSatisfy(request -> assertThat(request.signedWith(signatures)).isTrue());
    assertThat(requests.stream().map(FakeDeployTarget.Request::deploymentId).distinct()).hasSize(1);
    assertThat(Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()))
        .as("first pause: relman.deploy.webhook-retry-pause of the tests").isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(Duration.between(requests.get(1).receivedAt(), requests.get(2).receivedAt()))
        .as("second pause, twice as long").isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(deployments(id).get(1).get("status").asText()).isEqualTo("RUNNING");

    assertThat(callBack(requests.get(2), "SUCCEEDED", "third time lucky").status()).isEqualTo(202);

    assertThat(deployments(id).get(1).get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(release(id).get("currentSteps").toString()).contains("Verify deployment (production)");
  }

  @Test
  void targetAnswering500ThreeTimesFailsTheDeployWithAReasonNamingTheStatus() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    TARGET.answer(DEPLOY_PATH, 500);

    WorkResult sent = workers().run("deploy-release", id);

    assertThat(sent).isInstanceOf(WorkResult.BusinessError.class);
    assertThat(TARGET.requests(DEPLOY_PATH)).hasSize(3);
    JsonNode deploy = deployments(id).get(1);
    assertThat(deploy.get("status").asText()).isEqualTo("FAILED");
    assertThat(deploy.get("failureReason").asText()).startsWith("webhook not delivered: target answered 500")
        .endsWith("(3 attempts)");
    assertThat(environmentView(id, "production").get("reason").asText())
        .startsWith("deploy failed: webhook not delivered: target answered 500");
    assertThat(release(id).get("currentSteps").toString()).contains("Roll back release (production)");

    assertThat(workers().run("roll-back-release", id)).isInstanceOf(WorkResult.Pending.class);
    FakeDeployTarget.Request rollback = TARGET.only(ROLLBACK_PATH);
    assertThat(rollback.json().get("reason").asText()).contains("target answered 500");
  }

  @Test
  void rollbackReportedAsFailedIsSentAgainUnderTheSameDeploymentIdAsAttemptTwo() {
    Waiting waiting = waitingForCallback();
    long id = waiting.id();
    assertThat(callBack(waiting.request(), "FAILED", "pods crash-looping").status()).isEqualTo(202);
    assertThat(workers().run("roll-back-release", id)).isInstanceOf(WorkResult.Pending.class);
    FakeDeployTarget.Request first = TARGET.only(ROLLBACK_PATH);

    assertThat(callBack(first, "FAILED", "registry down").status()).isEqualTo(202);

    assertThat(environmentView(id, "production").get("reason").asText())
        .isEqualTo("rollback attempt 1 failed: target reported failure: registry down");
    assertThat(workers().run("roll-back-release", id)).isInstanceOf(WorkResult.Pending.class);
    List<FakeDeployTarget.Request> rollbacks = TARGET.requests(ROLLBACK_PATH);
    assertThat(rollbacks).hasSize(2);
    FakeDeployTarget.Request second = rollbacks.get(1);
    assertThat(second.deploymentId()).isEqualTo(first.deploymentId());
    assertThat(second.json().get("attempt").asInt()).isEqualTo(2);
    assertThat(second.json().get("reason").asText()).isEqualTo("deploy failed: target reported failure: pods crash-looping");

    assertThat(callBack(second, "SUCCEEDED", "restored").status()).isEqualTo(202);

    assertThat(environmentState(id, "production")).isEqualTo("ROLLED_BACK");
    assertThat(release(id).get("currentSteps").toString()).contains("Write post-mortem");
    assertThat(deployments(id).get(2).get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void environmentRolledBackOnASecondAttemptKeepsTheReasonItWasRolledBackFor() {
    Waiting waiting = waitingForCallback();
    long id = waiting.id();
    assertThat(callBack(waiting.request(), "FAILED", "pods crash-looping").status()).isEqualTo(202);
    workers().run("roll-back-release", id);
    assertThat(callBack(TARGET.only(ROLLBACK_PATH), "FAILED", "registry down").status()).isEqualTo(202);
    workers().run("roll-back-release", id);

    assertThat(callBack(TARGET.requests(ROLLBACK_PATH).get(1), "SUCCEEDED", "restored").status()).isEqualTo(202);

    assertThat(environmentState(id, "production")).isEqualTo("ROLLED_BACK");
    assertThat(environmentView(id, "production").get("reason").asText())
        .isEqualTo("deploy failed: target reported failure: pods crash-looping");
  }

  @Test
  void webhookSendInterruptedBetweenAttemptsIsSentAgainUnderTheSameDeploymentIdAsAttemptTwo() throws Exception {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    TARGET.answer(DEPLOY_PATH, 500, 202);
    CountDownLatch refused = new CountDownLatch(1);
    TARGET.beforeAnswering(request -> refused.countDown());
    LockedExternalTask task = externalTasks.fetchAndLock(1, "test-driver").topic(DeployReleaseWorker.TOPIC, 60_000)
        .businessKey(String.valueOf(id)).execute().get(0);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread delivery = new Thread(() -> {
      try {
        deployWorker.work(new LockedTaskItem(task));
      } catch (Throwable e) {
        thrown.set(e);
      }
    }, "first-delivery");

    // relman dies while it waits to ask the target again
    delivery.start();
    assertThat(refused.await(10, TimeUnit.SECONDS)).isTrue();
    delivery.interrupt();
    delivery.join(10_000);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    Deployment interrupted = deploymentsRepository.list(id).get(1);
    assertThat(interrupted.status()).isEqualTo(DeploymentStatus.RUNNING);
    assertThat(interrupted.callbackDeadline()).isNull();

    WorkResult next = workers().deliver(deployWorker, task);

    assertThat(next).isInstanceOf(WorkResult.Pending.class);
    List<FakeDeployTarget.Request> sent = TARGET.requests(DEPLOY_PATH);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).deploymentId()).isEqualTo(interrupted.deploymentId());
    assertThat(sent.stream().map(r -> r.json().get("attempt").asInt())).containsExactly(1, 2);
    assertThat(callBack(sent.get(1), "SUCCEEDED", "done").status()).isEqualTo(202);
    assertThat(deployments(id).get(1).get("attempts").asInt()).isEqualTo(2);
    assertThat(release(id).get("currentSteps").toString()).contains("Verify deployment (production)");
  }

  @Test
  void unreachableTargetIsTriedThreeTimesThenNotDelivered() throws Exception {
    int closed;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    var request = new DeploymentRequest(7, "2026.12.9", List.of("payments"), "production", DeploymentAction.DEPLOY,
        UUID.randomUUID().toString(), 1, "abc123", null);

    WebhookDeployer.Delivery delivery = webhookDeployer.send(request,
        new RelmanProperties.Webhook("http://127.0.0.1:" + closed + "/deploy", WEBHOOK_TIMEOUT), "http://localhost/cb");

    assertThat(delivery.delivered()).isFalse();
    assertThat(delivery.detail()).startsWith("target unreachable: ConnectException").endsWith("(3 attempts)");
  }

  @Test
  void webhookToAUrlWithAQueryIsSignedOverItsPathAlone() throws Exception {
    FakeDeployTarget.Request received = sendDirectly(TARGET.url("/hooks/deploy?token=abc"));

    assertThat(received.path()).isEqualTo("/hooks/deploy");
    assertThat(received.query()).isEqualTo("token=abc");
    assertThat(received.signedWithSecret(SECRET)).isTrue();
  }

  @Test
  void webhookToAUrlWithoutAPathIsSignedOverTheSlashTheTargetReceives() throws Exception {
    FakeDeployTarget.Request received = sendDirectly(TARGET.url(""));

    assertThat(received.path()).isEqualTo("/");
    assertThat(received.signedWithSecret(SECRET)).isTrue();
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** Sends a deploy webhook for a made-up deployment straight through relman's deployer; returns what arrived. */
  private FakeDeployTarget.Request sendDirectly(String url) throws InterruptedException {
    var request = new DeploymentRequest(7, "2026.12.9", List.of("payments"), "production", DeploymentAction.DEPLOY,
        UUID.randomUUID().toString(), 1, "abc123", null);
    WebhookDeployer.Delivery delivery = webhookDeployer.send(request, new RelmanProperties.Webhook(url, WEBHOOK_TIMEOUT),
        "http://localhost/api/releases/7/deployments/production");
    assertThat(delivery.delivered()).as("%s", delivery).isTrue();
    List<FakeDeployTarget.Request> received = TARGET.requests();
    assertThat(received).hasSize(1);
    return received.get(0);
  }

  /**
   * Everything a callback could change: the release's deployments, its status, environment states and open tasks
   * (external and human, with their locks), the audit trail, and remembered deliveries.
   */
  private record State(List<Map<String, Object>> deployments, String status, List<Map<String, Object>> environments,
      List<String> externalTasks, List<String> userTasks, long auditEvents, long deliveries) {}

  private State state(long id) {
    String[] instances = processInstanceIds(id).toArray(String[]::new);
    return new State(
        jdbc.queryForList("SELECT * FROM deployments WHERE release_id = ? ORDER BY id", id),
        status(id),
        jdbc.queryForList("SELECT * FROM release_environments WHERE release_id = ? ORDER BY position", id),
        externalTasks.createExternalTaskQuery().processInstanceIdIn(instances).list().stream()
            .map(t -> t.getTopicName() + " " + t.getId() + " " + t.getWorkerId() + " " + t.getLockExpirationTime()
                + " " + t.getRetries())
            .toList(),
        taskService.createTaskQuery().processInstanceBusinessKey(String.valueOf(id)).list().stream()
            .map(t -> t.getTaskDefinitionKey() + " " + t.getId()).toList(),
        count("audit_events"),
        deliveriesSinceStart());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A delivery with exactly these headers (null: left out). */
  private Api.Response deliver(String path, String body, String timestamp, String signature) {
    Api anonymous = api(null);
    HttpRequest.Builder request = anonymous.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      request.header(WebhookSignatures.TIMESTAMP, timestamp);
    }
    if (signature != null) {
      request.header(WebhookSignatures.SIGNATURE, signature);
    }
    return anonymous.send(request);
  }
}
