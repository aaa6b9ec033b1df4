package org.relman.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.relman.shared.Db;
import org.relman.shared.NodeName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends what the outbox holds, on a thread of its own: every {@code poll-interval}, and at once when a transaction that
 * queued a delivery has committed ({@link #wake()}). A failed attempt is tried again after an exponential backoff, up
 * to {@code retry.max-attempts}, then recorded as given up. Nothing here runs in a release's transaction or thread, so
 * a dead SMTP server or a failing webhook never slows down or fails a release.
 *
 * <p>Several nodes on one database each run a dispatcher: a delivery is claimed with {@code FOR UPDATE SKIP LOCKED}
 * and a conditional lease ({@link Deliveries#claimNext}), so exactly one node sends it. A node whose
 * {@code relman.node.role} is {@code api} runs none; what it queues goes out at the next poll of another node.
 */
@Component
class NotificationDispatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);

  private final Deliveries deliveries;
  private final Map<Channel, Messenger> messengers = new EnumMap<>(Channel.class);
  private final NotificationProperties properties;
  private final Clock clock;
  private final NotificationMeters meters;
  private final String node;
  private final boolean enabled;
  private final AtomicBoolean woken = new AtomicBoolean();
  private volatile ScheduledExecutorService executor;

  NotificationDispatcher(Deliveries deliveries, List<Messenger> messengers, NotificationProperties properties, Clock clock,
      NotificationMeters meters, org.relman.RelmanProperties relman) {
    this.enabled = relman.node().role().runsBackgroundWork();
    this.deliveries = deliveries;
    messengers.forEach(m -> this.messengers.put(m.channel(), m));
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.node = NodeName.draw();
  }

  /** Delivers what is due soon, without waiting for the next poll; returns at once. */
  void wake() {
    ScheduledExecutorService running = executor;
    if (running == null || !woken.compareAndSet(false, true)) {
      return;
    }
    try {
      running.execute(() -> {
        woken.set(false);
        dispatchDue();
      });
    } catch (RejectedExecutionException e) {
      woken.set(false);
    }
  }

  /** Sends every delivery that is due now, one at a time, until none is left that this node can claim. */
  void dispatchDue() {
    try {
      Optional<Delivery> next;
      while (executor != null && (next = deliveries.claimNext(node, Db.now(clock), lease())).isPresent()) {
        attempt(next.get());
      }
    } catch (RuntimeException e) {
      // a database hiccup: the next poll tries again; never let it end the scheduled polling
      log.warn("Notification dispatch interrupted, trying again in {}: {}", properties.pollInterval(), e.toString());
    }
  }

  private void attempt(Delivery delivery) {
    int attempt = delivery.attempts() + 1;
    Messenger messenger = messengers.get(delivery.channel());
    try {
      messenger.send(delivery);
      if (!deliveries.delivered(delivery.id(), node, attempt, Db.now(clock))) {
        log.warn("Notification {} was sent but its lease had passed to another node", delivery.id());
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      String error = describe(e);
      Instant now = Db.now(clock);
      boolean last = attempt >= properties.retry().maxAttempts();
      Instant next = last ? null : now.plus(properties.retry().backoffAfter(attempt));
      deliveries.attemptFailed(delivery.id(), node, attempt, now, error, next);
      meters.failed(delivery.channel(), last);
      if (last) {
        log.warn("Gave up notification {} ({} of release {} by {}) after {} attempts: {}", delivery.id(),
            delivery.event().key(), delivery.releaseId(), delivery.channel().key(), attempt, error);
      } else {
        log.info("Notification {} ({} by {}) failed (attempt {} of {}), next at {}: {}", delivery.id(),
            delivery.event().key(), delivery.channel().key(), attempt, properties.retry().maxAttempts(), next, error);
      }
    }
  }

  /** Longer than one attempt can take, so a slow send is not taken over by another node while it is still going. */
  private Duration lease() {
    return properties.timeout().multipliedBy(4).plusSeconds(30);
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 1500; t = t.getCause() == t ? null : t.getCause()) {
      if (!text.isEmpty()) {
        text.append(" <- ");
      }
      text.append(t.getClass().getSimpleName()).append(t.getMessage() == null ? "" : ": " + t.getMessage());
    }
    return text.toString();
  }

  String node() {
    return node;
  }

  @Override
  public void start() {
    if (!enabled) {
      log.info("Notification dispatcher off: relman.node.role is api, other nodes send the notifications");
      return;
    }
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "relman-notifications");
      thread.setDaemon(true);
      return thread;
    });
    executor = started;
    long poll = properties.pollInterval().toMillis();
    // the first round delivers what an earlier run left queued
    started.scheduleWithFixedDelay(this::dispatchDue, Math.min(poll, 2000), poll, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    ScheduledExecutorService running = executor;
    executor = null;
    if (running == null) {
      return;
    }
    running.shutdown();
    try {
      // an attempt in flight may finish and record its outcome; otherwise its lease runs out and it is sent again
      if (!running.awaitTermination(properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
