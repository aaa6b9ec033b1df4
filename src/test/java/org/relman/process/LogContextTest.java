package org.relman.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.relman.shared.LogContext;
import org.slf4j.MDC;

/** Every line a worker logs while it works on a release carries the release's id (MDC {@code releaseId}). */
class LogContextTest {

  @Test
  void aWorkersStepRunsWithTheReleaseInTheLogContextAndLeavesItClean() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Worker worker = mock(Worker.class);
    when(worker.topic()).thenReturn("collect-change-set");
    when(worker.work(org.mockito.ArgumentMatchers.any())).thenAnswer(call -> {
      seen.set(MDC.get(LogContext.RELEASE_ID));
      return WorkResult.completed(java.util.Map.of());
    });
    WorkItem item = mock(WorkItem.class);
    when(item.businessKey()).thenReturn("42");

    WorkAnswers.work(worker, item, mock(DeliveredTask.class));

    assertThat(seen.get()).isEqualTo("42");
    assertThat(MDC.get(LogContext.RELEASE_ID)).isNull();
  }

  @Test
  void aNestedScopeGivesBackTheOuterRelease() {
    try (LogContext.Scope outer = LogContext.release(7L)) {
      try (LogContext.Scope inner = LogContext.release(8L)) {
        assertThat(MDC.get(LogContext.RELEASE_ID)).isEqualTo("8");
      }
      assertThat(MDC.get(LogContext.RELEASE_ID)).isEqualTo("7");
    }
    assertThat(MDC.get(LogContext.RELEASE_ID)).isNull();
  }
}
