package org.relman.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.relman.shared.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notification outbox (table {@code notifications}). A milestone queues its deliveries in its own transaction; a
 * dispatcher claims one due delivery at a time with a lease, sends it outside any transaction, and records the outcome.
 * Claiming locks the candidate row with {@code FOR UPDATE SKIP LOCKED} (H2 2.x, MariaDB 10.6+, MySQL 8) and then sets
 * the lease only if nobody else holds it, so two relman nodes on one database never send the same delivery at once; a
 * node that dies while sending leaves the lease to expire, and another node sends it again (at least once).
 */
@Repository
class Deliveries {

  private static final String COLUMNS = "id, release_id, event, channel, target, subject, body, status, attempts,"
      + " created_at, next_attempt_at, last_attempt_at, delivered_at, last_error";
  private static final int MAX_ERROR = 2000;
  private static final int MAX_SUBJECT = 500;

  private final JdbcTemplate jdbc;

  Deliveries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Queues a delivery in the milestone's transaction: it exists exactly when the milestone commits. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void queue(long releaseId, MilestoneEvent event, NotificationRoutes.Target target, String subject, String body,
      Instant now) {
    jdbc.update("INSERT INTO notifications (release_id, event, channel, target, subject, body, status, attempts,"
            + " created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        releaseId, event.key(), target.channel().name(), target.address(), truncate(subject, MAX_SUBJECT), body,
        Delivery.PENDING, Db.param(now), Db.param(now));
  }

  /**
   * Claims the next due delivery for {@code node} until {@code now + lease}, in a transaction of its own; empty when
   * nothing is due or every due delivery is claimed by another node.
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public Optional<Delivery> claimNext(String node, Instant now, Duration lease) {
    String at = Db.param(now);
    List<Long> due = jdbc.queryForList("SELECT id FROM notifications WHERE status = ? AND next_attempt_at <= ?"
        + " AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
        Long.class, Delivery.PENDING, at, at);
    if (due.isEmpty()) {
      return Optional.empty();
    }
    long id = due.get(0);
    // the condition again: the lock alone does not stop a node that read the row before another's claim committed
    int claimed = jdbc.update("UPDATE notifications SET claimed_by = ?, claimed_until = ? WHERE id = ? AND status = ?"
        + " AND (claimed_until IS NULL OR claimed_until <= ?)", node, Db.param(now.plus(lease)), id, Delivery.PENDING, at);
    return claimed == 1 ? find(id) : Optional.empty();
  }

  /** Records a successful attempt; false when the lease was lost to another node meanwhile. */
  public boolean delivered(long id, String node, int attempts, Instant at) {
    return jdbc.update("UPDATE notifications SET status = ?, attempts = ?, last_attempt_at = ?, delivered_at = ?,"
            + " claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
        Delivery.DELIVERED, attempts, Db.param(at), Db.param(at), id, node) == 1;
  }

  /** Records a failed attempt: tried again at {@code nextAttempt}, or given up ({@code FAILED}) when that is null. */
  public boolean attemptFailed(long id, String node, int attempts, Instant at, String error, Instant nextAttempt) {
    return jdbc.update("UPDATE notifications SET status = ?, attempts = ?, last_attempt_at = ?, last_error = ?,"
            + " next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
        nextAttempt == null ? Delivery.FAILED : Delivery.PENDING, attempts, Db.param(at), truncate(error, MAX_ERROR),
        Db.param(nextAttempt == null ? at : nextAttempt), id, node) == 1;
  }

  /** How many deliveries are queued or waiting for a retry (the outbox's backlog). */
  public long pending() {
    Long count = jdbc.queryForObject("SELECT COUNT(*) FROM notifications WHERE status = ?", Long.class, Delivery.PENDING);
    return count == null ? 0 : count;
  }

  public Optional<Delivery> find(long id) {
    return jdbc.query("SELECT " + COLUMNS + " FROM notifications WHERE id = ?", Deliveries::map, id).stream().findFirst();
  }

  /** The release's deliveries, oldest first; {@code status} null for all. */
  public List<Delivery> forRelease(long releaseId, String status) {
    if (status == null) {
      return jdbc.query("SELECT " + COLUMNS + " FROM notifications WHERE release_id = ? ORDER BY id", Deliveries::map,
          releaseId);
    }
    return jdbc.query("SELECT " + COLUMNS + " FROM notifications WHERE release_id = ? AND status = ? ORDER BY id",
        Deliveries::map, releaseId, status);
  }

  private static Delivery map(ResultSet rs, int n) throws SQLException {
    return new Delivery(rs.getLong("id"), rs.getLong("release_id"), event(rs.getString("event")),
        Channel.valueOf(rs.getString("channel")), rs.getString("target"), rs.getString("subject"), rs.getString("body"),
        rs.getString("status"), rs.getInt("attempts"), Db.instant(rs, "created_at"), Db.instant(rs, "next_attempt_at"),
        Db.instant(rs, "last_attempt_at"), Db.instant(rs, "delivered_at"), rs.getString("last_error"));
  }

  private static MilestoneEvent event(String key) {
    return MilestoneEvent.valueOf(key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }

  /**
   * A webhook URL as the API and logs show it: scheme and host only. Slack's incoming-webhook URLs carry their secret
   * in the path, and everyone who may read a release may read its deliveries.
   */
  static String redact(String url) {
    try {
      java.net.URI uri = java.net.URI.create(url.strip());
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/…";
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    return "…";
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
