package org.relman.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relman.shared.Db;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends audited events to the chain. Every append locks the single {@code audit_head} row, so appends are
 * serialised and the chain never forks; the lock is held until the surrounding transaction commits, which is why
 * appending requires one.
 *
 * <p>The head row is the one place every audited transaction of every node passes through, so it is locked as late
 * as possible: the events of a transaction are collected and written together just before it commits (or earlier,
 * when the transaction reads the trail itself). They are still written in the transaction that made them and roll
 * back with it; only the time the head is held shrinks from the whole transaction (a task completion, a worker's
 * answer with the engine's work) to the last statements before the commit. With the lock taken at the first event,
 * two nodes ran 200 releases at about one a second; see docs/operations/cluster.md.
 */
@Component
public class AuditLog {

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final ObjectMapper json;

  AuditLog(JdbcTemplate jdbc, Clock clock, ObjectMapper json) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.json = json;
  }

  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void append(AuditedEvent event) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      write(List.of(event));
      return;
    }
    Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
    if (pending == null) {
      pending = new Pending();
      TransactionSynchronizationManager.bindResource(this, pending);
      Pending registered = pending;
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void beforeCommit(boolean readOnly) {
          writePending();
        }

        @Override
        public void afterCompletion(int status) {
          registered.closed = true;
          TransactionSynchronizationManager.unbindResourceIfPossible(AuditLog.this);
        }
      });
    }
    if (pending.closed) {
      // appended after this transaction's events were written (by another before-commit step): write it at once
      write(List.of(event));
    } else {
      pending.events.add(event);
    }
  }

  /** Writes the events this transaction has appended so far, so that it reads its own trail. */
  private void writePending() {
    Pending pending = TransactionSynchronizationManager.isSynchronizationActive()
        ? (Pending) TransactionSynchronizationManager.getResource(this) : null;
    if (pending != null && !pending.events.isEmpty()) {
      List<AuditedEvent> events = List.copyOf(pending.events);
      pending.events.clear();
      write(events);
    }
  }

  private void write(List<AuditedEvent> events) {
    Head head = jdbc.queryForObject("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE",
        (rs, n) -> new Head(rs.getLong("seq"), rs.getString("hash")));
    long seq = head.seq();
    String previous = head.hash();
    Instant at = Db.now(clock);
    for (AuditedEvent event : events) {
      seq++;
      String details = AuditChain.canonicalDetails(event.details());
      String hash = AuditChain.hash(previous, seq, at, event.releaseId(), event.actor(), event.action(), details);
      jdbc.update("INSERT INTO audit_events (seq, release_id, at, actor, action, details, prev_hash, hash)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", seq, event.releaseId(), Db.param(at), event.actor(), event.action(),
          details, previous, hash);
      previous = hash;
    }
    jdbc.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, previous);
  }

  /** The events of one transaction not written yet. */
  private static final class Pending {
    final List<AuditedEvent> events = new ArrayList<>();
    boolean closed;
  }

  public List<Entry> forRelease(long releaseId) {
    writePending();
    return jdbc.query("SELECT seq, at, actor, action, details, hash FROM audit_events WHERE release_id = ? ORDER BY seq",
        (rs, n) -> new Entry(rs.getLong("seq"), Db.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
            parse(rs.getString("details")), rs.getString("hash")),
        releaseId);
  }

  /** The release's latest {@code limit} events, oldest first: what a page shows of a trail of any length. */
  public List<Entry> latestForRelease(long releaseId, int limit) {
    writePending();
    List<Entry> latest = new java.util.ArrayList<>(jdbc.query("SELECT seq, at, actor, action, details, hash"
            + " FROM audit_events WHERE release_id = ? ORDER BY seq DESC LIMIT ?",
        (rs, n) -> new Entry(rs.getLong("seq"), Db.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
            parse(rs.getString("details")), rs.getString("hash")),
        releaseId, limit));
    java.util.Collections.reverse(latest);
    return latest;
  }

  private JsonNode parse(String details) {
    try {
      return json.readTree(details);
    } catch (java.io.IOException e) {
      // a row edited behind relman's back: show it as it is, verify will name it
      return json.getNodeFactory().textNode(details);
    }
  }

  /** The chain's last event as {@code audit_head} records it: its sequence number and hash. */
  public Head head() {
    writePending();
    return jdbc.queryForObject("SELECT seq, hash FROM audit_head WHERE id = 1",
        (rs, n) -> new Head(rs.getLong("seq"), rs.getString("hash")));
  }

  /** The head of the chain: the sequence number and hash of its last event. */
  public record Head(long seq, String hash) {}

  /** One audit event as the API shows it. */
  public record Entry(long seq, Instant at, String actor, String action, JsonNode details, String hash) {}
}
