package org.relman.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.FakePrometheus.empty;
import static org.relman.testing.FakePrometheus.error;
import static org.relman.testing.FakePrometheus.nan;
import static org.relman.testing.FakePrometheus.vector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.relman.process.WorkResult;
import org.relman.testing.Api;
import org.relman.testing.FakeDeployTarget;
import org.relman.testing.FakePrometheus;
import org.relman.testing.LockedTaskItem;
import org.relman.testing.PromotionTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "Ship safely": every path through the promote / ship subprocesses of bpmn/release.bpmn, driven step by step against
 * a real shell command (staging), a real webhook target (production) and a real Prometheus HTTP API. Soak rounds are
 * one interval apart on relman's clock; the test moves it and fires the "Wait for next check" timer.
 */
class PromotionTest extends PromotionTestBase {

  @Autowired
  CheckEnvironmentWorker checkWorker;

  @AfterEach
  void prometheusIsReachableAgain() {
    PROMETHEUS.reachable();
  }

  // ---------------------------------------------------------------------------------------------- all green

  @Test
  void releaseIsPromotedToEveryEnvironmentAndCompletedWhenEveryCheckPasses() {
    long id = deploying(version("2026.12"));

    assertThat(workers().run("deploy-release", id)).isInstanceOf(WorkResult.Completed.class);
    assertThat(environmentState(id, "staging")).isEqualTo("DEPLOYING");
    assertThat(workers().run("verify-deployment", id)).isInstanceOf(WorkResult.Completed.class);
    assertThat(environmentState(id, "staging")).isEqualTo("VERIFYING");
    assertThat(soakRound(id)).isEqualTo("CONTINUE");
    assertThat(status(id)).isEqualTo("MONITORING");
    assertThat(environmentState(id, "staging")).isEqualTo("MONITORING");
    Instant engineNow = Instant.now();
    assertThat(nextCheckTimer(id).getDuedate().toInstant())
        .as("the next round is due one interval later").isBetween(engineNow.plus(INTERVAL).minusSeconds(5),
            engineNow.plus(INTERVAL).plusSeconds(1));
    List<String> staging = new ArrayList<>(List.of("CONTINUE"));
    for (int round = 2; round <= HEALTHY_ROUNDS; round++) {
      nextCheck(id);
      staging.add(soakRound(id));
    }
    assertThat(staging).containsExactly("CONTINUE", "CONTINUE", "CONTINUE", "CONTINUE", "PASSED");
    JsonNode afterStaging = release(id);
    assertThat(afterStaging.get("environments").findValuesAsText("state")).containsExactly("PROMOTED", "PENDING");
    assertThat(afterStaging.get("currentSteps").toString()).contains("Deploy release (production)");

    FakeDeployTarget.Request deploy = sendProductionDeploy(id);
    assertThat(callBack(deploy, "SUCCEEDED", "payments and ledger rolled out").status()).isEqualTo(202);
    assertThat(workers().run("verify-deployment", id)).isInstanceOf(WorkResult.Completed.class);
    assertThat(soak(id, HEALTHY_ROUNDS + 1)).hasSize(HEALTHY_ROUNDS).endsWith("PASSED");

    JsonNode review = release(id);
    assertThat(review.get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(review.get("environments").findValuesAsText("state")).containsExactly("PROMOTED", "PROMOTED");
    assertThat(review.get("deployments").findValuesAsText("environment")).containsExactly("staging", "production");
    assertThat(review.get("deployments").findValuesAsText("deployer")).containsExactly("COMMAND", "WEBHOOK");
    assertThat(review.get("deployments").findValuesAsText("status")).containsExactly("SUCCEEDED", "SUCCEEDED");
    for (String environment : List.of("staging", "production")) {
      List<JsonNode> checks = checks(id, environment);
      // one verification, then error-rate, throughput and health in every round
      assertThat(checks).as("checks of %s", environment).hasSize(1 + 3 * HEALTHY_ROUNDS);
      assertThat(checks).allSatisfy(check -> assertThat(check.get("passed").asBoolean()).isTrue());
      assertThat(checks.get(0).get("name").asText()).isEqualTo("health (verify)");
      assertThat(checks.stream().map(c -> c.get("name").asText()).skip(1).limit(3))
          .containsExactly("error-rate", "throughput", "health");
      JsonNode errorRate = checks.get(1);
      assertThat(errorRate.get("value").asDouble()).as("the highest series decides against a max").isEqualTo(0.004);
      assertThat(errorRate.get("threshold").asDouble()).isEqualTo(0.02);
      assertThat(errorRate.get("max").asDouble()).isEqualTo(0.02);
      assertThat(errorRate.get("round").asInt()).isEqualTo(1);
      assertThat(errorRate.get("at").isNull()).isFalse();
      JsonNode throughput = checks.get(2);
      assertThat(throughput.get("value").asDouble()).isEqualTo(12.5);
      assertThat(throughput.get("threshold").asDouble()).as("min when there is no max").isEqualTo(1.0);
      assertThat(checks.get(checks.size() - 1).get("round").asInt()).isEqualTo(HEALTHY_ROUNDS);
      assertThat(PROMETHEUS.count(errorRate(environment))).isEqualTo(HEALTHY_ROUNDS);
    }
    assertThat(stateChanges(id, "staging")).containsExactly("DEPLOYING", "VERIFYING", "MONITORING", "PROMOTED");
    assertThat(stateChanges(id, "production")).containsExactly("DEPLOYING", "VERIFYING", "MONITORING", "PROMOTED");

    completeOk("rita", id, "post-release-review", Map.of("summary", "Quiet release", "followUps", "none"));

    assertThat(status(id)).isEqualTo("COMPLETED");
    process(id)
        .hasPassedInOrder("deploy-release", "verify-deployment", "check-environment", "wait-for-next-check",
            "check-environment", "environment-healthy", "environment-promoted", "deploy-release", "verify-deployment",
            "check-environment", "environment-healthy", "environment-promoted", "post-release-review", "release-completed")
        .hasNotPassed("shipping-failed", "roll-back-release", "post-mortem")
        .isEndedAt("release-completed");
    assertThat(TARGET.requests(ROLLBACK_PATH)).isEmpty();
    assertThat(api("frank").get("/api/audit/verify").json().get("valid").asBoolean()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------- breaches

  @Test
  void stagingIsRolledBackWhenErrorRateBreachesForFailureLimitRoundsAndProductionIsNeverDeployed() {
    PROMETHEUS.answer(errorRate("staging"), vector(0.05));
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);
    workers().run("verify-deployment", id);

    assertThat(soak(id, 10)).containsExactly("CONTINUE", "BREACHED");

    String reason = "monitoring: error-rate: 0.05 > max 0.02 (2 failed rounds in a row, limit 2)";
    JsonNode failed = release(id);
    assertThat(failed.get("currentSteps").toString()).contains("Roll back release (staging)");
    assertThat(environmentView(id, "staging").get("state").asText()).isEqualTo("FAILED");
    assertThat(environmentView(id, "staging").get("reason").asText()).isEqualTo(reason);
    List<JsonNode> errorRates = checks(id, "staging").stream().filter(c -> c.get("name").asText().equals("error-rate"))
        .toList();
    assertThat(errorRates).hasSize(2).allSatisfy(check -> {
      assertThat(check.get("passed").asBoolean()).isFalse();
      assertThat(check.get("value").asDouble()).isEqualTo(0.05);
      assertThat(check.get("detail").asText()).isEqualTo("0.05 > max 0.02");
    });

    assertThat(workers().run("roll-back-release", id)).isInstanceOf(WorkResult.Completed.class);

    List<JsonNode> deployments = deployments(id);
    assertThat(deployments).hasSize(2);
    assertThat(deployments.get(1).get("environment").asText()).isEqualTo("staging");
    assertThat(deployments.get(1).get("action").asText()).isEqualTo("rollback");
    assertThat(deployments.get(1).get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(deployments.get(1).get("reason").asText()).isEqualTo(reason);
    assertThat(auditDetails(id, "rollback.started")).singleElement()
        .satisfies(details -> assertThat(details.get("reason").asText()).isEqualTo(reason));
    assertThat(auditDetails(id, "environment.state-changed")).anySatisfy(details -> {
      assertThat(details.get("environment").asText()).isEqualTo("staging");
      assertThat(details.get("to").asText()).isEqualTo("FAILED");
      assertThat(details.get("reason").asText()).isEqualTo(reason);
    });
    assertThat(stateChanges(id, "staging")).containsExactly("DEPLOYING", "VERIFYING", "MONITORING", "FAILED",
        "ROLLING_BACK", "ROLLED_BACK");

    endsRolledBackAfterThePostMortem(id);
    assertThat(release(id).get("environments").findValuesAsText("state")).containsExactly("ROLLED_BACK", "PENDING");
    assertThat(deployments(id)).noneMatch(d -> d.get("environment").asText().equals("production"));
    assertThat(TARGET.requests()).as("production was never deployed").isEmpty();
    assertThat(PROMETHEUS.count(errorRate("production"))).isZero();
    process(id).hasNotPassed("post-release-review");
  }

  @Test
  void productionIsRolledBackByWebhookOnTheFailureLimitThFailedRoundAndStagingStaysPromoted() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    callBack(sendProductionDeploy(id), "SUCCEEDED", "done");
    workers().run("verify-deployment", id);
    // healthy for two rounds, then the error rate goes up and stays up
    PROMETHEUS.answer(errorRate("production"), vector(0.004), vector(0.004), vector(0.09));

    List<String> rounds = soak(id, 10);

    assertThat(rounds).containsExactly("CONTINUE", "CONTINUE", "CONTINUE", "BREACHED");
    List<JsonNode> errorRates = checks(id, "production").stream()
        .filter(c -> c.get("name").asText().equals("error-rate")).toList();
    assertThat(errorRates.stream().map(c -> c.get("passed").asBoolean())).containsExactly(true, true, false, false);
    int firstBreach = errorRates.get(2).get("round").asInt();
    int rollbackRound = errorRates.get(3).get("round").asInt();
    assertThat(rollbackRound - firstBreach + 1).as("failed rounds until the rollback").isEqualTo(FAILURE_LIMIT);
    Instant firstBreachAt = Instant.parse(errorRates.get(2).get("at").asText());
    Instant failedAt = Instant.parse(environmentView(id, "production").get("changedAt").asText());
    assertThat(Duration.between(firstBreachAt, failedAt))
        .as("from the first breach to the rollback decision")
        .isGreaterThanOrEqualTo(INTERVAL.multipliedBy(FAILURE_LIMIT - 1))
        .isLessThanOrEqualTo(INTERVAL.multipliedBy(FAILURE_LIMIT));
    String reason = "monitoring: error-rate: 0.09 > max 0.02 (2 failed rounds in a row, limit 2)";
    assertThat(environmentView(id, "production").get("reason").asText()).isEqualTo(reason);

    assertThat(workers().run("roll-back-release", id)).as("the rollback target calls back later")
        .isInstanceOf(WorkResult.Pending.class);
    FakeDeployTarget.Request rollback = TARGET.only(ROLLBACK_PATH);
    assertThat(rollback.signedWith(signatures)).isTrue();
    assertThat(rollback.json().get("action").asText()).isEqualTo("rollback");
    assertThat(rollback.json().get("environment").asText()).isEqualTo("production");
    assertThat(rollback.json().get("reason").asText()).isEqualTo(reason);
    assertThat(environmentState(id, "production")).isEqualTo("ROLLING_BACK");
    assertThat(callBack(rollback, "SUCCEEDED", "previous version restored").status()).isEqualTo(202);

    JsonNode rolledBack = release(id);
    assertThat(rolledBack.get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(rolledBack.get("environments").findValuesAsText("state")).containsExactly("PROMOTED", "ROLLED_BACK");
    List<JsonNode> deployments = deployments(id);
    assertThat(deployments).extracting(d -> d.get("environment").asText() + " " + d.get("action").asText() + " "
        + d.get("deployer").asText() + " " + d.get("status").asText())
        .containsExactly("staging deploy COMMAND SUCCEEDED", "production deploy WEBHOOK SUCCEEDED",
            "production rollback WEBHOOK SUCCEEDED");
    assertThat(deployments.get(2).get("reason").asText()).isEqualTo(reason);
    assertThat(deployments.get(2).get("deploymentId").asText()).isEqualTo(rollback.deploymentId());
    assertThat(auditDetails(id, "rollback.started")).singleElement()
        .satisfies(details -> assertThat(details.get("reason").asText()).isEqualTo(reason));

    endsRolledBackAfterThePostMortem(id);
    assertThat(environmentState(id, "staging")).as("staging keeps the new version").isEqualTo("PROMOTED");
    assertThat(stateChanges(id, "staging")).containsExactly("DEPLOYING", "VERIFYING", "MONITORING", "PROMOTED");
    process(id).hasPassedInOrder("environment-promoted", "deploy-release", "check-environment", "environment-failed",
        "shipping-failed", "roll-back-release", "environment-rolled-back", "promotion-rolled-back", "post-mortem");
  }

  static Stream<Arguments> breaches() {
    return Stream.of(
        Arguments.of("error rate above max", "error-rate", vector(0.5), "error-rate: 0.5 > max 0.02"),
        Arguments.of("one of several series above max", "error-rate", vector(0.001, 0.07, 0.002),
            "error-rate: 0.07 > max 0.02"),
        Arguments.of("error rate infinite", "error-rate", vector(Double.POSITIVE_INFINITY), "error-rate: Infinity > max 0.02"),
        Arguments.of("throughput below min", "throughput", vector(0.25), "throughput: 0.25 < min 1"),
        Arguments.of("one instance without traffic", "throughput", vector(40, 0), "throughput: 0 < min 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("breaches")
  void breachRollsBackWithAReasonNamingTheQueryAndItsValue(String what, String query, FakePrometheus.Answer answer,
      String expected) {
    PROMETHEUS.answer(query.equals("error-rate") ? errorRate("staging") : throughput("staging"), answer);
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);
    workers().run("verify-deployment", id);

    assertThat(soak(id, 10)).containsExactly("CONTINUE", "BREACHED");

    assertThat(environmentView(id, "staging").get("reason").asText()).isEqualTo("monitoring: " + expected
        + " (2 failed rounds in a row, limit 2)");
    workers().run("roll-back-release", id);
    assertThat(deployments(id).get(1).get("reason").asText()).contains(expected);
  }

  static Stream<Arguments> noUsableData() {
    return Stream.of(
        Arguments.of("empty result", empty(), "no data: the query returned an empty result"),
        Arguments.of("NaN", nan(), "no data: the query returned NaN"),
        Arguments.of("NaN in one of several series", vector(0.001, Double.NaN), "no data: the query returned NaN"),
        Arguments.of("error response", error(500, "internal", "fake storage failure"),
            "Prometheus answered 500: internal fake storage failure"),
        Arguments.of("bad query", error(400, "bad_data", "1:14: parse error: unexpected right parenthesis ')'"),
            "Prometheus answered 400: bad_data 1:14: parse error: unexpected right parenthesis ')'"),
        Arguments.of("proxy page instead of JSON", FakePrometheus.raw(502, "text/html", "<html>Bad Gateway</html>"),
            "Prometheus answered 502 without JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noUsableData")
  void queryWithoutUsableDataCountsAsABreachAndRollsBack(String what, FakePrometheus.Answer answer, String detail) {
    PROMETHEUS.answer(errorRate("staging"), answer);
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);
    workers().run("verify-deployment", id);

    assertThat(soak(id, 10)).containsExactly("CONTINUE", "BREACHED");

    List<JsonNode> errorRates = checks(id, "staging").stream().filter(c -> c.get("name").asText().equals("error-rate"))
        .toList();
    assertThat(errorRates).hasSize(2).allSatisfy(check -> {
      assertThat(check.get("passed").asBoolean()).isFalse();
      assertThat(check.get("value").isNull()).as("no usable value is stored").isTrue();
      assertThat(check.get("detail").asText()).isEqualTo(detail);
    });
    assertThat(workers().run("roll-back-release", id)).isInstanceOf(WorkResult.Completed.class);
    assertThat(deployments(id).get(1).get("reason").asText()).contains("error-rate: " + detail);
    endsRolledBackAfterThePostMortem(id);
  }

  @Test
  void unreachablePrometheusCountsAsABreachAndRollsBack() {
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);
    workers().run("verify-deployment", id);
    PROMETHEUS.unreachable();

    assertThat(soak(id, 10)).containsExactly("CONTINUE", "BREACHED");

    List<JsonNode> checks = checks(id, "staging");
    assertThat(checks.stream().filter(c -> !c.get("name").asText().startsWith("health")))
        .hasSize(4)
        .allSatisfy(check -> {
          assertThat(check.get("passed").asBoolean()).isFalse();
          assertThat(check.get("detail").asText()).startsWith("Prometheus unreachable: ConnectException");
        });
    assertThat(checks.stream().filter(c -> c.get("name").asText().equals("health")))
        .as("the service itself is fine").allSatisfy(check -> assertThat(check.get("passed").asBoolean()).isTrue());
    String reason = environmentView(id, "staging").get("reason").asText();
    assertThat(reason).startsWith("monitoring: error-rate: Prometheus unreachable").contains("throughput: Prometheus unreachable");
    workers().run("roll-back-release", id);
    endsRolledBackAfterThePostMortem(id);
  }

  @Test
  void prometheusErrorsWithLongMessagesStillCountAsABreach() {
    // Prometheus echoes the query in parse errors; long queries make long errors
    PROMETHEUS.answer(errorRate("staging"), error(400, "bad_data", "parse error in " + "x".repeat(1500)));
    PROMETHEUS.answer(throughput("staging"), error(400, "bad_data", "parse error in " + "y".repeat(1500)));
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);
    workers().run("verify-deployment", id);

    assertThat(soak(id, 10)).containsExactly("CONTINUE", "BREACHED");

    assertThat(checks(id, "staging").get(1).get("detail").asText()).startsWith("Prometheus answered 400: bad_data parse error");
    assertThat(environmentState(id, "staging")).isEqualTo("FAILED");
    assertThat(environmentView(id, "staging").get("reason").asText()).startsWith("monitoring: error-rate: Prometheus answered 400")
        .contains("throughput: Prometheus answered 400");
    assertThat(workers().run("roll-back-release", id)).isInstanceOf(WorkResult.Completed.class);
  }

  @Test
  void healthUrlFailingDuringTheSoakRollsBack() {
    PROMETHEUS.health("staging", 200, 200, 503);
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);
    workers().run("verify-deployment", id);

    assertThat(soak(id, 10)).containsExactly("CONTINUE", "CONTINUE", "BREACHED");

    assertThat(environmentView(id, "staging").get("reason").asText())
        .isEqualTo("monitoring: health: health URL answered 503 (2 failed rounds in a row, limit 2)");
    assertThat(checks(id, "staging").stream().filter(c -> c.get("name").asText().equals("health"))
        .map(c -> c.get("passed").asBoolean())).containsExactly(true, false, false);
  }

  // ---------------------------------------------------------------------------------------------- soak rules

  @Test
  void roundThatFailsOnceThenRecoversDoesNotRollBack() {
    PROMETHEUS.answer(errorRate("staging"), vector(0.001), vector(0.05), vector(0.001), vector(0.05), vector(0.001));
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);
    workers().run("verify-deployment", id);

    assertThat(soak(id, 10)).containsExactly("CONTINUE", "CONTINUE", "CONTINUE", "CONTINUE", "PASSED");

    assertThat(environmentState(id, "staging")).isEqualTo("PROMOTED");
    assertThat(checks(id, "staging").stream().filter(c -> c.get("name").asText().equals("error-rate"))
        .map(c -> c.get("passed").asBoolean())).containsExactly(true, false, true, false, true);
    assertThat(release(id).get("currentSteps").toString()).contains("Deploy release (production)");
    process(id).hasNotPassed("roll-back-release");
  }

  @Test
  void windowPassesOnlyOnAHealthyRound() {
    // the round at the end of the window fails; the soak goes on until a healthy round
    PROMETHEUS.answer(errorRate("staging"), vector(0.001), vector(0.001), vector(0.001), vector(0.001), vector(0.05),
        vector(0.001));
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);
    workers().run("verify-deployment", id);

    assertThat(soak(id, 10)).containsExactly("CONTINUE", "CONTINUE", "CONTINUE", "CONTINUE", "CONTINUE", "PASSED");

    assertThat(environmentState(id, "staging")).isEqualTo("PROMOTED");
  }

  @Test
  void roundDeliveredAgainAfterTheSoakEndedGivesTheSameAnswerWithoutCheckingAgain() throws Exception {
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);
    workers().run("verify-deployment", id);
    for (int round = 1; round < HEALTHY_ROUNDS; round++) {
      assertThat(soakRound(id)).isEqualTo("CONTINUE");
      nextCheck(id);
    }
    var task = externalTasks.fetchAndLock(1, "test-driver").topic("check-environment", 60_000)
        .businessKey(String.valueOf(id)).execute().get(0);

    // the last round passes the soak, then its worker dies before it can answer; the task is delivered again
    WorkResult first = checkWorker.work(new LockedTaskItem(task));
    WorkResult again = workers().deliver(checkWorker, task);

    assertThat(first).isEqualTo(WorkResult.completed(Map.of("soakResult", "PASSED")));
    assertThat(again).isEqualTo(first);
    assertThat(PROMETHEUS.count(errorRate("staging"))).isEqualTo(HEALTHY_ROUNDS);
    assertThat(checks(id, "staging")).hasSize(1 + 3 * HEALTHY_ROUNDS);
    assertThat(environmentState(id, "staging")).isEqualTo("PROMOTED");
    assertThat(release(id).get("currentSteps").toString()).contains("Deploy release (production)");
  }

  // ---------------------------------------------------------------------------------------------- webhook deployer

  @Test
  void productionDeployIsASignedWebhookAndItsSucceededCallbackCompletesTheStep() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);

    FakeDeployTarget.Request request = sendProductionDeploy(id);

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo(DEPLOY_PATH);
    assertThat(request.header("Content-Type")).startsWith("application/json");
    assertThat(request.signedWith(signatures)).as("signed over <timestamp>.<path>.<body>").isTrue();
    assertThat(request.signedWithSecret(SECRET)).as("verifiable from API.md and the secret alone").isTrue();
    long timestamp = Long.parseLong(request.header("X-Relman-Timestamp"));
    assertThat(timestamp).isBetween(clock.epochSecond() - 10, clock.epochSecond());
    JsonNode body = request.json();
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactlyInAnyOrder("releaseId", "version", "services", "environment", "action",
        "deploymentId", "attempt", "revision", "reason", "callbackUrl");
    JsonNode view = release(id);
    JsonNode running = deployments(id).get(1);
    assertThat(body.get("releaseId").asLong()).isEqualTo(id);
    assertThat(body.get("version").asText()).isEqualTo(view.get("version").asText());
    assertThat(body.get("services")).isEqualTo(view.get("services"));
    assertThat(body.get("environment").asText()).isEqualTo("production");
    assertThat(body.get("action").asText()).isEqualTo("deploy");
    assertThat(body.get("deploymentId").asText()).isEqualTo(running.get("deploymentId").asText());
    assertThat(body.get("attempt").asInt()).isEqualTo(1);
    assertThat(body.get("revision").asText()).isEqualTo(view.get("repository").get("toSha").asText());
    assertThat(body.get("reason").isNull()).isTrue();
    assertThat(body.get("callbackUrl").asText()).isEqualTo(api(null).base() + callbackPath(id, "production"));
    assertThat(running.get("status").asText()).isEqualTo("RUNNING");
    assertThat(running.get("deployer").asText()).isEqualTo("WEBHOOK");
    assertThat(environmentState(id, "production")).isEqualTo("DEPLOYING");
    assertThat(view.get("currentSteps").toString()).contains("Deploy release (production)");

    Api.Response response = callBack(request, "SUCCEEDED", "payments 2026.12 live on 6 pods");

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(response.json().get("deploymentId").asText()).isEqualTo(request.deploymentId());
    assertThat(response.json().get("status").asText()).isEqualTo("SUCCEEDED");
    JsonNode deployed = deployments(id).get(1);
    assertThat(deployed.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(deployed.get("finishedAt").isNull()).isFalse();
    assertThat(deployed.get("output").asText()).isEqualTo("payments 2026.12 live on 6 pods");
    assertThat(release(id).get("currentSteps").toString()).contains("Verify deployment (production)");
    assertThat(auditDetails(id, "deployment.finished")).last()
        .satisfies(details -> assertThat(details.get("status").asText()).isEqualTo("SUCCEEDED"));
    assertThat(TARGET.requests()).as("one request, no retries").hasSize(1);
  }

  @Test
  void callbackThatArrivesBeforeRelmanFinishedSendingIsAccepted() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    List<Api.Response> callbacks = new CopyOnWriteArrayList<>();
    TARGET.beforeAnswering(request -> callbacks.add(callBack(request, "SUCCEEDED", "done before answering")));

    WorkResult sent = workers().run("deploy-release", id);

    assertThat(TARGET.failures()).isEmpty();
    assertThat(callbacks).singleElement().satisfies(r -> assertThat(r.status()).as("%s", r).isEqualTo(202));
    assertThat(sent).as("the callback answered the task").isInstanceOf(WorkResult.NothingToDo.class);
    JsonNode deployed = deployments(id).get(1);
    assertThat(deployed.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(release(id).get("currentSteps").toString()).contains("Verify deployment (production)");
    assertThat(workers().run("verify-deployment", id)).isInstanceOf(WorkResult.Completed.class);
    assertThat(externalTasks.createExternalTaskQuery().processInstanceIdIn(processInstanceIds(id).toArray(String[]::new))
        .topicName("deploy-release").count()).isZero();
  }

  @Test
  void failureReportedBeforeRelmanFinishedSendingRollsBack() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    List<Api.Response> callbacks = new CopyOnWriteArrayList<>();
    TARGET.beforeAnswering(request -> {
      if (request.path().equals(DEPLOY_PATH)) {
        callbacks.add(callBack(request, "FAILED", "image pull failed\nat node 3"));
      }
    });

    assertThat(workers().run("deploy-release", id)).isInstanceOf(WorkResult.NothingToDo.class);

    assertThat(callbacks).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(202));
    assertThat(deployments(id).get(1).get("failureReason").asText()).isEqualTo("target reported failure: image pull failed");
    assertThat(environmentView(id, "production").get("reason").asText())
        .isEqualTo("deploy failed: target reported failure: image pull failed");
    assertThat(release(id).get("currentSteps").toString()).contains("Roll back release (production)");
  }

  @Test
  void productionDeployFailsWhenNoCallbackArrivesBeforeTheDeadlineAndIsRolledBack() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    FakeDeployTarget.Request request = sendProductionDeploy(id);
    String deploymentId = request.deploymentId();
    Instant deadline = Instant.parse(deployments(id).get(1).get("startedAt").asText()).plus(WEBHOOK_TIMEOUT);

    // the lock runs out half-way: delivered again, the step goes on waiting and sends nothing new
    clock.advance(WEBHOOK_TIMEOUT.dividedBy(2));
    lockExpires(id, "deploy-release");
    WorkResult halfway = workers().run("deploy-release", id);
    assertThat(halfway).isInstanceOf(WorkResult.Pending.class);
    assertThat(((WorkResult.Pending) halfway).lockFor()).isBetween(Duration.ofMinutes(4), WEBHOOK_TIMEOUT.dividedBy(2));
    assertThat(TARGET.requests()).hasSize(1);

    // past the deadline without a callback
    clock.advance(Duration.between(clock.instant(), deadline).plusSeconds(1));
    lockExpires(id, "deploy-release");
    WorkResult late = workers().run("deploy-release", id);

    assertThat(late).isInstanceOf(WorkResult.BusinessError.class);
    assertThat(((WorkResult.BusinessError) late).message()).contains("no callback from the target within PT10M", deploymentId);
    JsonNode failed = deployments(id).get(1);
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("failureReason").asText()).startsWith("no callback from the target within PT10M");
    String reason = environmentView(id, "production").get("reason").asText();
    assertThat(reason).startsWith("deploy failed: no callback from the target within PT10M");

    Api.Response tooLate = callBack(request, "SUCCEEDED", "finally done");
    assertThat(tooLate.status()).as("%s", tooLate).isEqualTo(409);
    assertThat(deployments(id).get(1).get("status").asText()).isEqualTo("FAILED");

    assertThat(workers().run("roll-back-release", id)).isInstanceOf(WorkResult.Pending.class);
    FakeDeployTarget.Request rollback = TARGET.only(ROLLBACK_PATH);
    assertThat(rollback.json().get("reason").asText()).isEqualTo(reason);
    assertThat(rollback.deploymentId()).isNotEqualTo(deploymentId);
    assertThat(callBack(rollback, "SUCCEEDED", "restored").status()).isEqualTo(202);
    endsRolledBackAfterThePostMortem(id);
    assertThat(release(id).get("environments").findValuesAsText("state")).containsExactly("PROMOTED", "ROLLED_BACK");
  }

  @Test
  void callbackTimeoutReasonNamesTheConfiguredTimeout() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    sendProductionDeploy(id);

    clock.advance(WEBHOOK_TIMEOUT.plusSeconds(1));
    lockExpires(id, "deploy-release");
    assertThat(workers().run("deploy-release", id)).isInstanceOf(WorkResult.BusinessError.class);

    assertThat(deployments(id).get(1).get("failureReason").asText())
        .isEqualTo("no callback from the target within PT10M");
  }

  // ---------------------------------------------------------------------------------------------- deploy and verify

  @Test
  void failedDeployCommandRollsBackWithTheExitCodeAsReason() {
    long id = deploying(version("2026.12") + "-fail-staging");

    WorkResult result = workers().run("deploy-release", id);

    assertThat(result).isInstanceOf(WorkResult.BusinessError.class);
    JsonNode deploy = deployments(id).get(0);
    assertThat(deploy.get("status").asText()).isEqualTo("FAILED");
    assertThat(deploy.get("exitCode").asInt()).isEqualTo(1);
    assertThat(deploy.get("output").asText()).contains("health check of " + services(id) + " failed in staging");
    String reason = "deploy failed: exit code 1";
    assertThat(environmentView(id, "staging").get("reason").asText()).isEqualTo(reason);
    assertThat(workers().run("roll-back-release", id)).isInstanceOf(WorkResult.Completed.class);
    JsonNode rollback = deployments(id).get(1);
    assertThat(rollback.get("action").asText()).isEqualTo("rollback");
    assertThat(rollback.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(rollback.get("reason").asText()).isEqualTo(reason);
    assertThat(auditDetails(id, "rollback.started")).singleElement()
        .satisfies(details -> assertThat(details.get("reason").asText()).isEqualTo(reason));
    endsRolledBackAfterThePostMortem(id);
    assertThat(release(id).get("environments").findValuesAsText("state")).containsExactly("ROLLED_BACK", "PENDING");
    process(id).hasNotPassed("verify-deployment", "check-environment");
    assertThat(PROMETHEUS.healthRequests()).isEmpty();
  }

  @Test
  void failedVerificationRollsBackWithAReasonNamingTheHealthUrl() {
    PROMETHEUS.health("staging", 503);
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);

    WorkResult verified = workers().run("verify-deployment", id);

    assertThat(verified).isInstanceOf(WorkResult.BusinessError.class);
    assertThat(PROMETHEUS.healthRequests()).as("asked again until verify-timeout").hasSizeGreaterThan(1);
    String reason = "verification: health URL answered 503 for " + VERIFY_TIMEOUT + " after the deployment";
    assertThat(environmentView(id, "staging").get("reason").asText()).isEqualTo(reason);
    assertThat(checks(id, "staging")).singleElement().satisfies(check -> {
      assertThat(check.get("name").asText()).isEqualTo("health (verify)");
      assertThat(check.get("passed").asBoolean()).isFalse();
      assertThat(check.get("detail").asText())
          .isEqualTo("health URL answered 503 for " + VERIFY_TIMEOUT + " after the deployment");
    });
    assertThat(workers().run("roll-back-release", id)).isInstanceOf(WorkResult.Completed.class);
    assertThat(deployments(id).get(1).get("reason").asText()).isEqualTo(reason);
    endsRolledBackAfterThePostMortem(id);
    process(id).hasNotPassed("check-environment");
    assertThat(PROMETHEUS.queries()).isEmpty();
  }

  @Test
  void verificationPassesWhenTheHealthUrlComesUpWithinTheVerifyTimeout() {
    PROMETHEUS.health("staging", 503, 200);
    long id = deploying(version("2026.12"));
    workers().run("deploy-release", id);

    assertThat(workers().run("verify-deployment", id)).isInstanceOf(WorkResult.Completed.class);

    assertThat(checks(id, "staging")).singleElement().satisfies(check -> {
      assertThat(check.get("passed").asBoolean()).isTrue();
      assertThat(check.get("detail").asText()).isEqualTo("healthy after the deployment");
    });
    assertThat(release(id).get("currentSteps").toString()).contains("Check environment (staging)");
  }

  // ---------------------------------------------------------------------------------------------- helpers

  /** The post-mortem is written, and the release ends ROLLED_BACK. */
  private void endsRolledBackAfterThePostMortem(long id) {
    JsonNode review = release(id);
    assertThat(review.get("status").asText()).isEqualTo("IN_REVIEW");
    assertThat(review.get("currentSteps").toString()).contains("Write post-mortem");
    completeOk("rita", id, "post-mortem", Map.of("rootCause", "Error budget burnt after the deploy",
        "summary", "Rolled back automatically", "followUps", "Load test before the next train"));
    assertThat(status(id)).isEqualTo("ROLLED_BACK");
    process(id).hasPassedInOrder("shipping-failed", "roll-back-release", "environment-rolled-back", "post-mortem")
        .hasNotPassed("post-release-review")
        .isEndedAt("release-rolled-back");
  }

  /** The states an environment went through, from the audit trail. */
  private List<String> stateChanges(long id, String environment) {
    return auditDetails(id, "environment.state-changed").stream()
        .filter(details -> details.get("environment").asText().equals(environment))
        .map(details -> details.get("to").asText())
        .toList();
  }

  /** The lock of the release's task runs out (its worker is gone): the task can be delivered again. */
  private void lockExpires(long id, String topic) {
    var task = externalTasks.createExternalTaskQuery().processInstanceIdIn(processInstanceIds(id).toArray(String[]::new))
        .topicName(topic).singleResult();
    assertThat(task).as("%s task of release %s", topic, id).isNotNull();
    externalTasks.unlock(task.getId());
  }
}
