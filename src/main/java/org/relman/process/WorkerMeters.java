package org.relman.process;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code relman_external_task_pickup_seconds{topic}}: how long an external task waited between its creation in the
 * engine and a worker fetching it. Growing values mean the workers cannot keep up (raise
 * {@code relman.workers.concurrency}, or run more worker nodes). One timer per worker topic, there from the start.
 */
@Component
class WorkerMeters {

  private final MeterRegistry registry;
  private final Clock clock;
  private final BenchProbe bench;

  WorkerMeters(MeterRegistry registry, Clock clock, List<Worker> workers, ObjectProvider<BenchProbe> bench) {
    this.registry = registry;
    this.clock = clock;
    this.bench = bench.getIfAvailable();
    workers.forEach(worker -> timer(worker.topic()));
  }

  /** A worker fetched a task of {@code topic} created at {@code created}; nothing is recorded without that time. */
  void pickedUp(String topic, Date created, String activityInstanceId) {
    if (bench != null) {
      bench.pickedUp(activityInstanceId);
    }
    if (created == null) {
      return;
    }
    Duration waited = Duration.between(created.toInstant(), clock.instant());
    timer(topic).record(waited.isNegative() ? Duration.ZERO : waited);
  }

  private Timer timer(String topic) {
    return Timer.builder("relman.external.task.pickup")
        .description("How long external tasks waited for a worker to fetch them")
        .tag("topic", topic)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(30))
        .register(registry);
  }
}
