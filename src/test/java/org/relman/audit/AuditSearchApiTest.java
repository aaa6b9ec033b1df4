package org.relman.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;

/** {@code GET /api/audit}: the trail searched by release, actor and action, newest first, a page at a time. */
class AuditSearchApiTest extends RelmanTestBase {

  @Test
  void aReleaseIsFoundByVersionOrIdAndItsEventsComeNewestFirst() {
    String version = version("audit");
    long id = requestRelease("erin", version, repository(1));
    workers().run("collect-change-set", id);
    List<String> trail = auditActions(id);

    for (String release : List.of(version, String.valueOf(id))) {
      Api.Response found = api("frank").get("/api/audit?release=" + release);
      assertThat(found.status()).as("%s", found).isEqualTo(200);
      assertThat(found.json().path("total").asLong()).isEqualTo(trail.size());
      List<String> actions = new ArrayList<>(found.json().path("items").findValuesAsText("action"));
      java.util.Collections.reverse(actions);
      assertThat(actions).isEqualTo(trail);
      assertThat(found.json().path("items").findValuesAsText("releaseId")).containsOnly(String.valueOf(id));
    }
  }

  @Test
  void actorAndActionNarrowTheSearchAndAnActionMatchesUpToADot() {
    String version = version("audit");
    long id = requestRelease("erin", version, repository(1));

    JsonNode byErin = api("alice").get("/api/audit?release=" + id + "&actor=erin&action=release").json();
    assertThat(byErin.path("items").findValuesAsText("action")).contains("release.requested")
        .allSatisfy(action -> assertThat(action).startsWith("release."));
    assertThat(byErin.path("items").findValuesAsText("actor")).containsOnly("erin");

    JsonNode exact = api("alice").get("/api/audit?release=" + id + "&action=release.requested").json();
    assertThat(exact.path("total").asLong()).isEqualTo(1);
    assertThat(api("alice").get("/api/audit?release=" + id + "&action=release.req").json().path("total").asLong())
        .as("a prefix counts only up to a dot").isZero();
    assertThat(api("alice").get("/api/audit?release=no-such-release").json().path("total").asLong()).isZero();
  }

  @Test
  void pagesAreCountedFromZeroWithTheTotal() {
    long id = requestRelease("erin", version("audit"), repository(1));
    workers().run("collect-change-set", id);
    int events = auditActions(id).size();
    assertThat(events).isGreaterThan(2);

    JsonNode first = api("frank").get("/api/audit?release=" + id + "&size=2").json();
    JsonNode second = api("frank").get("/api/audit?release=" + id + "&size=2&page=1").json();

    assertThat(first.path("items")).hasSize(2);
    assertThat(first.path("total").asInt()).isEqualTo(events);
    assertThat(second.path("page").asInt()).isEqualTo(1);
    assertThat(second.path("items").get(0).path("seq").asLong())
        .isLessThan(first.path("items").get(1).path("seq").asLong());
  }

  @Test
  void badParametersAreEachNamed() {
    Api.Response response = api("frank").get("/api/audit?release=a%20b&action=drop%20table&page=-1&size=1000&actor="
        + "x".repeat(65));

    assertInvalid(response, "release", "action", "page", "size", "actor");
  }

  @Test
  void onlyAuditorsAndReleaseManagersMaySearch() {
    assertThat(api("bob").get("/api/audit").status()).isEqualTo(403);
    assertThat(api("erin").get("/api/audit").status()).isEqualTo(403);
    assertThat(api(null).get("/api/audit").status()).isEqualTo(401);
  }
}
