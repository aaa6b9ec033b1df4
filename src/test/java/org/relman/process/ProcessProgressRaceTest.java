package org.relman.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A release's progress is read in several commands while it moves on: a step whose execution ended between the
 * activity tree and the read of its subject is named without it, not a 500 of the release view (seen on MariaDB in the
 * cluster test).
 */
class ProcessProgressRaceTest extends RelmanTestBase {

  @Autowired
  ProcessProgress progress;

  @Test
  void aStepWhoseExecutionEndedMeanwhileIsNamedWithoutItsSubject() {
    assertThat(progress.describe("Wait for the gate report: ${releaseLabel}", new String[] {"an-execution-that-ended"}))
        .isEqualTo("Wait for the gate report");
  }

  @Test
  void aRunningStepIsNamedWithItsSubject() {
    long id = requestRelease("erin", version("2026.12"), repository(1));
    workers().run("collect-change-set", id);

    assertThat(release(id).get("currentSteps").toString()).contains("(build)", "(tests)");
  }
}
