package org.relman.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.process.WorkResult;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.Shipping;

/** {@code GET /api/environments}: what runs where now, and what a rollback went back to. */
class EnvironmentsApiTest extends RelmanTestBase {

  @Test
  void aShippedReleaseRunsInEveryEnvironmentSinceItsDeployment() {
    String service = "env-" + System.nanoTime();
    String version = version("2026.12");
    long id = Shipping.shippedEverywhere(this, version, List.of(service));

    Api.Response response = api("bob").get("/api/environments");

    assertThat(response.status()).as("%s", response).isEqualTo(200);
    assertThat(response.json().findValuesAsText("name")).containsExactly("staging", "production");
    assertThat(response.json().findValuesAsText("order")).containsExactly("1", "2");
    for (String environment : List.of("staging", "production")) {
      JsonNode entry = service(response, environment, service);
      assertThat(entry.path("version").asText()).isEqualTo(version);
      assertThat(entry.path("releaseId").asLong()).isEqualTo(id);
      assertThat(entry.path("status").asText()).isEqualTo("DEPLOYED");
      assertThat(entry.path("deployedAt").asText()).isEqualTo(deployment(id, environment).path("finishedAt").asText());
      assertThat(entry.path("last").path("action").asText()).isEqualTo("deploy");
    }
  }

  @Test
  void aRolledBackEnvironmentShowsWhatItWentBackTo() {
    String service = "env-" + System.nanoTime();
    String good = version("2026.12");
    long first = Shipping.shippedEverywhere(this, good, List.of(service));
    String bad = version("2026.12") + "-fail-production";
    long second = Shipping.scheduled(this, bad, List.of(service));
    shipToNextEnvironment(second);

    assertThat(workers().run("deploy-release", second)).isInstanceOf(WorkResult.BusinessError.class);
    JsonNode failed = service(api("erin").get("/api/environments"), "production", service);
    assertThat(failed.path("status").asText()).as("%s", failed).isEqualTo("FAILED");
    assertThat(failed.path("version").asText()).as("nothing has replaced the good version yet").isEqualTo(good);
    assertThat(failed.path("last").path("version").asText()).isEqualTo(bad);

    workers().run("roll-back-release", second);

    Api.Response now = api("erin").get("/api/environments");
    JsonNode production = service(now, "production", service);
    assertThat(production.path("status").asText()).isEqualTo("ROLLED_BACK");
    assertThat(production.path("version").asText()).isEqualTo(good);
    assertThat(production.path("releaseId").asLong()).isEqualTo(first);
    assertThat(production.path("last").path("action").asText()).isEqualTo("rollback");
    assertThat(production.path("last").path("releaseId").asLong()).isEqualTo(second);
    assertThat(production.path("last").path("version").asText()).isEqualTo(bad);
    JsonNode staging = service(now, "staging", service);
    assertThat(staging.path("version").asText()).as("staging keeps the new version").isEqualTo(bad);
    assertThat(staging.path("status").asText()).isEqualTo("DEPLOYED");
  }

  @Test
  void environmentAndServiceNarrowTheAnswer() {
    String service = "env-" + System.nanoTime();
    Shipping.shippedEverywhere(this, version("2026.12"), List.of(service));

    Api.Response response = api("frank").get("/api/environments?environment=production&service=" + service);

    assertThat(response.status()).as("%s", response).isEqualTo(200);
    assertThat(response.json()).hasSize(1);
    assertThat(response.json().get(0).path("name").asText()).isEqualTo("production");
    assertThat(response.json().get(0).path("services").findValuesAsText("service")).containsExactly(service);
  }

  @Test
  void badFiltersAreNamedAndNothingIsAnswered() {
    Api.Response response = api("alice").get("/api/environments?environment=moon&service=Not%20a%20service");

    JsonNode problem = assertInvalid(response, "environment", "service");
    assertThat(problem.toString()).contains("staging, production");
  }

  @Test
  void onlyPeopleWhoSignedInMaySeeIt() {
    assertThat(api(null).get("/api/environments").status()).isEqualTo(401);
  }

  private static JsonNode service(Api.Response response, String environment, String service) {
    for (JsonNode env : response.json()) {
      if (env.path("name").asText().equals(environment)) {
        for (JsonNode entry : env.path("services")) {
          if (entry.path("service").asText().equals(service)) {
            return entry;
          }
        }
      }
    }
    throw new AssertionError(service + " is not in " + environment + ": " + response);
  }

  private JsonNode deployment(long id, String environment) {
    for (JsonNode d : release(id).path("deployments")) {
      if (d.path("environment").asText().equals(environment) && d.path("action").asText().equals("deploy")) {
        return d;
      }
    }
    throw new AssertionError("no deployment of " + id + " to " + environment);
  }
}
