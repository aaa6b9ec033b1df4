package org.relman.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.relman.RelmanProperties;
import org.relman.shared.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The four DORA metrics as gauges per service over the last {@code relman.metrics.dora-window}:
 * {@code relman_dora_deployments_per_day}, {@code relman_dora_lead_time_seconds} (median),
 * {@code relman_dora_change_failure_rate} and {@code relman_dora_time_to_restore_seconds} (median), each with a
 * {@code service} label; {@code service="_all"} is every release (no service can be named so). One report per service
 * costs a few queries (a year of 50 services: a few hundred milliseconds), so they are computed every
 * {@code relman.metrics.dora-refresh} in the background, never while Prometheus scrapes; a value without data (no
 * lead times yet) is NaN.
 */
@Component
class DoraGauges {

  static final String ALL = "_all";
  private static final Logger log = LoggerFactory.getLogger(DoraGauges.class);

  private final DoraMetrics dora;
  private final NamedParameterJdbcTemplate jdbc;
  private final Clock clock;
  private final Duration window;
  private final MultiGauge frequency;
  private final MultiGauge leadTime;
  private final MultiGauge failureRate;
  private final MultiGauge timeToRestore;
  private final AtomicBoolean refreshing = new AtomicBoolean();

  DoraGauges(DoraMetrics dora, NamedParameterJdbcTemplate jdbc, Clock clock, RelmanProperties properties,
      MeterRegistry registry) {
    this.dora = dora;
    this.jdbc = jdbc;
    this.clock = clock;
    this.window = properties.metrics().doraWindow();
    frequency = MultiGauge.builder("relman.dora.deployments.per.day")
        .description("DORA deployment frequency: successful production deployments per day over the window")
        .register(registry);
    leadTime = MultiGauge.builder("relman.dora.lead.time").baseUnit("seconds")
        .description("DORA lead time for changes: median from commit to production over the window").register(registry);
    failureRate = MultiGauge.builder("relman.dora.change.failure.rate")
        .description("DORA change failure rate: failed production deployments over all of them in the window, 0 to 1")
        .register(registry);
    timeToRestore = MultiGauge.builder("relman.dora.time.to.restore").baseUnit("seconds")
        .description("DORA time to restore: median from a failure to its restoration over the window").register(registry);
  }

  /** The first values right after start-up, off the start-up path. */
  @EventListener(ApplicationReadyEvent.class)
  void started() {
    Thread thread = new Thread(this::refresh, "relman-dora-gauges");
    thread.setDaemon(true);
    thread.start();
  }

  /** Computes every service's metrics again; a refresh still running is not started twice. */
  @Scheduled(fixedDelayString = "${relman.metrics.dora-refresh:PT15M}", initialDelayString = "${relman.metrics.dora-refresh:PT15M}")
  void refresh() {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    try {
      Instant to = clock.instant();
      Instant from = to.minus(window);
      List<DoraReport> reports = new ArrayList<>();
      reports.add(dora.report(from, to, null));
      for (String service : services(from, to)) {
        reports.add(dora.report(from, to, service));
      }
      frequency.register(rows(reports, r -> r.deploymentFrequency().perDay()), true);
      leadTime.register(rows(reports, r -> number(r.leadTimeForChanges().medianSeconds())), true);
      failureRate.register(rows(reports, r -> number(r.changeFailureRate().rate())), true);
      timeToRestore.register(rows(reports, r -> number(r.timeToRestore().medianSeconds())), true);
    } catch (RuntimeException e) {
      log.warn("Could not compute the DORA gauges; they keep their last values: {}", e.toString());
    } finally {
      refreshing.set(false);
    }
  }

  private List<String> services(Instant from, Instant to) {
    return jdbc.queryForList("SELECT DISTINCT s.service FROM release_services s JOIN dora_deployments d"
        + " ON d.release_id = s.release_id WHERE d.finished_at >= :from AND d.finished_at < :to ORDER BY s.service",
        new MapSqlParameterSource("from", Db.param(from)).addValue("to", Db.param(to)), String.class);
  }

  private static List<MultiGauge.Row<?>> rows(List<DoraReport> reports, ToDoubleFunction<DoraReport> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (DoraReport report : reports) {
      double v = value.applyAsDouble(report);
      rows.add(MultiGauge.Row.of(Tags.of("service", report.service() == null ? ALL : report.service()), v));
    }
    return rows;
  }

  private static double number(Number value) {
    return value == null ? Double.NaN : value.doubleValue();
  }
}
