package org.relman.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.relman.release.Releases;
import org.relman.testing.PageClient;
import org.relman.testing.PagesTestBase;

/** The board lists releases with what they are and where they stand, filters them, and answers htmx with rows. */
class BoardPageTest extends PagesTestBase {

  @org.springframework.beans.factory.annotation.Autowired
  Releases releases;

  @Test
  void theCurrentStepOnTheBoardIsTheOneTheApiNames() {
    long id = awaitingQaSignOff("erin");
    String step = release(id).get("currentSteps").get(0).asText();

    String rows = signedIn("frank").htmx("/releases?version=" + release(id).get("version").asText()).body();

    assertThat(step).isEqualTo("Approve release (qa)");
    assertThat(rows).contains(step);
  }


  @Test
  void aNewReleaseIsOnTheBoardWithItsServicesRequesterAndCurrentStep() {
    String version = version("2031.1");
    long id = requestRelease("erin", version, repository(1));

    PageClient.Page board = PageClient.signedIn(port, "frank").get("/releases?version=" + version);

    assertThat(board.status()).isEqualTo(200);
    assertThat(board.body()).contains("href=\"/releases/" + id + "\"").contains(version).contains("erin")
        .contains(services(id).split(",")[0]).contains("Collect change set");
  }

  @Test
  void theVersionSearchFindsReleasesByTheStartOfTheirVersionOnly() {
    String prefix = "2032." + System.nanoTime() % 100000;
    long first = requestRelease("erin", prefix + ".1", repository(1));
    long second = requestRelease("alice", prefix + ".2", repository(1));
    requestRelease("alice", "x" + prefix + ".3", repository(1));

    String rows = PageClient.signedIn(port, "bob").htmx("/releases?version=" + prefix).body();

    assertThat(rows).doesNotContain("<html").contains("2 releases")
        .contains("/releases/" + first + "\"").contains("/releases/" + second + "\"");
    var criteria = new Releases.Criteria(null, null, null, null, 0, 25, null, prefix);
    assertThat(releases.search(criteria).total()).isEqualTo(2);
    assertThat(releases.search(criteria, 1).total()).as("counted up to 1: at least 1").isEqualTo(1);
    assertThat(releases.search(criteria, 1).items()).hasSize(2);
  }

  @Test
  void filtersThatCannotBeUsedAreNamedNextToTheirFieldAndAnswer400() {
    PageClient.Page board = PageClient.signedIn(port, "bob").get("/releases?status=NOPE&from=yesterday&version=a%20b");

    assertThat(board.status()).isEqualTo(400);
    assertThat(board.body()).contains("Status is not a release status").contains("From must be a date")
        .contains("Version may hold letters");
  }

  @Test
  void onlyEngineersAndReleaseManagersAreOfferedTheRequestButton() {
    assertThat(PageClient.signedIn(port, "erin").get("/releases").body()).contains("Request a release");
    assertThat(PageClient.signedIn(port, "alice").get("/releases").body()).contains("Request a release");
    assertThat(PageClient.signedIn(port, "frank").get("/releases").body()).doesNotContain("Request a release");
  }
}
