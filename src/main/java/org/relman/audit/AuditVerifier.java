package org.relman.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.relman.shared.Db;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Recomputes the whole chain from the first event and names the first event that does not fit.
 *
 * <p>It streams: events are read in keyset pages ({@code WHERE seq > ? ORDER BY seq LIMIT n}), so memory holds one page
 * whatever the length of the chain. A single query would not do: MySQL Connector/J reads a whole result set into
 * memory unless told otherwise in driver-specific ways, and H2 and Connector/J disagree on how. Pages also hold no
 * transaction open for the length of the walk.
 *
 * <p>Appends may commit while the walk runs. An append commits its event and the head together, and each page and
 * the head are read by separate statements (READ COMMITTED): a head read after the walk that is beyond the last event
 * read means events committed meanwhile, which are visible by then, so the walk goes on to them. An event beyond a
 * head read after it was not appended by relman.
 */
@Component
public class AuditVerifier {

  private static final String PAGE = "SELECT seq, release_id, at, actor, action, details, prev_hash, hash FROM audit_events"
      + " WHERE seq > ? ORDER BY seq LIMIT ?";

  private final JdbcTemplate jdbc;
  private final int pageSize;

  @Autowired
  AuditVerifier(JdbcTemplate jdbc, AuditProperties properties) {
    this(jdbc, properties.verifyPageSize());
  }

  /** A verifier reading {@code pageSize} events per query (the benchmark builds one outside Spring). */
  public AuditVerifier(JdbcTemplate jdbc, int pageSize) {
    this.jdbc = jdbc;
    this.pageSize = pageSize;
  }

  public Verification verify() {
    // one hashing thread per walk: CompletableFuture's default pool has no thread to spare on two cores and would
    // start a thread per page
    ExecutorService hasher = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "relman-audit-verify");
      thread.setDaemon(true);
      return thread;
    });
    try {
      return verify(new Walk(hasher));
    } finally {
      hasher.shutdownNow();
    }
  }

  private Verification verify(Walk walk) {
    walk.readToEnd();
    AuditLog.Head head = head();
    while (head.seq() > walk.lastSeq && walk.readToEnd()) {
      head = head();
    }
    Long firstInvalid = walk.firstInvalid;
    if (firstInvalid == null && walk.lastSeq < head.seq()) {
      // events were removed from the end of the chain
      firstInvalid = walk.lastSeq + 1;
    } else if (firstInvalid == null && walk.lastSeq > head.seq()) {
      // events were added behind the head: the first of them does not belong
      firstInvalid = head.seq() + 1;
    } else if (firstInvalid == null && !walk.lastHash.equals(head.hash())) {
      // the last event was rewritten, hash and all: it no longer fits the head
      firstInvalid = walk.lastSeq;
    }
    return new Verification(firstInvalid == null, walk.events, head.hash(), firstInvalid);
  }

  private AuditLog.Head head() {
    return jdbc.queryForObject("SELECT seq, hash FROM audit_head WHERE id = 1",
        (rs, n) -> new AuditLog.Head(rs.getLong("seq"), rs.getString("hash")));
  }

  /** One stored event, as read. */
  private record Row(long seq, Long releaseId, Instant at, String actor, String action, String details, String prevHash,
      String hash) {
    boolean hashFits() {
      return AuditChain.hash(prevHash, seq, at, releaseId, actor, action, details).equals(hash);
    }
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    long releaseId = rs.getLong(2);
    Long release = rs.wasNull() ? null : releaseId;
    return new Row(rs.getLong(1), release, Db.instant(rs, "at"), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
  }

  /**
   * Walks the chain page by page. The order checks (each seq follows the last, each prev_hash is the last hash) run
   * as pages arrive; recomputing the hashes, the costly part, runs on another thread while the next page is read, so
   * memory holds at most two pages. A hash is recomputed from the event's own prev_hash: when that differs from the
   * last hash, the order check has named the event already.
   */
  private final class Walk {
    long events;
    long lastSeq;
    String lastHash = AuditChain.GENESIS;
    /** The first event that does not fit among the pages whose hashes are checked. */
    Long firstInvalid;
    /** The keyset cursor: the last seq read. Starts below any seq, so a forged seq 0 or less is read (and named) too. */
    long cursor = Long.MIN_VALUE;
    /** The page being hashed: the first event that does not fit in it, or null. */
    CompletableFuture<Long> hashing;
    private final ExecutorService hasher;

    Walk(ExecutorService hasher) {
      this.hasher = hasher;
    }

    /** Reads pages until one comes back short; true when it read at least one event. */
    boolean readToEnd() {
      long before = events;
      while (true) {
        List<Row> page = jdbc.query(PAGE, AuditVerifier::row, cursor, pageSize);
        if (!page.isEmpty()) {
          cursor = page.get(page.size() - 1).seq();
        }
        events += page.size();
        check(page);
        if (page.size() < pageSize) {
          settle();
          return events > before;
        }
      }
    }

    private void check(List<Row> page) {
      // the position of the first event out of order in this page, and the seq it names
      int outOfOrder = page.size();
      Long named = null;
      for (int i = 0; i < page.size(); i++) {
        Row row = page.get(i);
        if (named == null && row.seq() != lastSeq + 1) {
          outOfOrder = i;
          named = lastSeq + 1;
        } else if (named == null && !lastHash.equals(row.prevHash())) {
          outOfOrder = i;
          named = row.seq();
        }
        lastSeq = row.seq();
        lastHash = row.hash();
      }
      settle();
      if (firstInvalid != null || page.isEmpty()) {
        return;
      }
      int checked = outOfOrder;
      Long orderNamed = named;
      hashing = CompletableFuture.supplyAsync(() -> {
        for (int i = 0; i < checked; i++) {
          if (!page.get(i).hashFits()) {
            return page.get(i).seq();
          }
        }
        return orderNamed;
      }, hasher);
    }

    /** Waits for the page being hashed. */
    private void settle() {
      if (hashing != null) {
        Long named = hashing.join();
        hashing = null;
        if (firstInvalid == null) {
          firstInvalid = named;
        }
      }
    }
  }

  /** The API's answer to {@code GET /api/audit/verify}. */
  public record Verification(boolean valid, long events, String head, Long firstInvalidSeq) {}
}
