package org.relman.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationContext;

/**
 * The outbox's claim as another node would use it, for tests outside this package (the MariaDB IT): claims and marks
 * delivered, one at a time, every delivery due at {@code now} that no other node holds.
 */
public final class NotificationTestAccess {

  private final Deliveries deliveries;

  private NotificationTestAccess(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  public static NotificationTestAccess of(ApplicationContext context) {
    return new NotificationTestAccess(context.getBean(Deliveries.class));
  }

  public List<Long> claimAll(String node, Instant now) {
    List<Long> mine = new ArrayList<>();
    for (Optional<Delivery> d; (d = deliveries.claimNext(node, now, Duration.ofMinutes(5))).isPresent(); ) {
      mine.add(d.get().id());
      if (!deliveries.delivered(d.get().id(), node, 1, now)) {
        throw new AssertionError("lost the lease of " + d.get().id());
      }
    }
    return mine;
  }
}
