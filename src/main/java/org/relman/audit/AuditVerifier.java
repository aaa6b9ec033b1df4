package org.relman.audit;

import java.time.Instant;

import org.relman.Db;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/** Recomputes the whole chain from the first event and names the first event that does not fit. */
@Component
public class AuditVerifier {

  private final JdbcTemplate jdbc;

  AuditVerifier(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Verification verify() {
    Walk walk = new Walk();
    jdbc.query("SELECT seq, release_id, at, actor, action, details, prev_hash, hash FROM audit_events ORDER BY seq", walk);
    AuditLog.Head head = jdbc.queryForObject("SELECT seq, hash FROM audit_head WHERE id = 1",
        (rs, n) -> new AuditLog.Head(rs.getLong("seq"), rs.getString("hash")));
    long headSeq = head.seq();
    String headHash = head.hash();
    Long firstInvalid = walk.firstInvalid;
    if (firstInvalid == null && walk.lastSeq < headSeq) {
      // events were removed from the end of the chain
      firstInvalid = walk.lastSeq + 1;
    } else if (firstInvalid == null && walk.lastSeq > headSeq) {
      // events were added behind the head: the first of them does not belong
      firstInvalid = headSeq + 1;
    } else if (firstInvalid == null && !walk.lastHash.equals(headHash)) {
      // the last event was rewritten, hash and all: it no longer fits the head
      firstInvalid = walk.lastSeq;
    }
    return new Verification(firstInvalid == null, walk.events, headHash, firstInvalid);
  }

  private static final class Walk implements RowCallbackHandler {
    long events;
    long lastSeq;
    String lastHash = AuditChain.GENESIS;
    Long firstInvalid;

    @Override
    public void processRow(java.sql.ResultSet rs) throws java.sql.SQLException {
      events++;
      if (firstInvalid != null) {
        return;
      }
      long seq = rs.getLong("seq");
      long releaseId = rs.getLong("release_id");
      Long release = rs.wasNull() ? null : releaseId;
      Instant at = Db.instant(rs, "at");
      String expected = AuditChain.hash(lastHash, seq, at, release, rs.getString("actor"), rs.getString("action"), rs.getString("details"));
      if (seq != lastSeq + 1) {
        firstInvalid = lastSeq + 1;
      } else if (!lastHash.equals(rs.getString("prev_hash")) || !expected.equals(rs.getString("hash"))) {
        firstInvalid = seq;
      }
      lastSeq = seq;
      lastHash = rs.getString("hash");
    }
  }

  /** The API's answer to {@code GET /api/audit/verify}. */
  public record Verification(boolean valid, long events, String head, Long firstInvalidSeq) {}
}
