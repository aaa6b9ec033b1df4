package org.relman.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relman.testing.Problems.assertInvalid;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.relman.process.WorkResult;
import org.relman.testing.Api;
import org.relman.testing.GitFixture;
import org.relman.testing.HardenedTestBase;

/**
 * A release whose repository is reached over SSH, through the whole path: requested over the API with an
 * {@code ssh://} or scp-like URL, its change set collected by the "Collect change set" worker from a real SSH server
 * with the key, known hosts and ssh config in relman's settings.
 */
class CollectChangeSetOverSshTest extends HardenedTestBase {

  @Test
  void releaseWithAnSshUrlGetsItsChangeSetFromTheServer() {
    String name = "payments-" + System.nanoTime() + ".git";
    try (GitFixture work = GitFixture.withChanges(temp.resolve("work"), 3)) {
      serve(work, name);
      long id = request(SSH.url(name));

      WorkResult result = workers().run(CollectChangeSetWorker.TOPIC, id);

      assertThat(result).isInstanceOf(WorkResult.Completed.class);
      JsonNode release = release(id);
      assertThat(release.get("status").asText()).isEqualTo("GATING");
      assertThat(release.get("changes").get("count").asInt()).isEqualTo(3);
      assertThat(release.get("repository").get("url").asText()).isEqualTo(SSH.url(name));
      assertThat(release.get("repository").get("toSha").asText()).isEqualTo(work.head());
      assertThat(SSH.commands()).anyMatch(command -> command.contains(name));
    }
  }

  @Test
  void releaseWithTheScpLikeFormReachesTheServerThroughTheConfiguredHostAlias() {
    String name = "ledger-" + System.nanoTime() + ".git";
    try (GitFixture work = GitFixture.withChanges(temp.resolve("work"), 0)) {
      RevCommit fix = work.commit("fix(ledger): balance after refunds", "Alan Turing", "alan@example.org");
      serve(work, name);
      String url = "git@" + SSH_ALIAS + ":" + name;
      long id = request(url);

      assertThat(workers().run(CollectChangeSetWorker.TOPIC, id)).isInstanceOf(WorkResult.Completed.class);

      assertThat(jdbc.queryForList("SELECT sha FROM changes WHERE release_id = ? ORDER BY position", String.class, id))
          .containsExactly(fix.name());
      assertThat(auditActions(id)).contains("changes.collected");
    }
  }

  @Test
  void sshUrlOfAHostNotAllowedIsRefusedAndChangesNothing() {
    long releasesBefore = count("releases");
    long auditBefore = count("audit_events");
    Map<String, Object> body = releaseRequest(version("2026.12"), repository(1), pastStart());
    body.put("repository", Map.of("url", "ssh://git@127.0.0.2:" + SSH.port() + "/payments.git", "fromRef", "v1",
        "toRef", "main"));

    Api.Response response = api("erin").post("/api/releases", body);

    assertInvalid(response, "repository.url");
    assertThat(List.of(count("releases"), count("audit_events"))).containsExactly(releasesBefore, auditBefore);
  }

  private long request(String url) {
    Map<String, Object> body = releaseRequest(version("2026.12"), repository(0), pastStart());
    body.put("repository", Map.of("url", url, "fromRef", "v1", "toRef", "main"));
    return requestRelease("erin", body);
  }
}
