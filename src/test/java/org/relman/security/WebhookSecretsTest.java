package org.relman.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertProblem;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.process.WorkResult;
import org.relman.testing.Api;
import org.relman.testing.FakeDeployTarget;
import org.relman.testing.HardenedTestBase;

/**
 * Secrets per purpose (issue 9, item 6): CI's gate reports are verified with {@code relman.webhooks.gate-secret}, an
 * environment's webhooks and callbacks with its {@code deploy.secret}; the shared secret no longer opens those doors,
 * nor does another purpose's secret. During a rotation the previous secret is accepted and relman signs with the
 * current one. Every refusal is a 401 that changes nothing.
 */
class WebhookSecretsTest extends HardenedTestBase {

  // ---------------------------------------------------------------------------------------------- gate reports

  @Test
  void gateReportSignedWithTheGateSecretIsAccepted() {
    long id = requestRelease("erin", version("2026.12"), repository(1));

    Api.Response response = report(GATE_SECRET, id, "build");

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(gate(id, "build").path("status").asText()).isEqualTo("PASSED");
  }

  @Test
  void gateReportSignedWithThePreviousGateSecretIsAcceptedDuringTheRotation() {
    long id = requestRelease("erin", version("2026.12"), repository(1));

    Api.Response response = report(PREVIOUS_GATE_SECRET, id, "build");

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(gate(id, "build").path("status").asText()).isEqualTo("PASSED");
  }

  @Test
  void gateReportSignedWithTheSharedSecretIsRefusedOnceGatesHaveTheirOwnAndChangesNothing() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    Snapshot before = snapshot(id);

    Api.Response response = report(SHARED_SECRET, id, "build");

    assertProblem(response, 401);
    assertThat(response.json().get("detail").asText()).contains("Bad signature", "gate reports");
    assertThat(snapshot(id)).isEqualTo(before);
  }

  @Test
  void gateReportSignedWithAnEnvironmentsSecretIsRefusedAndChangesNothing() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    Snapshot before = snapshot(id);

    assertProblem(report(PRODUCTION_SECRET, id, "build"), 401);
    assertProblem(report(STAGING_SECRET, id, "build"), 401);

    assertThat(snapshot(id)).isEqualTo(before);
  }

  @Test
  void deliveryAcceptedUnderThePreviousSecretCannotBeReplayedUnderTheCurrentOne() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    long now = clock.epochSecond();
    String path = "/api/releases/" + id + "/gates/build";
    assertThat(signingWith(PREVIOUS_GATE_SECRET).signedPost(path, gateReport("build", "FAILED"), now).status())
        .isEqualTo(202);
    Snapshot afterFirst = snapshot(id);

    Api.Response replay = signingWith(GATE_SECRET).signedPost(path, gateReport("build", "FAILED"), now);

    assertProblem(replay, 401);
    assertThat(replay.json().get("detail").asText()).containsIgnoringCase("replay");
    assertThat(snapshot(id)).isEqualTo(afterFirst);
  }

  // ---------------------------------------------------------------------------------------------- deploy webhooks

  @Test
  void deployAndRollbackWebhooksAreSignedWithTheEnvironmentsCurrentSecret() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    FakeDeployTarget.Request deploy = sendProductionDeploy(id);

    assertThat(deploy.signedWithSecret(PRODUCTION_SECRET)).as("production's current secret").isTrue();
    assertThat(deploy.signedWithSecret(PREVIOUS_PRODUCTION_SECRET)).as("never the previous one").isFalse();
    assertThat(deploy.signedWithSecret(SHARED_SECRET)).as("nor the shared one").isFalse();

    assertThat(callBack(deploy, "FAILED", "pods crash-looping").status()).isEqualTo(202);
    assertThat(workers().run("roll-back-release", id)).isInstanceOf(WorkResult.Pending.class);
    FakeDeployTarget.Request rollback = TARGET.only(ROLLBACK_PATH);

    assertThat(rollback.signedWithSecret(PRODUCTION_SECRET)).as("the environment's secret covers its rollback")
        .isTrue();
    assertThat(rollback.signedWithSecret(SHARED_SECRET)).isFalse();
  }

  @Test
  void callbackSignedWithTheEnvironmentsSecretIsAccepted() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    FakeDeployTarget.Request deploy = sendProductionDeploy(id);

    Api.Response response = FakeDeployTarget.callBack(signingWith(PRODUCTION_SECRET), deploy, "SUCCEEDED", "done",
        clock.epochSecond());

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(deployments(id).get(1).path("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void callbackSignedWithThePreviousEnvironmentSecretIsAcceptedDuringTheRotation() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    FakeDeployTarget.Request deploy = sendProductionDeploy(id);

    Api.Response response = FakeDeployTarget.callBack(signingWith(PREVIOUS_PRODUCTION_SECRET), deploy, "SUCCEEDED",
        "done", clock.epochSecond());

    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(deployments(id).get(1).path("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void callbackSignedWithTheSharedSecretIsRefusedOnceTheEnvironmentHasItsOwnAndChangesNothing() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    FakeDeployTarget.Request deploy = sendProductionDeploy(id);
    Snapshot before = snapshot(id);

    Api.Response response = FakeDeployTarget.callBack(signingWith(SHARED_SECRET), deploy, "SUCCEEDED", "done",
        clock.epochSecond());

    assertProblem(response, 401);
    assertThat(response.json().get("detail").asText()).contains("environment 'production'");
    assertThat(snapshot(id)).isEqualTo(before);
  }

  @Test
  void callbackSignedWithAnotherEnvironmentsOrTheGateSecretIsRefusedAndChangesNothing() {
    long id = deploying(version("2026.12"));
    promoteStaging(id);
    FakeDeployTarget.Request deploy = sendProductionDeploy(id);
    Snapshot before = snapshot(id);

    for (String secret : List.of(STAGING_SECRET, GATE_SECRET, PREVIOUS_GATE_SECRET)) {
      assertProblem(FakeDeployTarget.callBack(signingWith(secret), deploy, "SUCCEEDED", "done", clock.epochSecond()),
          401);
    }

    assertThat(snapshot(id)).isEqualTo(before);
    assertThat(deployments(id).get(1).path("status").asText()).isEqualTo("RUNNING");
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private Api.Response report(String secret, long id, String gate) {
    return signingWith(secret).signedPost("/api/releases/" + id + "/gates/" + gate, gateReport(gate, "PASSED"),
        clock.epochSecond());
  }

  private JsonNode gate(long id, String name) {
    for (JsonNode gate : release(id).path("gates")) {
      if (name.equals(gate.path("name").asText())) {
        return gate;
      }
    }
    throw new AssertionError("release " + id + " has no gate " + name);
  }

  /** What a signed delivery could change: the release as the API shows it, its rows, its audit trail, deliveries. */
  private record Snapshot(JsonNode release, List<Map<String, Object>> gates, List<Map<String, Object>> deployments,
      List<String> audit, long deliveries) {}

  private Snapshot snapshot(long id) {
    return new Snapshot(release(id),
        jdbc.queryForList("SELECT * FROM gates WHERE release_id = ? ORDER BY name", id),
        jdbc.queryForList("SELECT * FROM deployments WHERE release_id = ? ORDER BY id", id),
        auditActions(id), deliveriesSinceStart());
  }
}
