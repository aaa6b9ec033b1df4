package org.relman.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.operaton.bpm.engine.task.Task;
import org.relman.shared.Db;
import org.relman.testing.CommandTally;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A person's task list costs the same few reads however many tasks it holds: before, each task took four reads of its
 * own (its record, its release's version, its candidate groups, its escalation), 380 ms for 100 tasks on MariaDB.
 */
class TaskListQueriesTest extends RelmanTestBase {

  @Autowired
  private TaskList taskList;
  @Autowired
  private TaskRecords records;

  @Test
  void listingTwelveTasksRunsTheSameEngineCommandsAsListingTwo() {
    List<Task> found = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      found.add(task(atGoNoGo("erin"), "go-no-go"));
    }

    Map<String, Integer> forTwo = CommandTally.of(() -> assertThat(taskList.summaries(found.subList(0, 2))).hasSize(2));
    Map<String, Integer> forTwelve = CommandTally.of(() -> assertThat(taskList.summaries(found)).hasSize(12)
        .allSatisfy(summary -> {
          assertThat(summary.kind()).isEqualTo("go-no-go");
          assertThat(summary.releaseVersion()).startsWith("2026.12.");
          assertThat(summary.candidateGroups()).containsExactly("release-managers");
        }));

    assertThat(forTwo).as("the list reads the engine").isNotEmpty();
    // before: two commands a task (its candidate groups, its escalation), and two reads of relman's own tables
    assertThat(forTwelve).as("the engine commands for 12 tasks against those for 2").isEqualTo(forTwo);
  }

  @Test
  void recordsAreReadAFewHundredAtATime() {
    long id = atGoNoGo("erin");
    String real = task(id, "go-no-go").getId();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2 * Db.IN_LIST + 7; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    ids.add(Db.IN_LIST + 3, real);

    assertThat(records.findAll(ids)).containsOnlyKeys(real)
        .hasEntrySatisfying(real, record -> assertThat(record.releaseId()).isEqualTo(id));
  }

}
