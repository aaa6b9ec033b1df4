package org.relman.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.relman.testing.Api;
import org.relman.testing.AuditTriggers;
import org.relman.testing.RelmanTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database itself keeps the audit trail append-only (migration V6: {@link AppendOnlyTrigger} on H2), and
 * verification, which reads the chain in pages, names the first bad event wherever a page boundary falls.
 */
class AuditAppendOnlyTest extends RelmanTestBase {

  @Autowired
  AuditLog auditLog;
  @Autowired
  PlatformTransactionManager transactions;

  @Test
  void databaseRefusesToUpdateAnAuditEvent() {
    long seq = eventsOfANewRelease().get(0);
    String details = details(seq);

    assertThatThrownBy(() -> jdbc.update("UPDATE audit_events SET details = '{}' WHERE seq = ?", seq))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("audit_events is append-only: UPDATE of audit events is refused");
    assertThat(details(seq)).isEqualTo(details);
  }

  @Test
  void databaseRefusesToDeleteAnAuditEvent() {
    long seq = eventsOfANewRelease().get(0);
    long events = count("audit_events");

    assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_events WHERE seq = ?", seq))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("audit_events is append-only: DELETE of audit events is refused");
    assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_events"))
        .hasMessageContaining("DELETE of audit events is refused");
    assertThat(count("audit_events")).isEqualTo(events);
    assertThat(verify().get("valid").asBoolean()).isTrue();
  }

  @Test
  void databaseRefusesToDeleteOrRewindTheChainHead() {
    eventsOfANewRelease();
    long head = headSeq();

    assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_head"))
        .hasMessageContaining("audit_head cannot be deleted");
    assertThatThrownBy(() -> jdbc.update("UPDATE audit_head SET seq = seq - 1"))
        .hasMessageContaining("audit_head only moves forward");
    assertThatThrownBy(() -> jdbc.update("UPDATE audit_head SET seq = seq, hash = ?", AuditChain.GENESIS))
        .hasMessageContaining("audit_head only moves forward");
    assertThat(headSeq()).isEqualTo(head);
    assertThat(verify().get("valid").asBoolean()).isTrue();
  }

  @Test
  void appendsStillWorkWithTheTriggersInPlace() {
    long before = headSeq();

    List<Long> seqs = eventsOfANewRelease();

    assertThat(seqs.get(0)).isGreaterThan(before);
    assertThat(headSeq()).isGreaterThanOrEqualTo(seqs.get(seqs.size() - 1));
    assertThat(verify().get("valid").asBoolean()).isTrue();
  }

  @Test
  void swappedSeqsOfTwoEventsAreFoundAtTheFirstOfThem() {
    List<Long> seqs = eventsOfANewRelease();
    long first = seqs.get(0);
    long second = seqs.get(1);
    try {
      AuditTriggers.without(jdbc, () -> swap(first, second));

      JsonNode verification = verify();

      assertThat(verification.get("valid").asBoolean()).isFalse();
      assertThat(verification.get("firstInvalidSeq").asLong()).isEqualTo(first);
    } finally {
      AuditTriggers.without(jdbc, () -> swap(first, second));
    }
    assertThat(verify().get("valid").asBoolean()).as("restored").isTrue();
  }

  @Test
  void alteredEventIsNamedWhereverThePageBoundaryFalls() {
    eventsOfANewRelease();
    long last = headSeq();
    // a small page size, so the chain spans many pages; the altered event is the first, the last, and the one right
    // after a page boundary (and right before it)
    int pageSize = 4;
    long afterBoundary = (last / pageSize - 1) * pageSize + 1;
    for (long seq : List.of(1L, afterBoundary - 1, afterBoundary, last)) {
      String details = details(seq);
      try {
        AuditTriggers.without(jdbc, () -> jdbc.update("UPDATE audit_events SET details = ? WHERE seq = ?",
            "{\"tampered\":true}", seq));

        for (int size : List.of(1, pageSize, 1000)) {
          AuditVerifier.Verification verification = new AuditVerifier(jdbc, size).verify();
          assertThat(verification.valid()).as("seq %s, page size %s", seq, size).isFalse();
          assertThat(verification.firstInvalidSeq()).as("seq %s, page size %s", seq, size).isEqualTo(seq);
          assertThat(verification.events()).isEqualTo(count("audit_events"));
        }
      } finally {
        AuditTriggers.without(jdbc, () -> jdbc.update("UPDATE audit_events SET details = ? WHERE seq = ?", details, seq));
      }
    }
    assertThat(new AuditVerifier(jdbc, pageSize).verify().valid()).as("restored").isTrue();
  }

  @Test
  void eventRemovedRightAfterAPageBoundaryIsNamed() {
    eventsOfANewRelease();
    long last = headSeq();
    int pageSize = 3;
    long afterBoundary = (last / pageSize - 1) * pageSize + 1;
    var row = jdbc.queryForMap("SELECT * FROM audit_events WHERE seq = ?", afterBoundary);
    try {
      AuditTriggers.without(jdbc, () -> jdbc.update("DELETE FROM audit_events WHERE seq = ?", afterBoundary));

      AuditVerifier.Verification verification = new AuditVerifier(jdbc, pageSize).verify();

      assertThat(verification.valid()).isFalse();
      assertThat(verification.firstInvalidSeq()).isEqualTo(afterBoundary);
      assertThat(verification.events()).isEqualTo(count("audit_events"));
    } finally {
      jdbc.update("INSERT INTO audit_events (seq, release_id, at, actor, action, details, prev_hash, hash)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row.get("SEQ"), row.get("RELEASE_ID"), row.get("AT"), row.get("ACTOR"),
          row.get("ACTION"), row.get("DETAILS"), row.get("PREV_HASH"), row.get("HASH"));
    }
    assertThat(new AuditVerifier(jdbc, pageSize).verify().valid()).as("restored").isTrue();
  }

  @Test
  void chainWhoseLengthIsAMultipleOfThePageSizeIsValid() {
    eventsOfANewRelease();
    long events = count("audit_events");

    for (long size : List.of(events, events / 2, 1L)) {
      if (size > 0 && events % size == 0) {
        AuditVerifier.Verification verification = new AuditVerifier(jdbc, (int) size).verify();
        assertThat(verification.valid()).as("page size %s", size).isTrue();
        assertThat(verification.events()).isEqualTo(events);
      }
    }
  }

  @Test
  void eventsAppendedWhileVerifyingAreNotMistakenForTampering() {
    eventsOfANewRelease();
    int pageSize = 2;
    AtomicInteger appended = new AtomicInteger();
    // relman appending while the walk runs: after a full page, and after the last (short) page, before the head is read
    JdbcTemplate appendingMeanwhile = new JdbcTemplate(jdbc.getDataSource()) {
      @Override
      public <T> java.util.List<T> query(String sql, org.springframework.jdbc.core.RowMapper<T> mapper, Object... args) {
        java.util.List<T> page = super.query(sql, mapper, args);
        if (sql.contains("FROM audit_events") && (appended.get() == 0 || page.size() < pageSize && appended.get() == 1)) {
          appended.incrementAndGet();
          new TransactionTemplate(transactions).executeWithoutResult(status -> auditLog.append(new AuditedEvent() {
            public Long releaseId() {
              return null;
            }

            public String action() {
              return "test.appended";
            }

            public Map<String, Object> details() {
              return Map.of("note", "appended while verifying");
            }
          }));
        }
        return page;
      }
    };

    AuditVerifier.Verification verification = new AuditVerifier(appendingMeanwhile, pageSize).verify();

    assertThat(appended.get()).as("appended after the first and after the last page").isEqualTo(2);
    assertThat(verification.valid()).as("%s", verification).isTrue();
    assertThat(verification.events()).isEqualTo(count("audit_events"));
    assertThat(verification.head()).isEqualTo(jdbc.queryForObject("SELECT hash FROM audit_head", String.class));
  }

  /** Moves the event at {@code a} to {@code b} and back: its order in the chain, not its content, changes. */
  private void swap(long a, long b) {
    jdbc.update("UPDATE audit_events SET seq = ? WHERE seq = ?", -a, a);
    jdbc.update("UPDATE audit_events SET seq = ? WHERE seq = ?", a, b);
    jdbc.update("UPDATE audit_events SET seq = ? WHERE seq = ?", b, -a);
  }

  private List<Long> eventsOfANewRelease() {
    long id = requestRelease("erin", version("2026.12"), repository(2));
    workers().run("collect-change-set", id);
    List<Long> seqs = jdbc.queryForList("SELECT seq FROM audit_events WHERE release_id = ? ORDER BY seq", Long.class, id);
    assertThat(seqs).hasSizeGreaterThanOrEqualTo(3);
    return seqs;
  }

  private String details(long seq) {
    return jdbc.queryForObject("SELECT details FROM audit_events WHERE seq = ?", String.class, seq);
  }

  private long headSeq() {
    return jdbc.queryForObject("SELECT seq FROM audit_head WHERE id = 1", Long.class);
  }

  private JsonNode verify() {
    Api.Response response = api("frank").get("/api/audit/verify");
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    return response.json();
  }
}
