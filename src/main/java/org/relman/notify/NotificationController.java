package org.relman.notify;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.relman.http.QueryParameters;
import org.relman.release.Releases;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.relman.shared.NotFound;

@RestController
@Tag(name = "Notifications", description = "E-mail and webhook notifications sent at a release's milestones")
class NotificationController {

  /** A delivery's state as the API filters it. */
  enum State { PENDING, DELIVERED, FAILED }

  /**
   * One notification to one target. {@code to} lists the e-mail recipients; {@code target} is the webhook's scheme and
   * host only (the rest of a Slack webhook URL is its secret). {@code gaveUp}: no more attempts will be made.
   */
  record NotificationView(long id, String event, String channel, List<String> to, String target, String subject,
      String text, String status, int attempts, Instant createdAt, Instant nextAttemptAt, Instant lastAttemptAt,
      Instant deliveredAt, String lastError, boolean gaveUp) {

    static NotificationView of(Delivery d) {
      boolean email = d.channel() == Channel.EMAIL;
      return new NotificationView(d.id(), d.event().key(), d.channel().key(),
          email ? List.of(d.target().split(",")) : List.of(), email ? null : Deliveries.redact(d.target()), d.subject(),
          d.body(), d.status(), d.attempts(), d.createdAt(),
          Delivery.PENDING.equals(d.status()) ? d.nextAttemptAt() : null, d.lastAttemptAt(), d.deliveredAt(),
          d.lastError(), Delivery.FAILED.equals(d.status()));
    }
  }

  private final Deliveries deliveries;
  private final Releases releases;

  NotificationController(Deliveries deliveries, Releases releases) {
    this.deliveries = deliveries;
    this.releases = releases;
  }

  @GetMapping("/api/releases/{id}/notifications")
  @Operation(summary = "The notifications of a release and how their delivery went, oldest first",
      description = "One entry per milestone and channel (e-mail to its recipients, or a webhook). status: PENDING"
          + " (queued or waiting for a retry at nextAttemptAt), DELIVERED (deliveredAt), FAILED (gave up after"
          + " attempts; lastError says why). Filter with status=PENDING|DELIVERED|FAILED.")
  List<NotificationView> list(@PathVariable long id, @RequestParam(name = "status", required = false)
      @Parameter(schema = @Schema(implementation = State.class)) String statusText) {
    // read as text: a typed parameter takes the first of a repeated one and reads "%00" as absent
    QueryParameters query = new QueryParameters();
    State status = query.oneOf("status", statusText, State.class);
    query.check();
    releases.find(id).orElseThrow(() -> new NotFound("Release " + id + " does not exist"));
    return deliveries.forRelease(id, status == null ? null : status.name()).stream().map(NotificationView::of).toList();
  }
}
