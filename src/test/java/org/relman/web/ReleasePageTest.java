package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.relman.testing.PageClient;
import org.relman.testing.RelmanTestBase;

/** The release page shows what the API's release view holds, its diagram data comes from the engine's history. */
class ReleasePageTest extends RelmanTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theReleasePageShowsGatesChangesAndTheTimeline() {
    long id = gated(requestRelease("erin", version("2033.1"), repository(2)));

    PageClient.Page page = PageClient.signedIn(port, "bob").get("/releases/" + id);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Release " + release(id).get("version").asText())
        .contains("build").contains("tests").contains("gate.reported").contains("release.requested")
        .contains("Change set").contains("data-url=\"/releases/" + id + "/diagram\"")
        .contains("Rules that fired").contains("Every release is at least low risk");
  }

  @Test
  void aLargeChangeSetIsShownUpToItsFirstCommitsWithTheRestInTheNotes() {
    long id = requestRelease("erin", version("2033.1"), repository(ReleasePage.COMMITS_SHOWN + 5));
    workers().run("collect-change-set", id);

    PageClient.Page page = PageClient.signedIn(port, "bob").get("/releases/" + id);

    assertThat(release(id).get("changes").get("count").asInt()).isEqualTo(ReleasePage.COMMITS_SHOWN + 5);
    String changes = page.body().substring(page.body().indexOf("id=\"changes-title\""),
        page.body().indexOf("id=\"deployments-title\""));
    assertThat(changes.split("<li>", -1)).as("commits listed").hasSize(ReleasePage.COMMITS_SHOWN + 1);
    assertThat(changes).contains("The first", "all of them are in the", "/releases/" + id + "/notes");
  }

  @Test
  void theRiskPanelNamesThePolicyRulesThatFired() {
    java.util.Map<String, Object> body = releaseRequest(version("2033.9"), repository(2), pastStart());
    body.remove("rollbackPlan");
    long id = gated(requestRelease("erin", body));

    String page = PageClient.signedIn(port, "frank").get("/releases/" + id).body();

    assertThat(page).contains("No rollback plan").contains("Every release is at least low risk")
        .doesNotContain("Ships with open critical bugs");
  }

  @Test
  void theDiagramMarksTheFinishedStepsAndTheCurrentOne() throws Exception {
    long id = gated(requestRelease("erin", version("2033.2"), repository(2)));

    PageClient.Page answer = PageClient.signedIn(port, "frank").get("/releases/" + id + "/diagram");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode diagram = JSON.readTree(answer.body());
    assertThat(diagram.get("xml").asText()).contains("<bpmn:definitions").contains("go-no-go");
    assertThat(diagram.get("current").toString()).contains("go-no-go");
    assertThat(diagram.get("passed").toString()).contains("collect-change-set");
    assertThat(diagram.get("called")).isNotEmpty();
    String gates = diagram.get("called").get(0).get("instanceId").asText();
    JsonNode called = JSON.readTree(PageClient.signedIn(port, "frank").get("/releases/" + id + "/diagram?instance="
        + gates).body());
    assertThat(called.get("instanceId").asText()).isEqualTo(gates);
  }

  @Test
  void anotherReleasesProcessIsNotShownAsThisOnesAndAnUnknownReleaseIsA404Page() {
    long mine = requestRelease("erin", version("2033.3"), repository(1));
    long other = requestRelease("erin", version("2033.4"), repository(1));
    String othersInstance = processInstanceId(other);
    PageClient alice = PageClient.signedIn(port, "alice");

    assertThat(alice.get("/releases/" + mine + "/diagram?instance=" + othersInstance).status()).isEqualTo(404);
    PageClient.Page missing = alice.get("/releases/999999999");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).contains("Release 999999999 does not exist");
  }

  @Test
  void onlyReleaseManagersSeeTheCancelButtonAndACancelWithoutReasonIsRefusedInPlainWords() {
    long id = requestRelease("erin", version("2033.5"), repository(1));
    assertThat(PageClient.signedIn(port, "erin").get("/releases/" + id).body()).doesNotContain("Cancel release")
        .doesNotContain("Evidence (JSON)");
    assertThat(PageClient.signedIn(port, "frank").get("/releases/" + id).body()).doesNotContain("Cancel release")
        .contains("Evidence (JSON)");

    PageClient alice = PageClient.signedIn(port, "alice");
    assertThat(alice.get("/releases/" + id).body()).contains("Cancel release");
    PageClient.Page refused = alice.post("/releases/" + id + "/cancel", Map.of("reason", " "));
    assertThat(alice.get(refused.location().replaceFirst("^https?://[^/]+", "")).body())
        .contains("Reason is required");
    assertThat(status(id)).isNotEqualTo("CANCELLED");

    PageClient.Page cancelled = alice.post("/releases/" + id + "/cancel", Map.of("reason", "wrong branch"));
    assertThat(cancelled.status()).isEqualTo(302);
    assertThat(status(id)).isEqualTo("CANCELLED");
    assertThat(release(id).get("cancelledBy").asText()).isEqualTo("alice");
  }

  @Test
  void aNonManagerCannotCancelThroughThePageEither() {
    long id = requestRelease("erin", version("2033.6"), repository(1));
    PageClient erin = PageClient.signedIn(port, "erin");
    erin.get("/releases/" + id);

    assertThat(erin.post("/releases/" + id + "/cancel", Map.of("reason", "mine")).status()).isEqualTo(403);
    assertThat(status(id)).isNotEqualTo("CANCELLED");
  }

  @Test
  void evidenceDownloadsForAuditorsOnlyAndNotesForEveryone() {
    long id = requestRelease("erin", version("2033.7"), repository(1));

    PageClient.Page evidence = PageClient.signedIn(port, "frank").get("/releases/" + id + "/evidence/markdown");
    assertThat(evidence.status()).isEqualTo(200);
    assertThat(evidence.body()).contains("# Evidence")
        .as("links to the release's page").contains("Release page: <http://localhost:" + port + "/releases/" + id + ">");
    assertThat(PageClient.signedIn(port, "bob").get("/releases/" + id + "/evidence/json").status()).isEqualTo(403);
    assertThat(PageClient.signedIn(port, "bob").get("/releases/" + id + "/notes?audience=customer").status())
        .isEqualTo(200);
  }

  private long gated(long id) {
    workers().run("collect-change-set", id);
    assertThat(reportGate(id, "build", "PASSED").status()).isEqualTo(202);
    assertThat(reportGate(id, "tests", "PASSED").status()).isEqualTo(202);
    return id;
  }
}
