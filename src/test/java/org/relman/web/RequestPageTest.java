package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.relman.testing.GitFixture;
import org.relman.testing.PageClient;
import org.relman.testing.RelmanTestBase;

/** Requesting a release from the page: through the API's checks and service, each problem next to its field. */
class RequestPageTest extends RelmanTestBase {

  @Test
  void aValidRequestStartsTheReleaseAndLeadsToItsPage() {
    String version = version("2034.1");
    PageClient erin = PageClient.signedIn(port, "erin");
    erin.get("/releases/new");

    PageClient.Page answer = erin.post("/releases", fields(version, repository(1)));

    assertThat(answer.status()).as("%s", answer).isEqualTo(302);
    long id = Long.parseLong(answer.location().replaceAll(".*/releases/", ""));
    assertThat(release(id).get("version").asText()).isEqualTo(version);
    assertThat(release(id).get("requestedBy").asText()).isEqualTo("erin");
    assertThat(release(id).get("plannedStart").asText()).isEqualTo("2030-01-07T10:00:00Z");
  }

  @Test
  void everyBadFieldIsNamedNextToItWithTheApisWordsAndNothingIsStored() {
    long before = count("releases");
    PageClient erin = PageClient.signedIn(port, "erin");
    erin.get("/releases/new");
    Map<String, String> bad = fields("no spaces allowed", repository(1));
    bad.put("services", "Payments");
    bad.put("plannedStart", "");
    bad.put("fromRef", "does-not-exist");

    PageClient.Page answer = erin.post("/releases", bad);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains("id=\"error-version\"").contains("Version must match [A-Za-z0-9._-]{1,64}")
        .contains("id=\"error-services\"").contains("must match [a-z0-9-]{1,64}")
        .contains("id=\"error-plannedStart\"").contains("Planned start is required")
        .contains("id=\"error-fromRef\"")
        .contains("value=\"Payments\"");
    assertThat(count("releases")).isEqualTo(before);
  }

  @Test
  void aTakenVersionIsNamedAtTheVersionField() {
    String version = version("2034.2");
    requestRelease("erin", version, repository(1));
    PageClient alice = PageClient.signedIn(port, "alice");
    alice.get("/releases/new");

    PageClient.Page answer = alice.post("/releases", fields(version, repository(1)));

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.body()).contains("id=\"error-version\"").contains("already exists");
  }

  @Test
  void onlyEngineersAndReleaseManagersMayRequest() {
    PageClient bob = PageClient.signedIn(port, "bob");
    assertThat(bob.get("/releases/new").status()).isEqualTo(403);
    bob.get("/releases");
    assertThat(bob.post("/releases", fields(version("2034.3"), repository(1))).status()).isEqualTo(403);
  }

  private static Map<String, String> fields(String version, GitFixture repo) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("version", version);
    fields.put("name", "Payments " + version);
    fields.put("services", "web-" + Math.abs(version.hashCode()) + ", api-" + Math.abs(version.hashCode()));
    fields.put("plannedStart", "2030-01-07T10:00");
    fields.put("repositoryUrl", repo.path().toString());
    fields.put("fromRef", "v1");
    fields.put("toRef", "main");
    fields.put("rollbackPlan", "redeploy v1");
    return fields;
  }
}
