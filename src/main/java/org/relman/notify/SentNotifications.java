package org.relman.notify;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

/** The notifications of a release and how their delivery went, for relman's pages: read only, secrets redacted. */
@Component
public class SentNotifications {

  /** One notification to one target: e-mail recipients, or a webhook's scheme and host only. */
  public record Sent(String event, String channel, String to, String subject, String status, int attempts,
      Instant createdAt, Instant deliveredAt, String lastError) {}

  private final Deliveries deliveries;

  SentNotifications(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  public List<Sent> forRelease(long releaseId) {
    return deliveries.forRelease(releaseId, null).stream().map(d -> new Sent(d.event().key(), d.channel().key(),
        d.channel() == Channel.EMAIL ? d.target().replace(",", ", ") : Deliveries.redact(d.target()), d.subject(),
        d.status(), d.attempts(), d.createdAt(), d.deliveredAt(), d.lastError())).toList();
  }
}
