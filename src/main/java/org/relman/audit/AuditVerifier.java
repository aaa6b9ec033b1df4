package org.relman.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

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
    Walk walk = new Walk();
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

  private final class Walk {
    long events;
    long lastSeq;
    String lastHash = AuditChain.GENESIS;
    Long firstInvalid;
    /** The keyset cursor: the last seq read. Starts below any seq, so a forged seq 0 or less is read (and named) too. */
    long cursor = Long.MIN_VALUE;

    /** Reads pages until one comes back short; true when it read at least one event. */
    boolean readToEnd() {
      long before = events;
      while (true) {
        long pageStart = events;
        jdbc.query(PAGE, (org.springframework.jdbc.core.RowCallbackHandler) this::check, cursor, pageSize);
        if (events - pageStart < pageSize) {
          return events > before;
        }
      }
    }

    private void check(ResultSet rs) throws SQLException {
      events++;
      long seq = rs.getLong("seq");
      cursor = seq;
      if (firstInvalid != null) {
        lastSeq = seq;
        return;
      }
      long releaseId = rs.getLong("release_id");
      Long release = rs.wasNull() ? null : releaseId;
      Instant at = Db.instant(rs, "at");
      String hash = rs.getString("hash");
      if (seq != lastSeq + 1) {
        firstInvalid = lastSeq + 1;
      } else if (!lastHash.equals(rs.getString("prev_hash"))
          || !AuditChain.hash(lastHash, seq, at, release, rs.getString("actor"), rs.getString("action"),
              rs.getString("details")).equals(hash)) {
        firstInvalid = seq;
      }
      lastSeq = seq;
      lastHash = hash;
    }
  }

  /** The API's answer to {@code GET /api/audit/verify}. */
  public record Verification(boolean valid, long events, String head, Long firstInvalidSeq) {}
}
