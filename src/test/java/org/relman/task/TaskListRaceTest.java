package org.relman.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.task.Task;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The task list reads each task's groups and variables in commands of their own, after the query that found it; a task
 * another person or node finished in between is left out of the list, not a 500 (seen with many people at work in the
 * cluster test).
 */
class TaskListRaceTest extends RelmanTestBase {

  @Autowired
  TaskList taskList;

  @Test
  void aTaskFinishedAfterTheListsQueryIsLeftOutNotAnError() {
    long cancelled = atGoNoGo("erin");
    long open = atGoNoGo("erin");
    List<Task> found = List.of(task(cancelled, "go-no-go"), task(open, "go-no-go"));
    assertThat(taskList.summaries(found)).as("both open").extracting(TaskList.Summary::releaseId)
        .containsExactlyInAnyOrder(cancelled, open);

    assertThat(api("alice").post("/api/releases/" + cancelled + "/cancel", Map.of("reason", "Superseded")).status())
        .isEqualTo(202);

    assertThat(taskList.summaries(found)).as("the tasks the query found, one cancelled since").singleElement()
        .satisfies(summary -> {
          assertThat(summary.releaseId()).isEqualTo(open);
          assertThat(summary.candidateGroups()).contains("release-managers");
        });
  }
}
