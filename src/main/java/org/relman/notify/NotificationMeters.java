package org.relman.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.relman.RelmanProperties;
import org.springframework.stereotype.Component;

/**
 * The outbox's meters: {@code relman_notifications_pending} (deliveries queued or waiting for a retry, read at most once
 * per {@code relman.metrics.cache-for}), {@code relman_notification_failures_total{channel}} (failed attempts) and
 * {@code relman_notifications_given_up_total{channel}} (deliveries recorded as failed after the last attempt).
 */
@Component
class NotificationMeters {

  private final MeterRegistry registry;
  private final Deliveries deliveries;
  private final Clock clock;
  private final Duration cacheFor;
  private volatile long pending;
  private volatile Instant readAt = Instant.MIN;

  NotificationMeters(MeterRegistry registry, Deliveries deliveries, Clock clock, RelmanProperties properties) {
    this.registry = registry;
    this.deliveries = deliveries;
    this.clock = clock;
    this.cacheFor = properties.metrics().cacheFor();
    Gauge.builder("relman.notifications.pending", this, NotificationMeters::pending)
        .description("Notifications queued or waiting for a retry").register(registry);
    for (Channel channel : Channel.values()) {
      failures(channel);
      givenUp(channel);
    }
  }

  /** A delivery attempt failed; {@code gaveUp}: it was the last one. */
  void failed(Channel channel, boolean gaveUp) {
    failures(channel).increment();
    if (gaveUp) {
      givenUp(channel).increment();
    }
  }

  private synchronized double pending() {
    Instant now = clock.instant();
    if (now.isAfter(readAt.plus(cacheFor))) {
      pending = deliveries.pending();
      readAt = now;
    }
    return pending;
  }

  private Counter failures(Channel channel) {
    return Counter.builder("relman.notification.failures").description("Failed notification delivery attempts")
        .tag("channel", channel.key()).register(registry);
  }

  private Counter givenUp(Channel channel) {
    return Counter.builder("relman.notifications.given.up")
        .description("Notifications recorded as failed after their last attempt").tag("channel", channel.key())
        .register(registry);
  }
}
