package org.relman.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * relman's clock in promotion tests: real time plus an offset that a test moves forward, so soak windows and callback
 * deadlines pass without waiting. It keeps ticking (a step that polls until a deadline, like verification, still
 * ends) and never goes back, so timestamps across tests stay in order.
 */
public final class MutableClock extends Clock {

  private final AtomicReference<Duration> offset;
  private final ZoneId zone;

  public MutableClock() {
    this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
  }

  private MutableClock(AtomicReference<Duration> offset, ZoneId zone) {
    this.offset = offset;
    this.zone = zone;
  }

  /** Moves relman's time forward by {@code duration}. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("relman's clock only moves forward, not by " + duration);
    }
    offset.accumulateAndGet(duration, Duration::plus);
  }

  /** Now, in unix seconds: what a signed callback puts in X-Relman-Timestamp. */
  public long epochSecond() {
    return instant().getEpochSecond();
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new MutableClock(offset, other);
  }
}
