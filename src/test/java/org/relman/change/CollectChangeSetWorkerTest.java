package org.relman.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.externaltask.LockedExternalTask;
import org.relman.process.WorkResult;
import org.relman.testing.GitFixture;
import org.relman.testing.LockedTaskItem;
import org.relman.testing.RelmanTestBase;
import org.relman.testing.WorkerDriver;
import org.springframework.beans.factory.annotation.Autowired;

/** "Collect change set" against real repositories, delivered as the engine delivers it: sometimes twice. */
class CollectChangeSetWorkerTest extends RelmanTestBase {

  @Autowired
  CollectChangeSetWorker worker;

  @Test
  void collectingTwiceForOneReleaseLeavesOneCopyOfTheChanges() throws Exception {
    GitFixture repo = repository(3);
    long id = requestRelease("erin", version("2026.12"), repo);
    LockedExternalTask task = lock(id);

    // the first delivery does its work, then its worker dies before it can answer: the lock expires
    assertThat(worker.work(new LockedTaskItem(task))).isInstanceOf(WorkResult.Completed.class);
    assertThat(changeRows(id)).isEqualTo(3);
    // the task is delivered again and this time answered
    assertThat(workers().deliver(worker, task)).isInstanceOf(WorkResult.Completed.class);

    assertThat(changeRows(id)).isEqualTo(3);
    assertThat(jdbc.queryForList("SELECT sha FROM changes WHERE release_id = ? ORDER BY position", String.class, id))
        .doesNotHaveDuplicates()
        .first().isEqualTo(repo.head());
    JsonNode release = release(id);
    assertThat(release.get("status").asText()).isEqualTo("GATING");
    assertThat(release.get("changes").get("count").asInt()).isEqualTo(3);
  }

  @Test
  void redeliveryAfterNewCommitsReplacesTheChangesInsteadOfAddingToThem() throws Exception {
    GitFixture repo = repository(2);
    long id = requestRelease("erin", version("2026.12"), repo);
    LockedExternalTask task = lock(id);
    worker.work(new LockedTaskItem(task));

    repo.commit("fix: found while the first delivery was lost", "Alan Turing", "alan@example.org");
    workers().deliver(worker, task);

    assertThat(changeRows(id)).isEqualTo(3);
    assertThat(jdbc.queryForList("SELECT position FROM changes WHERE release_id = ? ORDER BY position", Integer.class, id))
        .containsExactly(0, 1, 2);
    assertThat(release(id).get("repository").get("toSha").asText()).isEqualTo(repo.head());
  }

  @Test
  void refThatDisappearsAfterTheRequestCancelsTheReleaseNamingTheRef() {
    GitFixture repo = repository(2);
    long id = requestRelease("erin", version("2026.12"), repo);
    repo.deleteTag("v1");

    WorkResult result = workers().run(CollectChangeSetWorker.TOPIC, id);

    assertThat(result).isInstanceOf(WorkResult.BusinessError.class);
    assertThat(((WorkResult.BusinessError) result).code()).isEqualTo("change-set-unavailable");
    JsonNode release = release(id);
    assertThat(release.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(release.get("cancelReason").asText()).contains("'v1'", repo.path().toString());
    assertThat(release.get("changes").get("count").asInt()).isZero();
    assertThat(auditActions(id)).contains("changes.unavailable").doesNotContain("changes.collected");
    List<String> reasons = jdbc.queryForList(
        "SELECT details FROM audit_events WHERE release_id = ? AND action = 'changes.unavailable'", String.class, id);
    assertThat(reasons).singleElement().asString().contains("'v1'");
    process(id)
        .hasPassedInOrder("release-requested", "collect-change-set", "change-set-unavailable",
            "release-cancelled-no-change-set")
        .hasNotPassed("await-gates")
        .isEndedAt("release-cancelled-no-change-set");
  }

  @Test
  void repositoryNoLongerAllowedWhenItsChangeSetIsCollectedStopsTheReleaseWithoutTouchingIt() {
    GitFixture repo = repository(2);
    long id = requestRelease("erin", version("2026.12"), repo);
    // requested while allowed; since then the operator narrowed relman.git.allowed-urls (here: the URL moved out)
    jdbc.update("UPDATE releases SET repository_url = ? WHERE id = ?", "/etc", id);

    WorkResult result = workers().run(CollectChangeSetWorker.TOPIC, id);

    assertThat(result).isInstanceOf(WorkResult.BusinessError.class);
    JsonNode release = release(id);
    assertThat(release.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(release.get("cancelReason").asText()).contains("relman.git.allowed-urls");
    assertThat(changeRows(id)).isZero();
  }

  @Test
  void unreachableRemoteIsRetriedAndDoesNotCancelTheRelease() {
    GitFixture repo = repository(1);
    var body = releaseRequest(version("2026.12"), repo, pastStart());
    body.put("repository", java.util.Map.of("url", "http://127.0.0.1:1/payments.git", "fromRef", "v1", "toRef", "main"));
    long id = requestRelease("erin", body);

    assertThatThrownBy(() -> workers().run(CollectChangeSetWorker.TOPIC, id))
        .isInstanceOfSatisfying(WorkerDriver.Failed.class, failed -> assertThat(failed.retriesLeft()).isEqualTo(2))
        .hasMessageContaining("127.0.0.1:1");

    JsonNode release = release(id);
    assertThat(release.get("status").asText()).isEqualTo("PLANNING");
    assertThat(release.get("cancelReason").isNull()).isTrue();
    assertThat(auditActions(id)).doesNotContain("changes.unavailable", "changes.collected");
  }

  @Test
  void redeliveryAfterTheChangeSetWasFoundUnavailableEndsTheReleaseAsTheFirstDeliveryDecided() throws Exception {
    GitFixture repo = repository(2);
    long id = requestRelease("erin", version("2026.12"), repo);
    repo.deleteTag("v1");
    LockedExternalTask task = lock(id);
    // the first delivery finds the ref gone and stops the release, then its worker dies before it can answer
    assertThat(worker.work(new LockedTaskItem(task))).isInstanceOf(WorkResult.BusinessError.class);

    repo.tag("v1");
    WorkResult again = workers().deliver(worker, task);

    JsonNode release = release(id);
    assertThat(again).isInstanceOf(WorkResult.BusinessError.class);
    assertThat(release.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(release.get("cancelReason").asText()).contains("'v1'");
  }

  @Test
  void releaseThatEndedMeanwhileIsLeftAlone() throws Exception {
    GitFixture repo = repository(2);
    long id = requestRelease("erin", version("2026.12"), repo);
    LockedExternalTask task = lock(id);
    assertThat(api("alice").post("/api/releases/" + id + "/cancel", java.util.Map.of("reason", "not this week")).status())
        .isEqualTo(202);
    assertThat(status(id)).isEqualTo("CANCELLED");

    WorkResult late = worker.work(new LockedTaskItem(task));

    assertThat(late).isInstanceOf(WorkResult.NothingToDo.class);
    assertThat(changeRows(id)).isZero();
    assertThat(auditActions(id)).doesNotContain("changes.collected", "changes.unavailable");
  }

  private LockedExternalTask lock(long id) {
    List<LockedExternalTask> locked = externalTasks.fetchAndLock(1, "test-driver")
        .topic(CollectChangeSetWorker.TOPIC, 60_000)
        .businessKey(String.valueOf(id))
        .execute();
    assertThat(locked).as("collect-change-set task of release %s", id).hasSize(1);
    return locked.get(0);
  }

  private long changeRows(long id) {
    Long rows = jdbc.queryForObject("SELECT COUNT(*) FROM changes WHERE release_id = ?", Long.class, id);
    return rows == null ? 0 : rows;
  }
}
