package org.relman.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Final release notes and the evidence export on MariaDB through Connector/J: the V7 table, the notes frozen in the
 * transaction that completes the release, and an export whose head is the one verify shows.
 */
class EvidenceMariaDbIT extends MariaDbReleaseTestBase {

  @DynamicPropertySource
  static void mariaDb(DynamicPropertyRegistry registry) {
    configure(registry, "relman_evidence_it", "it-evidence");
  }

  @Test
  void notesFreezeAndEvidenceExportsOnMariaDb() {
    assertThat(jdbc.queryForObject("SELECT VERSION()", String.class)).containsIgnoringCase("mariadb");
    GitFixture repo = GitFixture.create(temp.resolve("repo"));
    repo.commit("chore: initial import", "Ada Lovelace", "ada@example.org");
    repo.tag("v1");
    repo.commit("feat(refunds): partial refunds — für alle Karten", "Grace Hopper", "grace@example.org");
    repo.commit("fix!: fees in cents\n\nBREAKING CHANGE: amounts are integers now", "Ada Lovelace", "ada@example.org");
    repo.commit("chore: bump deps", "Grace Hopper", "grace@example.org");
    var body = Map.of("version", "2026.12.9", "services", List.of("refunds"),
        "plannedStart", Instant.parse("2024-06-12T10:00:00Z").toString(),
        "repository", Map.of("url", repo.path().toString(), "fromRef", "v1", "toRef", "main"),
        "rollbackPlan", "redeploy the previous version");
    Api.Response created = api("erin").post("/api/releases", body);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    long id = created.json().get("id").asLong();
    awaitStatus(id, "GATING");
    passGates(id, List.of("build", "tests"));
    awaitStatus(id, "AWAITING_APPROVAL");
    completeTask(id, "go-no-go", "alice", Map.of("decision", "GO", "reasoning", "Gates green on MariaDB"));
    awaitStatus(id, "IN_REVIEW");
    completeTask(id, "post-release-review", "rita", Map.of("summary", "Smooth"));
    awaitStatus(id, "COMPLETED");

    Api.Response notes = api("erin").get("/api/releases/" + id + "/notes?audience=customer");
    assertThat(notes.headers().firstValue("Relman-Notes-State")).hasValue("final");
    assertThat(notes.body()).contains("Released on ", " to staging, production.", "## Breaking changes\n\n- fees in cents (",
        "  - amounts are integers now", "- **refunds:** partial refunds — für alle Karten (").doesNotContain("bump deps");
    jdbc.update("UPDATE changes SET subject = 'feat: tampered' WHERE release_id = ?", id);
    assertThat(api("erin").get("/api/releases/" + id + "/notes?audience=customer").body()).isEqualTo(notes.body());
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM release_notes WHERE release_id = ?", Integer.class, id)).isEqualTo(2);

    JsonNode bundle = api("frank").get("/api/releases/" + id + "/evidence").json();
    assertThat(bundle.get("release").get("status").asText()).isEqualTo("COMPLETED");
    assertThat(bundle.get("changeSet").get("commitCount").asInt()).isEqualTo(3);
    assertThat(bundle.get("goNoGo").get(0).get("by").asText()).isEqualTo("alice");
    assertThat(bundle.get("environments").findValuesAsText("state")).containsExactly("PROMOTED", "PROMOTED");
    assertThat(bundle.get("releaseNotes").findValuesAsText("state")).containsExactly("final", "final");
    JsonNode events = bundle.get("auditEvents");
    assertThat(events.get(events.size() - 1).get("action").asText()).isEqualTo("evidence.exported");
    JsonNode verify = api("frank").get("/api/audit/verify").json();
    assertThat(verify.get("valid").asBoolean()).isTrue();
    assertThat(verify.get("head").asText()).isEqualTo(bundle.get("auditHead").get("hash").asText());

    Api.Response markdown = api("alice").send(api("alice").request("/api/releases/" + id + "/evidence")
        .header("Accept", "text/markdown"));
    assertThat(markdown.status()).isEqualTo(200);
    // the bundle shows the rows as they are now; the frozen notes above kept what they were
    assertThat(markdown.body()).startsWith("# Evidence: release 2026.12.9").contains("| feat: tampered |");
    assertThat(api("erin").get("/api/releases/" + id + "/evidence").status()).isEqualTo(403);
  }
}
