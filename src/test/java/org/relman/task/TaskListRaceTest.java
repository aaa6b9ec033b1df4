package org.relman.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.task.Task;
import org.relman.testing.Api;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The task list reads its tasks' records, versions and escalations after the query that found them; a task another
 * person or node finished in between is listed as the query found it, not a 500 (seen with many people at work in the
 * cluster test, when each task's groups were read in a command of its own), and acting on it is answered "already
 * done".
 */
class TaskListRaceTest extends RelmanTestBase {

  @Autowired
  TaskList taskList;

  @Test
  void aTaskFinishedAfterTheListsQueryIsListedAsFoundNotAnError() {
    long cancelled = atGoNoGo("erin");
    long open = atGoNoGo("erin");
    List<Task> found = List.of(task(cancelled, "go-no-go"), task(open, "go-no-go"));
    String cancelledTask = found.get(0).getId();
    assertThat(taskList.summaries(found)).as("both open").extracting(TaskList.Summary::releaseId)
        .containsExactlyInAnyOrder(cancelled, open);

    assertThat(api("alice").post("/api/releases/" + cancelled + "/cancel", Map.of("reason", "Superseded")).status())
        .isEqualTo(202);

    assertThat(taskList.summaries(found)).as("the tasks the query found, one cancelled since").hasSize(2)
        .allSatisfy(summary -> {
          assertThat(summary.kind()).isEqualTo("go-no-go");
          assertThat(summary.candidateGroups()).contains("release-managers");
        });
    Api.Response late = complete("alice", cancelledTask, Map.of("decision", "GO", "reasoning", "Too late"));
    assertThat(late.status()).as("%s", late).isEqualTo(409);
    assertThat(late.body()).contains("is already done");
  }
}
